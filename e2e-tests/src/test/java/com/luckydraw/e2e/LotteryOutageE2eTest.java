package com.luckydraw.e2e;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.infra.process.Service;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reply that never comes: lottery-service is down, so the allocation step of a paid order gets no answer. The
 * saga sends AllocateShares again each step timeout, escalates the order after the last attempt (ESCALATED: paid,
 * no shares, listed for operators), voids the allocation request after void-after, and completes the order when
 * lottery-service is back and answers the commands that waited on its topic, the void with the allocation it made.
 */
@E2eTest
class LotteryOutageE2eTest {

    private static final long PRICE = 1_00;

    @Test
    void anAllocationWithoutReplyIsRetriedEscalatedThenVoidedAndCompletesWhenLotteryIsBack(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(20_00);
        long round = operators.roundOf(100, PRICE);
        PurchaseRequested request;
        var attemptsSeenWhilePaid = new AtomicInteger();

        system.services.stop(Service.LOTTERY);
        try {
            request = system.purchases.publish(Purchases.request(user, round, 2, PRICE, PaymentMethod.MONEY));

            // Retries: the paid order's AllocateShares is sent again after each step timeout.
            Duration untilEscalation = E2eSystem.STEP_TIMEOUT.multipliedBy(E2eSystem.MAX_ATTEMPTS + 2)
                    .plus(Orders.SAGA);
            TestDatabases.Order escalated = await("order escalated").atMost(untilEscalation)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        var order = Orders.now(system, request).orElse(null);
                        if (order != null && order.status().equals("PAID")) {
                            attemptsSeenWhilePaid.accumulateAndGet(order.stepAttempts(), Math::max);
                        }
                        return order;
                    }, o -> o != null && o.status().equals("ESCALATED"));
            assertThat(attemptsSeenWhilePaid.get()).as("allocation attempts seen while PAID").isGreaterThan(1);
            // Escalated: the allocation's attempts are spent, the void of the allocation counts its own from zero.
            assertThat(escalated.stepAttempts()).as("attempts of the void, due later").isZero();
            // Paid once, no shares yet: nothing is lost while it waits.
            assertThat(system.read.ledger(request.bizId(), request.posId()))
                    .containsExactly(new TestDatabases.LedgerEntry("DEBIT", user, 2 * PRICE));
            assertThat(system.read.allocation(request.bizId(), request.posId())).isEmpty();
            // Operators see it where order-service lists the orders that need them.
            assertThat(operators.stuckOrders().valueStream()
                    .filter(o -> o.path("orderId").asString().equals(request.orderId().toString())))
                    .singleElement().satisfies(o -> {
                        assertThat(o.path("status").asString()).isEqualTo("ESCALATED");
                        assertThat(o.path("stepAttempts").asInt()).as("the void's attempts, due later").isZero();
                    });
            // After void-after the saga voids the allocation request itself, and sends the void again while the
            // lottery does not answer: the order's way out needs no operator.
            await("the allocation request voided").atMost(E2eSystem.VOID_AFTER.plus(Orders.SAGA))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Orders.now(system, request).orElseThrow(),
                            o -> o.status().equals("ESCALATED") && o.stepAttempts() >= 1);
        } finally {
            system.services.start(Service.LOTTERY);
        }

        // Back, the lottery applies the allocation request waiting on its partition, then the void behind it, which
        // it answers with that allocation: the order completes, paid once, its shares allocated once.
        TestDatabases.Order order = Orders.inStatus(system, request, Set.of("COMPLETED", "CANCELLED"), Orders.SAGA);
        assertThat(order.status()).isEqualTo("COMPLETED");
        assertThat(system.read.statusHistory(request.bizId(), request.posId()))
                .containsSubsequence("PAID", "ESCALATED", "COMPLETED");
        assertThat(system.read.ledger(request.bizId(), request.posId()))
                .containsExactly(new TestDatabases.LedgerEntry("DEBIT", user, 2 * PRICE));
        assertThat(system.read.allocation(request.bizId(), request.posId()))
                .hasValueSatisfying(a -> assertThat(a.shares()).isEqualTo(2));
        assertThat(system.read.round(round).soldShares()).isEqualTo(2);
    }
}

package com.luckydraw.e2e;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One purchase at a time through the whole saga: request, debit, allocation, and the ways it can end. */
@E2eTest
class PurchaseSagaE2eTest {

    private static final long PRICE = 1_00;

    @Test
    void aPaidPurchaseIsDebitedOnceAndGetsItsShares(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(100_00);
        long round = operators.roundOf(100, PRICE);

        PurchaseRequested request = system.purchases.publish(Purchases.request(user, round, 3, PRICE,
                PaymentMethod.MONEY));

        TestDatabases.Order order = Orders.ended(system, request);
        assertThat(order.status()).isEqualTo("COMPLETED");
        assertThat(system.read.orders(request.bizId(), request.posId())).hasSize(1);
        assertThat(system.read.ledger(request.bizId(), request.posId()))
                .containsExactly(new TestDatabases.LedgerEntry("DEBIT", user, 3 * PRICE));
        assertThat(system.read.balance(user)).isEqualTo(100_00 - 3 * PRICE);
        assertThat(system.read.allocation(request.bizId(), request.posId())).hasValueSatisfying(a -> {
            assertThat(a.roundId()).isEqualTo(round);
            assertThat(a.userId()).isEqualTo(user);
            assertThat(a.shares()).isEqualTo(3);
            assertThat(a.lastNumber() - a.firstNumber() + 1).isEqualTo(3);
        });
        assertThat(system.read.round(round).soldShares()).isEqualTo(3);
    }

    @Test
    void aPurchaseBeyondTheBalanceIsCancelledAndAllocatesNothing(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(4_00);
        long round = operators.roundOf(100, PRICE);

        PurchaseRequested request = system.purchases.publish(Purchases.request(user, round, 5, PRICE,
                PaymentMethod.MONEY));

        TestDatabases.Order order = Orders.ended(system, request);
        assertThat(order.status()).isEqualTo("CANCELLED");
        assertThat(order.cancelReason()).contains("INSUFFICIENT_FUNDS");
        assertThat(system.read.ledger(request.bizId(), request.posId())).isEmpty();
        assertThat(system.read.balance(user)).isEqualTo(4_00);
        assertThat(system.read.allocation(request.bizId(), request.posId())).isEmpty();
        assertThat(system.read.round(round).soldShares()).isZero();
    }

    @Test
    void aPurchaseWithFreeTriesCompletesAndLeavesTheMoneyAlone(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(10_00);
        long round = operators.roundOf(100, PRICE);

        PurchaseRequested request = system.purchases.publish(Purchases.request(user, round, 2, PRICE,
                PaymentMethod.FREE_TRIES));

        TestDatabases.Order order = Orders.ended(system, request);
        assertThat(order.status()).isEqualTo("COMPLETED");
        assertThat(order.amount()).isZero();
        assertThat(system.read.ledger(request.bizId(), request.posId()))
                .containsExactly(new TestDatabases.LedgerEntry("FREE_TRY_SPEND", user, 2));
        assertThat(system.read.balance(user)).isEqualTo(10_00);
        assertThat(system.read.allocation(request.bizId(), request.posId()))
                .hasValueSatisfying(a -> assertThat(a.shares()).isEqualTo(2));
    }
}

package com.luckydraw.e2e;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** More demand than a round has shares: the round sells out exactly, and everyone else gets their money back once. */
@E2eTest
class SoldOutE2eTest {

    private static final long PRICE = 1_00;
    private static final int SHARES = 10;
    private static final int BUYERS = 8;
    private static final int EACH = 2;
    private static final long BALANCE = 10_00;

    @Test
    void demandBeyondTheRoundIsCancelledAndRefundedExactlyOnce(E2eSystem system) {
        var operators = new Operators(system);
        long round = operators.roundOf(SHARES, PRICE);
        List<PurchaseRequested> requests = new ArrayList<>();
        for (int i = 0; i < BUYERS; i++) {
            requests.add(Purchases.request(operators.walletWith(BALANCE), round, EACH, PRICE, PaymentMethod.MONEY));
        }

        requests.forEach(system.purchases::publish);

        Map<String, List<PurchaseRequested>> byStatus = requests.stream()
                .collect(Collectors.groupingBy(r -> Orders.ended(system, r).status()));
        List<PurchaseRequested> completed = byStatus.getOrDefault("COMPLETED", List.of());
        List<PurchaseRequested> cancelled = byStatus.getOrDefault("CANCELLED", List.of());
        assertThat(completed).hasSize(SHARES / EACH);
        assertThat(cancelled).hasSize(BUYERS - SHARES / EACH);

        TestDatabases.Round sold = system.read.round(round);
        assertThat(sold.soldShares()).isEqualTo(SHARES);
        assertThat(sold.status()).isIn("SOLD_OUT", "DRAWN");
        for (PurchaseRequested request : completed) {
            assertThat(system.read.ledger(request.bizId(), request.posId()))
                    .containsExactly(new TestDatabases.LedgerEntry("DEBIT", request.userId(), EACH * PRICE));
            assertThat(system.read.balance(request.userId())).isEqualTo(BALANCE - EACH * PRICE);
        }
        for (PurchaseRequested request : cancelled) {
            assertThat(Orders.now(system, request).orElseThrow().cancelReason()).isNotBlank();
            assertThat(system.read.ledger(request.bizId(), request.posId())).containsExactly(
                    new TestDatabases.LedgerEntry("DEBIT", request.userId(), EACH * PRICE),
                    new TestDatabases.LedgerEntry("REFUND", request.userId(), EACH * PRICE));
            assertThat(system.read.balance(request.userId())).isEqualTo(BALANCE);
            assertThat(system.read.allocation(request.bizId(), request.posId())).isEmpty();
        }

        // A sold-out round is drawn: the winner holds one of the round's numbers.
        var draw = await("draw of round " + round).atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> operators.draw(round), d -> d.has("winningNumber"));
        assertThat(completed.stream().map(PurchaseRequested::userId)).contains(draw.path("winnerUserId").asString());
    }
}

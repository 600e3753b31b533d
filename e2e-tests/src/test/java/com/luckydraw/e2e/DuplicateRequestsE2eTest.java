package com.luckydraw.e2e;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A terminal that resends: the same purchase arrives several times, at the same moment, from several producers. */
@E2eTest
class DuplicateRequestsE2eTest {

    private static final long PRICE = 1_00;
    private static final int COPIES = 5;

    @Test
    void theSamePurchasePublishedFiveTimesAtOnceMakesOneOrderOneDebitOneAllocation(E2eSystem system) throws Exception {
        var operators = new Operators(system);
        String user = operators.walletWith(50_00);
        long round = operators.roundOf(100, PRICE);
        PurchaseRequested original = Purchases.request(user, round, 4, PRICE, PaymentMethod.MONEY);

        List<PurchaseRequested> copies = new ArrayList<>();
        for (int i = 0; i < COPIES; i++) {
            copies.add(Purchases.resend(original));
        }
        assertThat(copies.stream().map(PurchaseRequested::messageId).distinct()).hasSize(COPIES);
        List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
        for (int i = 0; i < COPIES; i++) {
            producers.add(Purchases.producer(system.bootstrap));
        }
        ExecutorService threads = Executors.newFixedThreadPool(COPIES);
        var gate = new CountDownLatch(1);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < COPIES; i++) {
                var producer = producers.get(i);
                var copy = copies.get(i);
                sent.add(threads.submit(() -> {
                    gate.await();
                    system.purchases.send(producer, copy);
                    return null;
                }));
            }
            gate.countDown();
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
            producers.forEach(KafkaProducer::close);
        }

        TestDatabases.Order order = Orders.ended(system, original);
        assertThat(order.status()).isEqualTo("COMPLETED");
        assertThat(system.read.orders(original.bizId(), original.posId())).hasSize(1);
        assertThat(system.read.ledger(original.bizId(), original.posId()))
                .containsExactly(new TestDatabases.LedgerEntry("DEBIT", user, 4 * PRICE));
        assertThat(system.read.balance(user)).isEqualTo(50_00 - 4 * PRICE);
        assertThat(system.read.allocation(original.bizId(), original.posId()))
                .hasValueSatisfying(a -> assertThat(a.shares()).isEqualTo(4));
        assertThat(system.read.round(round).soldShares()).isEqualTo(4);
    }
}

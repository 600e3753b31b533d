package com.luckydraw.wallet.debit;

import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debits decided together in one transaction (what a consumed Kafka batch does) give exactly the outcomes of the
 * same debits one at a time, and racing batches on one wallet never overdraw it or apply a key twice.
 */
@WalletIntegrationTest
class DebitBatchIT {

    @Autowired DebitingWallet debiting;
    @Autowired TestWallets wallets;
    @Autowired PlatformTransactionManager transactions;

    /** One purchase after another, with the repeats and mistakes a batch can hold. */
    private static List<DebitCommand> mixedDebits(UserId user, String tag) {
        RequestKey a = TestWallets.key(tag + "-a");
        RequestKey b = TestWallets.key(tag + "-b");
        RequestKey c = TestWallets.key(tag + "-c");
        UUID order = UUID.randomUUID();
        return List.of(
                DebitCommand.money(a, order, user, 100, "CNY"),
                DebitCommand.money(b, UUID.randomUUID(), user, 100, "CNY"),
                DebitCommand.money(c, UUID.randomUUID(), user, 100, "CNY"), // 50 left: insufficient
                DebitCommand.money(a, order, user, 100, "CNY"), // a resend: the first outcome again
                DebitCommand.money(a, order, user, 70, "CNY"), // the key for another request: conflict
                DebitCommand.money(c, UUID.randomUUID(), user, 100, "CNY"), // rejected once, rejected again
                DebitCommand.money(TestWallets.key(tag + "-d"), UUID.randomUUID(),
                        new UserId(TestWallets.unique("nobody")), 10, "CNY"),
                DebitCommand.money(TestWallets.key(tag + "-e"), UUID.randomUUID(), user, 50, "CNY"));
    }

    private List<DebitOutcome> inOneTransaction(List<DebitCommand> commands) {
        return new TransactionTemplate(transactions).execute(status -> debiting.debitAllInCurrentTransaction(commands));
    }

    /** What a caller sees of an outcome, without its times and user. */
    private static String shape(DebitOutcome outcome) {
        if (outcome instanceof DebitOutcome.Debited d) {
            return "debited " + d.amount() + " -> " + d.balanceAfter() + (d.replayed() ? " (repeat)" : "");
        }
        DebitOutcome.Rejected r = (DebitOutcome.Rejected) outcome;
        return "rejected " + r.reason() + (r.replayed() ? " (repeat)" : "");
    }

    @Test
    void aBatchDecidesEachDebitAgainstTheOnesBeforeItExactlyAsOneAtATime() {
        UserId batched = wallets.open("batched", 250);
        UserId single = wallets.open("single", 250);

        List<String> together = inOneTransaction(mixedDebits(batched, "together")).stream()
                .map(DebitBatchIT::shape).toList();
        List<String> oneByOne = mixedDebits(single, "alone").stream().map(debiting::debit)
                .map(DebitBatchIT::shape).toList();

        assertThat(together).containsExactly(
                "debited 100 -> 150",
                "debited 100 -> 50",
                "rejected " + DebitRejection.INSUFFICIENT_FUNDS,
                "debited 100 -> 150 (repeat)",
                "rejected " + DebitRejection.IDEMPOTENCY_CONFLICT,
                "rejected " + DebitRejection.INSUFFICIENT_FUNDS + " (repeat)",
                "rejected " + DebitRejection.UNKNOWN_WALLET,
                "debited 50 -> 0");
        assertThat(together).isEqualTo(oneByOne);
        assertThat(wallets.balance(batched)).isZero().isEqualTo(wallets.balance(single));
        assertThat(wallets.entries(batched, "DEBIT")).isEqualTo(3);
        assertThat(wallets.ledgerSum(batched)).isEqualTo(wallets.balance(batched));
    }

    @Test
    void aBatchThatFailsWritesNothingAndItsRedeliveryAppliesEachDebitOnce() {
        UserId user = wallets.open("redelivered", 300);
        List<DebitCommand> debits = List.of(
                DebitCommand.money(TestWallets.key("first"), UUID.randomUUID(), user, 100, "CNY"),
                DebitCommand.money(TestWallets.key("second"), UUID.randomUUID(), user, 100, "CNY"));
        TransactionTemplate tx = new TransactionTemplate(transactions);

        tx.executeWithoutResult(status -> {
            debiting.debitAllInCurrentTransaction(debits);
            status.setRollbackOnly(); // the batch's transaction fails after the debits were written
        });
        assertThat(wallets.balance(user)).isEqualTo(300);

        List<DebitOutcome> redelivered = inOneTransaction(debits);
        List<DebitOutcome> again = inOneTransaction(debits);

        assertThat(redelivered).map(DebitBatchIT::shape).containsExactly("debited 100 -> 200", "debited 100 -> 100");
        assertThat(again).map(DebitBatchIT::shape)
                .containsExactly("debited 100 -> 200 (repeat)", "debited 100 -> 100 (repeat)");
        assertThat(wallets.balance(user)).isEqualTo(100).isEqualTo(wallets.ledgerSum(user));
    }

    @Test
    void batchesRacingOnOneWalletNeverOverdrawItNorApplyAKeyTwice() throws Exception {
        long initial = 1_000;
        long price = 30; // 33 of the debits fit
        int threads = 8;
        int perBatch = 10;
        UserId user = wallets.open("batch-race", initial);
        // Each thread sends its own keys, plus two keys every thread sends: those must be applied once in all.
        List<RequestKey> shared = List.of(TestWallets.key("shared-0"), TestWallets.key("shared-1"));
        List<UUID> sharedOrders = List.of(UUID.randomUUID(), UUID.randomUUID());
        AtomicInteger conflicts = new AtomicInteger();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<DebitOutcome>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<DebitCommand> batch = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    batch.add(DebitCommand.money(TestWallets.key("t" + t + "-" + i), UUID.randomUUID(), user, price,
                            "CNY"));
                }
                for (int s = 0; s < shared.size(); s++) {
                    batch.add(DebitCommand.money(shared.get(s), sharedOrders.get(s), user, price, "CNY"));
                }
                results.add(pool.submit(() -> {
                    start.await();
                    // What the messaging library does with a batch that met a conflict: roll back, deliver again.
                    while (true) {
                        try {
                            return inOneTransaction(batch);
                        } catch (OptimisticLockingFailureException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            start.countDown();
            List<DebitOutcome> all = new ArrayList<>();
            for (Future<List<DebitOutcome>> f : results) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }

            long debitedFresh = all.stream().filter(o -> o instanceof DebitOutcome.Debited d && !d.replayed()).count();
            assertThat(debitedFresh).isEqualTo(initial / price);
            assertThat(wallets.balance(user)).isEqualTo(initial - debitedFresh * price)
                    .isEqualTo(wallets.ledgerSum(user)).isNotNegative();
            for (RequestKey key : shared) {
                assertThat(wallets.entries(key)).as("ledger entries of %s", key).isLessThanOrEqualTo(1);
            }
            assertThat(conflicts.get()).as("the batches really raced").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }
}

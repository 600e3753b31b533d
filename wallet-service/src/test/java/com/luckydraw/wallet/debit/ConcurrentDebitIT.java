package com.luckydraw.wallet.debit;

import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.wallet.ConflictRetry;
import com.luckydraw.wallet.wallet.UserId;
import com.luckydraw.wallet.wallet.WalletContendedException;
import com.luckydraw.events.wallet.DebitRejection;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WalletIntegrationTest
class ConcurrentDebitIT {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentDebitIT.class);

    @Autowired DebitingWallet debiting;
    @Autowired ConflictRetry retry;
    @Autowired TestWallets wallets;

    @Test
    void fiftyThreadsDebitingOneWalletNeverOverdrawItAndTheLedgerEqualsTheBalance() throws Exception {
        long initial = 450;
        long price = 30; // at most 15 of the 50 debits fit
        int threads = 50;
        UserId user = wallets.open("race", initial);
        long conflictsBefore = retry.conflicts();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                DebitCommand command = DebitCommand.money(TestWallets.key("race-" + i), UUID.randomUUID(), user, price,
                        "CNY");
                results.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    try {
                        return debiting.debit(command);
                    } catch (WalletContendedException e) {
                        return e;
                    }
                }));
            }
            ready.await();
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> result : results) {
                outcomes.add(result.get(60, TimeUnit.SECONDS));
            }

            long debited = outcomes.stream().filter(DebitOutcome.Debited.class::isInstance).count();
            long insufficient = outcomes.stream().filter(o -> o instanceof DebitOutcome.Rejected r
                    && r.reason() == DebitRejection.INSUFFICIENT_FUNDS).count();
            long contended = outcomes.stream().filter(WalletContendedException.class::isInstance).count();
            long conflicts = retry.conflicts() - conflictsBefore;
            log.info("50-thread race: {} debited, {} insufficient funds, {} contended, {} version conflicts retried",
                    debited, insufficient, contended, conflicts);

            assertThat(debited + insufficient + contended).isEqualTo(threads);
            assertThat(debited).isBetween(1L, initial / price);
            long balance = wallets.balance(user);
            assertThat(balance).isEqualTo(initial - debited * price).isNotNegative();
            assertThat(wallets.ledgerSum(user)).isEqualTo(balance);
            assertThat(wallets.entries(user, "DEBIT")).isEqualTo(debited);
            assertThat(conflicts).as("version conflicts met and retried").isPositive();
            // Every balance seen after a debit is one the wallet really went through, each exactly once.
            assertThat(outcomes.stream().filter(DebitOutcome.Debited.class::isInstance)
                    .map(o -> ((DebitOutcome.Debited) o).balanceAfter()).distinct().count()).isEqualTo(debited);
        } finally {
            pool.shutdownNow();
        }
    }
}

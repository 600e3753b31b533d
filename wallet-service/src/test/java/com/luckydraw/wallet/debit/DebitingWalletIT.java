package com.luckydraw.wallet.debit;

import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.topup.CreditCommand;
import com.luckydraw.wallet.topup.CreditingWallet;
import com.luckydraw.wallet.wallet.ConflictRetry;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.StaleWalletException;
import com.luckydraw.wallet.wallet.UserId;
import com.luckydraw.wallet.wallet.WalletContendedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The debit and refund rules, called directly (each call in transactions of its own). */
@WalletIntegrationTest
class DebitingWalletIT {

    @Autowired DebitingWallet debiting;
    @Autowired RefundingWallet refunding;
    @Autowired CreditingWallet crediting;
    @Autowired ConflictRetry retry;
    @Autowired TestWallets wallets;

    private static DebitCommand money(RequestKey key, UserId user, long amount) {
        return DebitCommand.money(key, UUID.randomUUID(), user, amount, "CNY");
    }

    private static RefundCommand refund(RequestKey key, UserId user) {
        return new RefundCommand(key, UUID.randomUUID(), user, "test");
    }

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return task.call();
                }));
            }
            ready.await();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectedDebitIsRejectedTheSameWayAgainEvenAfterATopUp() {
        UserId user = wallets.open("poor", 50);
        RequestKey key = TestWallets.key("poor");

        DebitOutcome first = debiting.debit(money(key, user, 80));
        crediting.credit(new CreditCommand(TestWallets.key("topup"), user, new Money(1_000, "CNY")));
        DebitOutcome again = debiting.debit(money(key, user, 80));

        assertThat(first).isInstanceOfSatisfying(DebitOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(DebitRejection.INSUFFICIENT_FUNDS));
        assertThat(again).isInstanceOf(DebitOutcome.Rejected.class).usingRecursiveComparison()
                .ignoringFields("replayed").isEqualTo(first);
        assertThat(again.replayed()).isTrue();
        assertThat(wallets.balance(user)).isEqualTo(1_050);
    }

    @Test
    void unknownWalletsAndOtherCurrenciesAreRejected() {
        UserId user = wallets.open("cur", 500);

        DebitOutcome nobody = debiting.debit(money(TestWallets.key("nobody"), new UserId("nobody-" + user), 10));
        DebitOutcome dollars = debiting.debit(DebitCommand.money(TestWallets.key("usd"), UUID.randomUUID(), user, 10,
                "USD"));

        assertThat(nobody).isInstanceOfSatisfying(DebitOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(DebitRejection.UNKNOWN_WALLET));
        assertThat(dollars).isInstanceOfSatisfying(DebitOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(DebitRejection.CURRENCY_MISMATCH));
        assertThat(wallets.balance(user)).isEqualTo(500);
    }

    @Test
    void theSameKeyForAnotherUserIsAConflictAndChangesNothing() {
        UserId first = wallets.open("first", 500);
        UserId second = wallets.open("second", 500);
        RequestKey key = TestWallets.key("shared");

        debiting.debit(money(key, first, 100));
        DebitOutcome other = debiting.debit(money(key, second, 100));

        assertThat(other).isInstanceOfSatisfying(DebitOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(DebitRejection.IDEMPOTENCY_CONFLICT));
        assertThat(wallets.balance(first)).isEqualTo(400);
        assertThat(wallets.balance(second)).isEqualTo(500);
    }

    @Test
    void tenThreadsSendingOneDebitTakeTheMoneyOnceAndAllGetTheSameAnswer() throws Exception {
        UserId user = wallets.open("same", 1_000);
        DebitCommand command = money(TestWallets.key("same"), user, 100);

        List<DebitOutcome> outcomes = race(10, () -> debiting.debit(command));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(DebitOutcome.Debited.class)
                .usingRecursiveComparison().ignoringFields("replayed").isEqualTo(outcomes.get(0)));
        assertThat(outcomes).filteredOn(o -> !o.replayed()).hasSize(1);
        assertThat(wallets.balance(user)).isEqualTo(900).isEqualTo(wallets.ledgerSum(user));
        assertThat(wallets.entries(command.key())).isEqualTo(1);
    }

    @Test
    void tenThreadsRefundingOneDebitGiveTheMoneyBackOnce() throws Exception {
        UserId user = wallets.open("refunds", 1_000);
        RequestKey key = TestWallets.key("refunds");
        debiting.debit(money(key, user, 300));

        List<RefundOutcome> outcomes = race(10, () -> refunding.refund(refund(key, user)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).usingRecursiveComparison().ignoringFields("replayed")
                .isEqualTo(outcomes.get(0)));
        assertThat(outcomes.get(0).refunded()).isTrue();
        assertThat(outcomes.get(0).balanceAfter()).isEqualTo(1_000);
        assertThat(wallets.entries(user, "REFUND")).isEqualTo(1);
        assertThat(wallets.balance(user)).isEqualTo(1_000).isEqualTo(wallets.ledgerSum(user));
    }

    @Test
    void refundingARejectedDebitChangesNothing() {
        UserId user = wallets.open("nothing", 10);
        RequestKey key = TestWallets.key("nothing");
        debiting.debit(money(key, user, 500));

        RefundOutcome refund = refunding.refund(refund(key, user));
        RefundOutcome again = refunding.refund(refund(key, user));

        assertThat(refund.refunded()).isFalse();
        assertThat(refund.amount()).isZero();
        assertThat(again).usingRecursiveComparison().ignoringFields("replayed").isEqualTo(refund);
        assertThat(wallets.balance(user)).isEqualTo(10);
        assertThat(wallets.entries(key)).isZero();
    }

    @Test
    void aRefundNamingAnotherUserIsRefusedAndChangesNothing() {
        UserId owner = wallets.open("owner", 1_000);
        UserId other = wallets.open("other", 0);
        RequestKey key = TestWallets.key("owner");
        debiting.debit(money(key, owner, 200));

        assertThatThrownBy(() -> refunding.refund(refund(key, other))).isInstanceOf(RefundMismatchException.class);
        assertThat(wallets.balance(owner)).isEqualTo(800);
        assertThat(wallets.balance(other)).isZero();
    }

    @Test
    void freeTriesRunOutAndARefundGivesThemBack() {
        UserId user = wallets.open("tries", 0);
        RequestKey first = TestWallets.key("tries-1");

        DebitOutcome two = debiting.debit(DebitCommand.freeTries(first, UUID.randomUUID(), user, 2, "CNY"));
        DebitOutcome tooMany = debiting.debit(DebitCommand.freeTries(TestWallets.key("tries-2"), UUID.randomUUID(),
                user, 2, "CNY"));
        RefundOutcome refund = refunding.refund(refund(first, user));
        DebitOutcome afterRefund = debiting.debit(DebitCommand.freeTries(TestWallets.key("tries-3"),
                UUID.randomUUID(), user, 3, "CNY"));

        assertThat(two).isInstanceOf(DebitOutcome.Debited.class);
        assertThat(tooMany).isInstanceOfSatisfying(DebitOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(DebitRejection.NO_FREE_TRIES_LEFT));
        assertThat(refund.refunded()).isTrue();
        assertThat(refund.freeTries()).isEqualTo(2);
        assertThat(afterRefund).isInstanceOf(DebitOutcome.Debited.class);
        assertThat(wallets.entries(user, "FREE_TRY_SPEND")).isEqualTo(2);
        assertThat(wallets.entries(user, "FREE_TRY_REFUND")).isEqualTo(1);
        assertThat(wallets.balance(user)).isZero();
    }

    @Test
    void conflictsOutlastingTheRetriesEndInANamedErrorAndAreCounted() {
        long before = retry.conflicts();

        assertThatThrownBy(() -> retry.inOwnTransactions("always stale", () -> {
            throw new StaleWalletException(new UserId("someone"), 1);
        })).isInstanceOf(WalletContendedException.class).hasMessageContaining("each of 5 attempts");
        assertThat(retry.conflicts() - before).isEqualTo(5);
    }
}

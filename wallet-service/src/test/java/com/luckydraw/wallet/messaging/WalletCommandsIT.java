package com.luckydraw.wallet.messaging;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.OrderIds;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletEvent;
import com.luckydraw.events.wallet.WalletRefunded;
import com.luckydraw.messaging.inbox.Inbox;
import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.topup.CreditCommand;
import com.luckydraw.wallet.topup.CreditOutcome;
import com.luckydraw.wallet.topup.CreditingWallet;
import com.luckydraw.wallet.wallet.ConflictRetry;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The wallet over Kafka, as order-service drives it: commands in, replies out, each effect once. */
@WalletIntegrationTest
class WalletCommandsIT {

    private static final Logger log = LoggerFactory.getLogger(WalletCommandsIT.class);
    private static final Duration REPLY = Duration.ofSeconds(30);

    private static WalletTopics topics;

    @Autowired TestWallets wallets;
    @Autowired Inbox inbox;
    @Autowired CreditingWallet crediting;
    @Autowired ConflictRetry retry;

    @BeforeAll
    static void connect() {
        topics = new WalletTopics();
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    private static DebitWallet debit(RequestKey key, UserId user, long amount) {
        return DebitWallet.money(key.bizId(), key.posId(), OrderIds.of(key.posId(), key.bizId()), user.value(),
                amount, "CNY");
    }

    /** The same command resent by the saga: same content, a new message id. */
    private static DebitWallet resent(DebitWallet d) {
        return new DebitWallet(UUID.randomUUID(), d.schemaVersion(), d.bizId(), d.posId(), d.correlationId(),
                Instant.now(), d.userId(), d.paymentMethod(), d.amount(), d.currency(), d.freeTries());
    }

    private static RefundWallet refund(RequestKey key, UserId user) {
        return RefundWallet.of(key.bizId(), key.posId(), OrderIds.of(key.posId(), key.bizId()), user.value(),
                "allocation rejected");
    }

    @Test
    void sameDebitDeliveredThreeTimesIsAppliedOnceAndAnsweredOnce() {
        UserId user = wallets.open("thrice", 1_000);
        RequestKey key = TestWallets.key("thrice");
        DebitWallet command = debit(key, user, 300);
        double duplicatesBefore = inbox.duplicatesSkipped();

        topics.send(user.value(), command, command, command); // one message id: Kafka redelivering

        await().atMost(REPLY).until(() -> inbox.duplicatesSkipped() - duplicatesBefore >= 2);
        List<WalletEvent> replies = topics.repliesOf(command.correlationId(), REPLY, r -> !r.isEmpty());
        assertThat(replies).singleElement().isInstanceOfSatisfying(WalletDebited.class, d -> {
            assertThat(d.amount()).isEqualTo(300);
            assertThat(d.balanceAfter()).isEqualTo(700);
            assertThat(d.bizId()).isEqualTo(key.bizId());
            assertThat(d.posId()).isEqualTo(key.posId());
            assertThat(d.userId()).isEqualTo(user.value());
        });
        assertThat(wallets.entries(key)).isEqualTo(1);
        assertThat(wallets.balance(user)).isEqualTo(700).isEqualTo(wallets.ledgerSum(user));
    }

    @Test
    void sameDebitResentThreeTimesIsAppliedOnceAndAnsweredThreeTimesIdentically() {
        UserId user = wallets.open("resent", 1_000);
        RequestKey key = TestWallets.key("resent");
        DebitWallet first = debit(key, user, 250);

        topics.send(user.value(), first, resent(first), resent(first)); // three message ids: the saga resending

        List<WalletEvent> replies = topics.repliesOf(first.correlationId(), REPLY, r -> r.size() >= 3);
        assertThat(replies).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(WalletDebited.class));
        assertThat(replies.get(1)).usingRecursiveComparison().ignoringFields("messageId").isEqualTo(replies.get(0));
        assertThat(replies.get(2)).usingRecursiveComparison().ignoringFields("messageId").isEqualTo(replies.get(0));
        assertThat(((WalletDebited) replies.get(0)).balanceAfter()).isEqualTo(750);
        assertThat(wallets.entries(key)).isEqualTo(1);
        assertThat(wallets.balance(user)).isEqualTo(750).isEqualTo(wallets.ledgerSum(user));
    }

    @Test
    void sameKeyWithADifferentAmountIsRejectedAsAConflictAndChangesNothing() {
        UserId user = wallets.open("conflict", 1_000);
        RequestKey key = TestWallets.key("conflict");
        DebitWallet original = debit(key, user, 100);
        DebitWallet other = new DebitWallet(UUID.randomUUID(), 1, key.bizId(), key.posId(),
                original.correlationId(), Instant.now(), user.value(), PaymentMethod.MONEY, 999, "CNY", 0);

        topics.send(user.value(), original, other);

        List<WalletEvent> replies = topics.repliesOf(original.correlationId(), REPLY, r -> r.size() >= 2);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0)).isInstanceOf(WalletDebited.class);
        assertThat(replies.get(1)).isInstanceOfSatisfying(WalletDebitRejected.class, r -> {
            assertThat(r.reason()).isEqualTo(DebitRejection.IDEMPOTENCY_CONFLICT);
            assertThat(r.detail()).contains("100 CNY").contains("999 CNY");
        });
        assertThat(wallets.entries(key)).isEqualTo(1);
        assertThat(wallets.balance(user)).isEqualTo(900).isEqualTo(wallets.ledgerSum(user));
    }

    @Test
    void refundGivesTheDebitBackOnceAndEveryRepeatAnswersTheSame() {
        UserId user = wallets.open("refund", 1_000);
        RequestKey key = TestWallets.key("refund");
        DebitWallet debit = debit(key, user, 400);
        RefundWallet refund = refund(key, user);
        RefundWallet again = new RefundWallet(UUID.randomUUID(), 1, refund.bizId(), refund.posId(),
                refund.correlationId(), Instant.now(), refund.userId(), refund.reason());

        topics.send(user.value(), debit, refund, again);

        List<WalletEvent> replies = topics.repliesOf(debit.correlationId(), REPLY, r -> r.size() >= 3);
        assertThat(replies).hasSize(3);
        assertThat(replies.get(1)).isInstanceOfSatisfying(WalletRefunded.class, r -> {
            assertThat(r.refunded()).isTrue();
            assertThat(r.amount()).isEqualTo(400);
            assertThat(r.balanceAfter()).isEqualTo(1_000);
        });
        assertThat(replies.get(2)).usingRecursiveComparison().ignoringFields("messageId").isEqualTo(replies.get(1));
        assertThat(wallets.entries(user, "REFUND")).isEqualTo(1);
        assertThat(wallets.balance(user)).isEqualTo(1_000).isEqualTo(wallets.ledgerSum(user));
    }

    @Test
    void refundBeforeItsDebitLeavesATombstoneSoTheLateDebitTakesNothing() {
        UserId user = wallets.open("late", 1_000);
        RequestKey key = TestWallets.key("late");
        DebitWallet debit = debit(key, user, 500);

        topics.send(user.value(), refund(key, user));
        List<WalletEvent> first = topics.repliesOf(debit.correlationId(), REPLY, r -> !r.isEmpty());
        topics.send(user.value(), debit);
        List<WalletEvent> replies = topics.repliesOf(debit.correlationId(), REPLY, r -> r.size() >= 2);

        assertThat(first).singleElement().isInstanceOfSatisfying(WalletRefunded.class, r -> {
            assertThat(r.refunded()).isFalse();
            assertThat(r.amount()).isZero();
            assertThat(r.freeTries()).isZero();
        });
        assertThat(replies.get(1)).isInstanceOfSatisfying(WalletDebitRejected.class,
                r -> assertThat(r.detail()).startsWith("REFUNDED_BEFORE_DEBIT"));
        assertThat(wallets.entries(key)).isZero();
        assertThat(wallets.balance(user)).isEqualTo(1_000);
    }

    @Test
    void freeTriesPayForAPurchaseWithoutMoney() {
        UserId user = wallets.open("free", 100);
        RequestKey key = TestWallets.key("free");
        DebitWallet spend = DebitWallet.freeTries(key.bizId(), key.posId(), OrderIds.of(key.posId(), key.bizId()),
                user.value(), 2, "CNY");

        topics.send(user.value(), spend);

        List<WalletEvent> replies = topics.repliesOf(spend.correlationId(), REPLY, r -> !r.isEmpty());
        assertThat(replies).singleElement().isInstanceOfSatisfying(WalletDebited.class, d -> {
            assertThat(d.paymentMethod()).isEqualTo(PaymentMethod.FREE_TRIES);
            assertThat(d.freeTries()).isEqualTo(2);
            assertThat(d.amount()).isZero();
            assertThat(d.balanceAfter()).isEqualTo(100);
        });
        assertThat(wallets.entries(user, "FREE_TRY_SPEND")).isEqualTo(1);
        assertThat(wallets.balance(user)).isEqualTo(100);
    }

    @Test
    void unreadableCommandIsDeadLetteredAndTheNextOneIsStillApplied() {
        UserId user = wallets.open("poison", 1_000);
        RequestKey key = TestWallets.key("poison");
        DebitWallet good = debit(key, user, 10);
        byte[] negative = new MessageCodec().encodeToString(good).replace("\"amount\":10", "\"amount\":-10")
                .getBytes(StandardCharsets.UTF_8);

        topics.sendRaw(user.value(), negative);
        topics.send(user.value(), good);

        List<WalletEvent> replies = topics.repliesOf(good.correlationId(), REPLY, r -> !r.isEmpty());
        assertThat(replies).singleElement().isInstanceOf(WalletDebited.class);
        assertThat(wallets.balance(user)).isEqualTo(990);
    }


    @Test
    void kafkaDebitsRacingAdminTopUpsOfTheSameWalletAreEachAppliedOnce() {
        UserId user = wallets.open("mixed", 1_000);
        int n = 40;
        List<DebitWallet> debits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            debits.add(debit(TestWallets.key("mixed-d" + i), user, 20));
        }
        long conflictsBefore = retry.conflicts();

        // Top-ups on another thread while the consumer applies the debits: their version conflicts roll back either
        // a top-up attempt (retried in place) or a consumed batch (redelivered by the library).
        CompletableFuture<List<CreditOutcome>> topUps = CompletableFuture.supplyAsync(() -> {
            List<CreditOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                outcomes.add(crediting.credit(new CreditCommand(TestWallets.key("mixed-c" + i), user,
                        new Money(5, "CNY"))));
            }
            return outcomes;
        });
        topics.send(user.value(), debits.toArray(DebitWallet[]::new));

        List<CreditOutcome> credits = topUps.join();
        for (DebitWallet d : debits) {
            assertThat(topics.repliesOf(d.correlationId(), REPLY, r -> !r.isEmpty())).singleElement()
                    .isInstanceOf(WalletDebited.class);
        }
        long applied = credits.stream().filter(c -> c.status() == CreditOutcome.Status.APPLIED).count();
        assertThat(applied + credits.stream().filter(c -> c.reason() == CreditOutcome.Reason.CONTENDED).count())
                .isEqualTo(n);
        assertThat(wallets.entries(user, "DEBIT")).isEqualTo(n);
        assertThat(wallets.entries(user, "CREDIT")).isEqualTo(applied + 1);
        assertThat(wallets.balance(user)).isEqualTo(1_000 - 20L * n + 5 * applied)
                .isEqualTo(wallets.ledgerSum(user));
        log.info("Kafka debits racing top-ups: {} of {} top-ups applied, {} version conflicts", applied, n,
                retry.conflicts() - conflictsBefore);
    }
}

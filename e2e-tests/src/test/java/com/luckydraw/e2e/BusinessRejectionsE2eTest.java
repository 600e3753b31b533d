package com.luckydraw.e2e;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Well-formed messages that ask for something that is not there (a user without a wallet, a round that does not
 * exist, a price the round does not have) are not dead letters: the system answers them with a business rejection,
 * the buyer's order ends CANCELLED with the reason and any money taken is refunded. docs/operations.md has the rule.
 */
@E2eTest
class BusinessRejectionsE2eTest {

    private static final long PRICE = 1_00;
    private static final MessageCodec CODEC = new MessageCodec();

    @Test
    void aPurchaseForAnUnknownUserIsCancelledAsUnknownWalletNotDeadLettered(E2eSystem system) {
        long round = new Operators(system).roundOf(10, PRICE);
        var deadLetters = DeadLettersSince.of(system, Topics.PURCHASE_REQUESTS.name());
        PurchaseRequested request = Purchases.request(Purchases.id("nobody"), round, 1, PRICE, PaymentMethod.MONEY);

        ConsoleProducer.send(system, Topics.PURCHASE_REQUESTS.name(), List.of(new TypedRecord("unknown user",
                request.posId() + ":" + request.bizId(), CODEC.encodeToString(request), "")));

        TestDatabases.Order order = Orders.ended(system, request);
        assertThat(order.status()).isEqualTo("CANCELLED");
        assertThat(order.cancelReason()).contains("UNKNOWN_WALLET");
        assertThat(system.read.ledger(request.bizId(), request.posId())).isEmpty();
        assertThat(system.read.allocation(request.bizId(), request.posId())).isEmpty();
        assertThat(system.read.round(round).soldShares()).isZero();
        assertThat(deadLetters.now()).isEmpty();
    }

    @Test
    void aPaidPurchaseForAnUnknownRoundOrAWrongPriceIsCancelledAndRefunded(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(20_00);
        long round = operators.roundOf(10, PRICE);
        var deadLetters = DeadLettersSince.of(system, Topics.PURCHASE_REQUESTS.name());
        PurchaseRequested noRound = Purchases.request(user, 9_000_000_000L + round, 2, PRICE, PaymentMethod.MONEY);
        PurchaseRequested wrongPrice = Purchases.request(user, round, 2, PRICE + 1, PaymentMethod.MONEY);

        ConsoleProducer.send(system, Topics.PURCHASE_REQUESTS.name(), List.of(
                new TypedRecord("unknown round", noRound.posId() + ":" + noRound.bizId(), CODEC.encodeToString(noRound), ""),
                new TypedRecord("wrong price", wrongPrice.posId() + ":" + wrongPrice.bizId(),
                        CODEC.encodeToString(wrongPrice), "")));

        assertCancelledAndRefunded(system, noRound, user, 2 * PRICE, "UNKNOWN_ROUND");
        assertCancelledAndRefunded(system, wrongPrice, user, 2 * (PRICE + 1), "PRICE_MISMATCH");
        assertThat(system.read.balance(user)).isEqualTo(20_00);
        assertThat(system.read.round(round).soldShares()).isZero();
        assertThat(deadLetters.now()).isEmpty();
    }

    @Test
    void commandsForAnUnknownWalletOrRoundAreAnsweredWithRejectionsNotDeadLettered(E2eSystem system) {
        String nobody = Purchases.id("nobody");
        DebitWallet debit = DebitWallet.money(Purchases.id("rej"), "pos-e2e", UUID.randomUUID(), nobody, 300, "CNY");
        long noRound = 9_100_000_000L + System.nanoTime() % 1_000_000;
        AllocateShares allocate = AllocateShares.of(Purchases.id("rej"), "pos-e2e", UUID.randomUUID(), nobody, noRound,
                2, PRICE, "CNY");
        var walletDeadLetters = DeadLettersSince.of(system, Topics.WALLET_COMMANDS.name());
        var lotteryDeadLetters = DeadLettersSince.of(system, Topics.LOTTERY_COMMANDS.name());
        TopicMark walletEvents = TopicMark.of(system, Topics.WALLET_EVENTS.name());
        TopicMark lotteryEvents = TopicMark.of(system, Topics.LOTTERY_EVENTS.name());

        ConsoleProducer.send(system, Topics.WALLET_COMMANDS.name(),
                List.of(new TypedRecord("unknown wallet", nobody, CODEC.encodeToString(debit), "")));
        ConsoleProducer.send(system, Topics.LOTTERY_COMMANDS.name(),
                List.of(new TypedRecord("unknown round", Long.toString(noRound), CODEC.encodeToString(allocate), "")));

        WalletEvent walletReply = await("the wallet's answer").atMost(Duration.ofSeconds(60))
                .until(() -> replyTo(walletEvents, debit.orderId(), WalletEvent.class), r -> r != null);
        assertThat(walletReply).isInstanceOfSatisfying(WalletDebitRejected.class,
                r -> assertThat(r.reason().name()).isEqualTo("UNKNOWN_WALLET"));
        LotteryEvent lotteryReply = await("the lottery's answer").atMost(Duration.ofSeconds(60))
                .until(() -> replyTo(lotteryEvents, allocate.orderId(), LotteryEvent.class), r -> r != null);
        assertThat(lotteryReply).isInstanceOfSatisfying(AllocationRejected.class,
                r -> assertThat(r.reason().name()).isEqualTo("UNKNOWN_ROUND"));
        assertThat(walletDeadLetters.now()).isEmpty();
        assertThat(lotteryDeadLetters.now()).isEmpty();
        assertThat(system.read.ledger(debit.bizId(), debit.posId())).isEmpty();
    }

    private static void assertCancelledAndRefunded(E2eSystem system, PurchaseRequested request, String user,
            long amount, String reason) {
        TestDatabases.Order order = Orders.ended(system, request);
        assertThat(order.status()).isEqualTo("CANCELLED");
        assertThat(order.cancelReason()).contains(reason);
        assertThat(system.read.ledger(request.bizId(), request.posId())).containsExactlyInAnyOrder(
                new TestDatabases.LedgerEntry("DEBIT", user, amount),
                new TestDatabases.LedgerEntry("REFUND", user, amount));
        assertThat(system.read.allocation(request.bizId(), request.posId())).isEmpty();
    }

    /** The reply keyed by {@code orderId} written since the mark, or null while there is none. */
    private static <T extends com.luckydraw.events.Message> T replyTo(TopicMark mark, UUID orderId, Class<T> type) {
        for (ConsumerRecord<String, byte[]> record : mark.since()) {
            if (orderId.toString().equals(record.key())) {
                return CODEC.decode(record.value(), type);
            }
        }
        return null;
    }
}

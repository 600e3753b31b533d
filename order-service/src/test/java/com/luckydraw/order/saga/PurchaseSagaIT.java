package com.luckydraw.order.saga;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.TestParticipants.Answer;
import com.luckydraw.order.order.LuckyNumbers;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.StatusChange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The saga against stand-in wallet and lottery on real Kafka: each way a purchase can end. */
class PurchaseSagaIT extends OrderServiceTestBase {

    private static boolean about(ConsumerRecord<String, byte[]> record, PurchaseRequested request) {
        var message = TestKafka.CODEC.decode(record.value(), com.luckydraw.events.Message.class);
        return message.bizId().equals(request.bizId()) && message.posId().equals(request.posId());
    }

    private static <T extends com.luckydraw.events.Message> List<T> about(
            List<ConsumerRecord<String, byte[]>> records, PurchaseRequested request, Class<T> type) {
        return TestKafka.messages(records.stream().filter(r -> about(r, request)).toList(), type);
    }

    @Test
    void paidAndAllocatedPurchaseCompletesAndPublishesOrderCompleted() {
        var request = request(uniqueBizId("happy"), "u-happy", 3, PaymentMethod.MONEY);
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());
        var lotteryCommands = TestKafka.mark(Topics.LOTTERY_COMMANDS.name());
        var orderEvents = TestKafka.mark(Topics.ORDER_EVENTS.name());

        TestKafka.publishRequest(request);

        Order order = awaitStatus(request.orderId(), OrderStatus.COMPLETED);
        assertThat(order.numbers().count()).isEqualTo(3);
        assertThat(order.purchase().amount().minorUnits()).isEqualTo(300);
        assertThat(order.stepDeadline()).isNull();
        var completed = about(TestKafka.readUntil(orderEvents, Duration.ofSeconds(30),
                read -> !about(read, request, OrderCompleted.class).isEmpty()), request, OrderCompleted.class);
        assertThat(completed).singleElement().satisfies(event -> {
            assertThat(event.correlationId()).isEqualTo(request.orderId());
            assertThat(event.userId()).isEqualTo("u-happy");
            assertThat(event.amount()).isEqualTo(300);
            assertThat(event.firstNumber()).isEqualTo(order.numbers().first());
            assertThat(event.lastNumber()).isEqualTo(order.numbers().last());
        });
        var debits = about(TestKafka.readSince(walletCommands), request, DebitWallet.class);
        assertThat(debits).singleElement().satisfies(debit -> {
            assertThat(debit.amount()).isEqualTo(300);
            assertThat(debit.paymentMethod()).isEqualTo(PaymentMethod.MONEY);
            assertThat(debit.userId()).isEqualTo("u-happy");
            assertThat(debit.correlationId()).isEqualTo(request.orderId());
        });
        var allocations = about(TestKafka.readSince(lotteryCommands), request, AllocateShares.class);
        assertThat(allocations).singleElement().satisfies(allocate -> {
            assertThat(allocate.roundId()).isEqualTo(7);
            assertThat(allocate.shares()).isEqualTo(3);
            assertThat(allocate.pricePerShare()).isEqualTo(100);
        });
        assertThat(orders.history(order.id())).extracting(StatusChange::to)
                .containsExactly(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.COMPLETED);
    }

    @Test
    void freeTriesPurchaseSpendsOneTryPerShareAndNoMoney() {
        var request = request(uniqueBizId("free"), "u-free", 2, PaymentMethod.FREE_TRIES);
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());

        TestKafka.publishRequest(request);

        Order order = awaitStatus(request.orderId(), OrderStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT amount FROM purchase_order WHERE id = ?", Long.class,
                order.id().value())).isZero();
        assertThat(about(TestKafka.readSince(walletCommands), request, DebitWallet.class)).singleElement()
                .satisfies(debit -> {
                    assertThat(debit.paymentMethod()).isEqualTo(PaymentMethod.FREE_TRIES);
                    assertThat(debit.freeTries()).isEqualTo(2);
                    assertThat(debit.amount()).isZero();
                });
    }

    @Test
    void rejectedAllocationRefundsTheWalletThenCancels() {
        var request = request(uniqueBizId("sold-out"), "u-sold-out", 2, PaymentMethod.MONEY);
        participants.script(request.bizId()).allocation = Answer.REJECT;
        participants.script(request.bizId()).allocationRejection = AllocationRejection.SOLD_OUT;
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());
        var orderEvents = TestKafka.mark(Topics.ORDER_EVENTS.name());

        TestKafka.publishRequest(request);

        Order order = awaitStatus(request.orderId(), OrderStatus.CANCELLED);
        assertThat(order.cancelReason()).isEqualTo("SOLD_OUT");
        assertThat(order.numbers()).isNull();
        var commands = TestKafka.readSince(walletCommands);
        assertThat(about(commands, request, DebitWallet.class)).hasSize(1);
        assertThat(about(commands, request, RefundWallet.class)).singleElement().satisfies(refund -> {
            assertThat(refund.userId()).isEqualTo("u-sold-out");
            assertThat(refund.correlationId()).isEqualTo(request.orderId());
            assertThat(refund.reason()).isEqualTo("SOLD_OUT");
        });
        var cancelled = about(TestKafka.readUntil(orderEvents, Duration.ofSeconds(30),
                read -> !about(read, request, OrderCancelled.class).isEmpty()), request, OrderCancelled.class);
        assertThat(cancelled).singleElement().satisfies(event -> assertThat(event.reason()).isEqualTo("SOLD_OUT"));
        assertThat(orders.history(order.id())).extracting(StatusChange::to).containsExactly(OrderStatus.PENDING,
                OrderStatus.PAID, OrderStatus.REFUNDING, OrderStatus.CANCELLED);
    }

    @Test
    void rejectedDebitCancelsWithTheWalletsReasonAndAllocatesNothing() {
        var request = request(uniqueBizId("poor"), "u-poor", 1, PaymentMethod.MONEY);
        participants.script(request.bizId()).debit = Answer.REJECT;
        participants.script(request.bizId()).debitRejection = DebitRejection.INSUFFICIENT_FUNDS;
        var lotteryCommands = TestKafka.mark(Topics.LOTTERY_COMMANDS.name());
        var orderEvents = TestKafka.mark(Topics.ORDER_EVENTS.name());

        TestKafka.publishRequest(request);

        Order order = awaitStatus(request.orderId(), OrderStatus.CANCELLED);
        assertThat(order.cancelReason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(about(TestKafka.readUntil(orderEvents, Duration.ofSeconds(30),
                read -> !about(read, request, OrderCancelled.class).isEmpty()), request, OrderCancelled.class))
                .singleElement().satisfies(event -> assertThat(event.reason()).isEqualTo("INSUFFICIENT_FUNDS"));
        assertThat(about(TestKafka.readSince(lotteryCommands), request, AllocateShares.class)).isEmpty();
        assertThat(orders.history(order.id())).extracting(StatusChange::to)
                .containsExactly(OrderStatus.PENDING, OrderStatus.CANCELLED);
    }

    @Test
    void lateDuplicateAndUnknownRepliesChangeNothingAndAreCounted() {
        var request = request(uniqueBizId("late"), "u-late", 1, PaymentMethod.MONEY);
        TestKafka.publishRequest(request);
        Order completed = awaitStatus(request.orderId(), OrderStatus.COMPLETED);
        double finishedBefore = count("luckydraw.saga.replies.ignored", "why", "order-finished");
        double unknownBefore = count("luckydraw.saga.replies.ignored", "why", "unknown-order");

        // A second WalletDebited (the wallet answering a resent debit) after the order completed...
        var lateDebit = new WalletDebited(UUID.randomUUID(), 1, request.bizId(), request.posId(), request.orderId(),
                Instant.now(), "u-late", PaymentMethod.MONEY, 100, "CNY", 0, 5);
        TestKafka.publish(Topics.WALLET_EVENTS.name(), request.orderId().toString(), lateDebit);
        // ...and a reply about an order that never existed.
        UUID stranger = UUID.randomUUID();
        TestKafka.publish(Topics.WALLET_EVENTS.name(), stranger.toString(), new WalletDebited(UUID.randomUUID(), 1,
                "biz-none", "pos-none", stranger, Instant.now(), "u-none", PaymentMethod.MONEY, 100, "CNY", 0, 5));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("luckydraw.saga.replies.ignored", "why", "order-finished") > finishedBefore
                        && count("luckydraw.saga.replies.ignored", "why", "unknown-order") > unknownBefore);
        Order after = orders.findById(new OrderId(request.orderId())).orElseThrow();
        assertThat(after.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(after.version()).isEqualTo(completed.version());
        assertThat(after.numbers()).isEqualTo(completed.numbers());
        assertThat(orders.findById(new OrderId(stranger))).isEmpty();
    }

    @Test
    void aLotteryReplyOnTheWalletTopicIsDeadLetteredWithItsReasonAndChangesNothing() {
        // Both reply topics are read by one listener; each record must still be of its own topic's kind.
        var request = request(uniqueBizId("wrong-topic"), "u-wrong-topic", 1, PaymentMethod.MONEY);
        TestKafka.publishRequest(request);
        Order completed = awaitStatus(request.orderId(), OrderStatus.COMPLETED);
        var deadLetters = TestKafka.mark(Topics.WALLET_EVENTS.deadLetter().name());

        var misplaced = new AllocationRejected(UUID.randomUUID(), 1, request.bizId(), request.posId(),
                request.orderId(), Instant.now(), "u-wrong-topic", request.roundId(), 1, AllocationRejection.SOLD_OUT,
                "published on the wallet's topic by mistake");
        TestKafka.publish(Topics.WALLET_EVENTS.name(), request.orderId().toString(), misplaced);

        var read = TestKafka.readUntil(deadLetters, Duration.ofSeconds(30), records -> records.stream()
                .anyMatch(r -> r.key().equals(request.orderId().toString())));
        var deadLetter = read.stream().filter(r -> r.key().equals(request.orderId().toString())).findFirst()
                .orElseThrow();
        assertThat(TestKafka.deadLetterReason(deadLetter))
                .contains("message type AllocationRejected does not belong here: expected WalletEvent");
        Order after = orders.findById(completed.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(after.version()).isEqualTo(completed.version());
    }

    /**
     * A burst of purchases at once. On this shared two-core machine with the tests' one-second step timeout, some
     * debits are answered after their deadline: those orders are refunded (DEBIT_TIMEOUT) and cancelled, as the
     * saga says. What must hold under any load: every order ends, none is lost, numbers never overlap.
     */
    @Test
    void burstOfPurchasesAllEndAndNoneIsLost() {
        int n = 200;
        String prefix = uniqueBizId("burst");
        List<PurchaseRequested> requests = IntStream.range(0, n)
                .mapToObj(i -> request(prefix + "-" + i, "u-burst-" + (i % 20), 1 + i % 3, PaymentMethod.MONEY))
                .toList();
        long started = System.nanoTime();

        var producer = TestKafka.producer();
        requests.forEach(r -> producer.send(TestKafka.signedRequest(r)));
        producer.flush();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM purchase_order WHERE starts_with(biz_id, ?) AND status IN ('COMPLETED', 'CANCELLED')",
                Long.class, prefix) == n);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long completed = jdbc.queryForObject("SELECT count(*) FROM purchase_order WHERE starts_with(biz_id, ?)"
                + " AND status = 'COMPLETED'", Long.class, prefix);
        LoggerFactory.getLogger(getClass()).info("burst of {} purchases ended in {} ms: {} completed, {} cancelled"
                + " after a debit timeout", n, took.toMillis(), completed, n - completed);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM purchase_order WHERE starts_with(biz_id, ?)"
                + " AND status = 'CANCELLED' AND cancel_reason <> 'DEBIT_TIMEOUT'", Long.class, prefix)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM purchase_order a JOIN purchase_order b
                    ON a.id < b.id AND a.first_number <= b.last_number AND b.first_number <= a.last_number
                 WHERE starts_with(a.biz_id, ?) AND starts_with(b.biz_id, ?)""", Long.class, prefix, prefix))
                .as("overlapping lucky numbers").isZero();
    }
}

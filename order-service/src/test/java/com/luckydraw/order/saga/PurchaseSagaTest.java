package com.luckydraw.order.saga;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletRefunded;
import com.luckydraw.messaging.outbox.Outbox.Outgoing;
import com.luckydraw.order.metrics.OrderMetrics;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.Purchase;
import com.luckydraw.order.order.PurchaseKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The saga's decisions, step by step, without Kafka or a database. */
class PurchaseSagaTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SagaProperties properties = new SagaProperties(Duration.ofSeconds(10), Duration.ofSeconds(1), 3,
            null, 100, Duration.ofSeconds(300));
    private final PurchaseSaga saga = new PurchaseSaga(properties, new OrderMetrics(meters));

    private static Order placed(PaymentMethod method) {
        return Order.place(new PurchaseKey("pos-1", "biz-1"), new Purchase("u-1", 7, 2, 150, "CNY", method), T0,
                T0.plusSeconds(10));
    }

    private static WalletDebited debited(Order order) {
        return new WalletDebited(UUID.randomUUID(), 1, "biz-1", "pos-1", order.id().value(), T0, "u-1",
                PaymentMethod.MONEY, 300, "CNY", 0, 700);
    }

    private static Order paid() {
        Order order = placed(PaymentMethod.MONEY);
        order.markPaid(T0.plusSeconds(1), T0.plusSeconds(11));
        return order;
    }

    private double counted(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void retriesAndEscalationsAreReportedAtZeroBeforeTheFirstOne() {
        assertThat(meters.find("luckydraw.saga.retries").counters()).hasSize(4)
                .allSatisfy(c -> assertThat(c.count()).isZero())
                .extracting(c -> c.getId().getTag("step"))
                .containsExactlyInAnyOrder("debit-wallet", "allocate-shares", "refund-wallet", "void-allocation");
        assertThat(meters.find("luckydraw.saga.escalations").counters()).hasSize(3)
                .allSatisfy(c -> assertThat(c.count()).isZero())
                .extracting(c -> c.getId().getTag("step") + "->" + c.getId().getTag("to"))
                .containsExactlyInAnyOrder("debit-wallet->REFUNDING", "allocate-shares->ESCALATED",
                        "refund-wallet->COMPENSATION_FAILED");
    }

    @Test
    void startAsksTheWalletForThePriceKeyedByUser() {
        Order order = placed(PaymentMethod.MONEY);

        Outgoing out = saga.start(order).get(0);

        assertThat(out.topic()).isEqualTo(Topics.WALLET_COMMANDS);
        assertThat(out.key()).isEqualTo("u-1");
        DebitWallet debit = (DebitWallet) out.message();
        assertThat(debit.amount()).isEqualTo(300);
        assertThat(debit.freeTries()).isZero();
        assertThat(debit.correlationId()).isEqualTo(order.id().value());
        assertThat(debit.bizId()).isEqualTo("biz-1");
    }

    @Test
    void freeTriesPurchaseAsksForOneTryPerShare() {
        DebitWallet debit = (DebitWallet) saga.start(placed(PaymentMethod.FREE_TRIES)).get(0).message();

        assertThat(debit.paymentMethod()).isEqualTo(PaymentMethod.FREE_TRIES);
        assertThat(debit.freeTries()).isEqualTo(2);
        assertThat(debit.amount()).isZero();
    }

    @Test
    void debitedOrderIsPaidAndAsksTheLotteryKeyedByRound() {
        Order order = placed(PaymentMethod.MONEY);

        List<Outgoing> out = saga.onReply(debited(order), order, T0.plusSeconds(1));

        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.topic()).isEqualTo(Topics.LOTTERY_COMMANDS);
            assertThat(o.key()).isEqualTo("7");
            AllocateShares allocate = (AllocateShares) o.message();
            assertThat(allocate.shares()).isEqualTo(2);
            assertThat(allocate.pricePerShare()).isEqualTo(150);
        });
        assertThat(meters.find("luckydraw.saga.step.latency").tag("step", "debit-wallet").timer().count())
                .isEqualTo(1);
    }

    @Test
    void secondDebitReplyChangesNothingAndIsCounted() {
        Order order = placed(PaymentMethod.MONEY);
        saga.onReply(debited(order), order, T0.plusSeconds(1));

        List<Outgoing> out = saga.onReply(debited(order), order, T0.plusSeconds(2));

        assertThat(out).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(counted("luckydraw.saga.replies.ignored", "why", "out-of-step")).isEqualTo(1);
    }

    @Test
    void replyForAnotherKeyIsIgnored() {
        Order order = placed(PaymentMethod.MONEY);
        var stranger = new WalletDebited(UUID.randomUUID(), 1, "biz-2", "pos-1", order.id().value(), T0, "u-1",
                PaymentMethod.MONEY, 300, "CNY", 0, 700);

        assertThat(saga.onReply(stranger, order, T0)).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(counted("luckydraw.saga.replies.ignored", "why", "key-mismatch")).isEqualTo(1);
    }

    @Test
    void rejectedDebitCancelsAndAnnouncesIt() {
        Order order = placed(PaymentMethod.MONEY);
        var rejected = new WalletDebitRejected(UUID.randomUUID(), 1, "biz-1", "pos-1", order.id().value(), T0, "u-1",
                DebitRejection.NO_FREE_TRIES_LEFT, "none left");

        List<Outgoing> out = saga.onReply(rejected, order, T0);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.cancelReason()).isEqualTo("NO_FREE_TRIES_LEFT");
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.topic()).isEqualTo(Topics.ORDER_EVENTS);
            assertThat(o.key()).isEqualTo(order.id().toString());
            assertThat(((OrderCancelled) o.message()).reason()).isEqualTo("NO_FREE_TRIES_LEFT");
        });
    }

    @Test
    void allocatedOrderCompletesAndAnnouncesItsNumbers() {
        Order order = paid();
        var allocated = new SharesAllocated(UUID.randomUUID(), 1, "biz-1", "pos-1", order.id().value(), T0, "u-1", 7,
                2, 41, 42);

        List<Outgoing> out = saga.onReply(allocated, order, T0.plusSeconds(2));

        assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
        OrderCompleted completed = (OrderCompleted) out.get(0).message();
        assertThat(completed.firstNumber()).isEqualTo(41);
        assertThat(completed.lastNumber()).isEqualTo(42);
        assertThat(completed.amount()).isEqualTo(300);
    }

    @Test
    void rejectedAllocationCompensatesTheDebit() {
        Order order = paid();
        var rejected = new AllocationRejected(UUID.randomUUID(), 1, "biz-1", "pos-1", order.id().value(), T0, "u-1", 7,
                2, AllocationRejection.PRICE_MISMATCH, "price is 200");

        List<Outgoing> out = saga.onReply(rejected, order, T0.plusSeconds(2));

        assertThat(order.status()).isEqualTo(OrderStatus.REFUNDING);
        RefundWallet refund = (RefundWallet) out.get(0).message();
        assertThat(refund.reason()).isEqualTo("PRICE_MISMATCH");
        assertThat(out.get(0).key()).isEqualTo("u-1");

        var refunded = new WalletRefunded(UUID.randomUUID(), 1, "biz-1", "pos-1", order.id().value(), T0, "u-1", true,
                PaymentMethod.MONEY, 300, "CNY", 0, 1000);
        List<Outgoing> end = saga.onReply(refunded, order, T0.plusSeconds(3));
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(((OrderCancelled) end.get(0).message()).reason()).isEqualTo("PRICE_MISMATCH");
    }

    @Test
    void unansweredDebitIsSentAgainWithNewIdsThenRefundedForDebitTimeout() {
        Order order = placed(PaymentMethod.MONEY);
        DebitWallet first = (DebitWallet) saga.start(order).get(0).message();

        DebitWallet second = (DebitWallet) saga.onTimeout(order, T0.plusSeconds(10)).get(0).message();
        DebitWallet third = (DebitWallet) saga.onTimeout(order, T0.plusSeconds(20)).get(0).message();
        List<Outgoing> escalation = saga.onTimeout(order, T0.plusSeconds(30));

        assertThat(List.of(first.messageId(), second.messageId(), third.messageId())).doesNotHaveDuplicates();
        assertThat(second.bizId()).isEqualTo(first.bizId());
        assertThat(second.amount()).isEqualTo(first.amount());
        assertThat(order.status()).isEqualTo(OrderStatus.REFUNDING);
        assertThat(order.cancelReason()).isEqualTo(PurchaseSaga.DEBIT_TIMEOUT);
        assertThat(order.stepAttempts()).isEqualTo(1);
        assertThat(escalation).singleElement().satisfies(o -> assertThat(o.message()).isInstanceOf(RefundWallet.class));
        assertThat(counted("luckydraw.saga.retries", "step", "debit-wallet")).isEqualTo(2);
        assertThat(counted("luckydraw.saga.escalations", "step", "debit-wallet", "to", "REFUNDING")).isEqualTo(1);
    }

    @Test
    void unansweredAllocationEscalatesAndALateAllocationStillCompletes() {
        Order order = paid();
        saga.onTimeout(order, T0.plusSeconds(11));
        saga.onTimeout(order, T0.plusSeconds(21));

        assertThat(saga.onTimeout(order, T0.plusSeconds(31))).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.ESCALATED);
        assertThat(order.stepDeadline()).as("the void is due void-after later").isEqualTo(T0.plusSeconds(331));

        var late = new SharesAllocated(UUID.randomUUID(), 1, "biz-1", "pos-1", order.id().value(), T0, "u-1", 7, 2, 1,
                2);
        saga.onReply(late, order, T0.plusSeconds(40));
        assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
    }

    @Test
    void escalatedOrderIsVoidedAfterVoidAfterAndTheVoidIsNeverGivenUp() {
        Order order = paid();
        saga.onTimeout(order, T0.plusSeconds(11));
        saga.onTimeout(order, T0.plusSeconds(21));
        saga.onTimeout(order, T0.plusSeconds(31));

        List<Outgoing> voids = new ArrayList<>();
        Instant now = T0.plusSeconds(331);
        for (int i = 0; i < 5; i++) {
            voids.addAll(saga.onTimeout(order, now));
            now = order.stepDeadline();
        }

        assertThat(voids).hasSize(5).allSatisfy(o -> {
            assertThat(o.topic()).isEqualTo(Topics.LOTTERY_COMMANDS);
            assertThat(o.key()).isEqualTo("7");
            VoidAllocation v = (VoidAllocation) o.message();
            assertThat(v.request().shares()).isEqualTo(2);
            assertThat(v.correlationId()).isEqualTo(order.id().value());
        });
        assertThat(order.status()).isEqualTo(OrderStatus.ESCALATED);
        assertThat(order.stepAttempts()).isEqualTo(5);
        assertThat(order.stepDeadline()).as("past max-attempts, as slowly as a failed refund")
                .isEqualTo(T0.plusSeconds(361 + 50 + 50));
        assertThat(counted("luckydraw.saga.retries", "step", "void-allocation")).isEqualTo(5);

        var voided = new AllocationRejected(UUID.randomUUID(), 1, "biz-1", "pos-1", order.id().value(), T0, "u-1", 7,
                2, AllocationRejection.VOIDED, "voided");
        List<Outgoing> refund = saga.onReply(voided, order, now);
        assertThat(order.status()).isEqualTo(OrderStatus.REFUNDING);
        assertThat(order.cancelReason()).isEqualTo("VOIDED");
        assertThat(refund).singleElement().satisfies(o -> assertThat(o.message()).isInstanceOf(RefundWallet.class));
    }

    @Test
    void unansweredRefundIsNeverDroppedButRetriedMoreSlowly() {
        Order order = paid();
        order.startRefund("SOLD_OUT", T0.plusSeconds(2), T0.plusSeconds(12));
        saga.onTimeout(order, T0.plusSeconds(12));
        saga.onTimeout(order, T0.plusSeconds(22));

        assertThat(saga.onTimeout(order, T0.plusSeconds(32))).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.COMPENSATION_FAILED);
        assertThat(order.stepDeadline()).isEqualTo(T0.plusSeconds(32 + 50));

        List<Outgoing> again = saga.onTimeout(order, T0.plusSeconds(82));
        assertThat(again).singleElement().satisfies(o -> assertThat(o.message()).isInstanceOf(RefundWallet.class));
        assertThat(order.status()).isEqualTo(OrderStatus.COMPENSATION_FAILED);
        assertThat(order.stepDeadline()).isEqualTo(T0.plusSeconds(82 + 50));
    }
}

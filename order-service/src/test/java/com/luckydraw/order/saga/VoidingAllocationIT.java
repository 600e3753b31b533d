package com.luckydraw.order.saga;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.TestParticipants.Answer;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.StatusChange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The way out of an allocation that is never answered (tests: 3 attempts of 1 s, void after 4 s): the saga voids the
 * allocation request itself, sends the void again until it is answered, and completes or refunds the order on the
 * answer. Operators can void at once through the admin API. Real Kafka and PostgreSQL; the lottery is the scripted
 * stand-in, which keeps the lottery's rules for a key (an allocation, or a tombstone).
 */
class VoidingAllocationIT extends OrderServiceTestBase {

    @Autowired
    SagaProperties properties;

    @Test
    void anAllocationThatKeepsFailingIsVoidedAfterVoidAfterAndTheBuyerRefunded() {
        var request = request(uniqueBizId("void-refund"), "u-void-refund", 2, PaymentMethod.MONEY);
        var script = participants.script(request.bizId());
        script.allocation = Answer.SILENT;
        script.voiding = Answer.SILENT;
        var lotteryCommands = TestKafka.mark(Topics.LOTTERY_COMMANDS.name());
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());

        TestKafka.publishRequest(request);

        Order escalated = awaitStatus(request.orderId(), OrderStatus.ESCALATED, Duration.ofSeconds(30));
        assertThat(escalated.stepDeadline()).isAfterOrEqualTo(escalated.updatedAt().plus(properties.voidAfter())
                .minusMillis(1));
        // The first void goes unanswered: it is sent again on its own deadline.
        await().atMost(Duration.ofSeconds(30)).until(() -> script.voidsSeen.get() >= 2);
        script.voiding = Answer.ACCEPT;

        Order cancelled = awaitStatus(request.orderId(), OrderStatus.CANCELLED, Duration.ofSeconds(30));
        assertThat(cancelled.cancelReason()).isEqualTo("VOIDED");
        assertThat(orders.history(cancelled.id())).extracting(StatusChange::to).containsExactly(OrderStatus.PENDING,
                OrderStatus.PAID, OrderStatus.ESCALATED, OrderStatus.REFUNDING, OrderStatus.CANCELLED);
        var voids = TestKafka.messages(TestKafka.readSince(lotteryCommands), VoidAllocation.class).stream()
                .filter(v -> v.bizId().equals(request.bizId())).toList();
        assertThat(voids).hasSizeGreaterThanOrEqualTo(2).allSatisfy(v -> {
            assertThat(v.correlationId()).isEqualTo(request.orderId());
            assertThat(v.roundId()).isEqualTo(request.roundId());
            assertThat(v.shares()).isEqualTo(2);
        });
        assertThat(TestKafka.messages(TestKafka.readSince(walletCommands), RefundWallet.class).stream()
                .filter(r -> r.bizId().equals(request.bizId()))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("VOIDED"));
    }

    @Test
    void aVoidOfAnAllocationThatHappenedUnseenCompletesTheOrderWithItsNumbers() {
        var request = request(uniqueBizId("void-complete"), "u-void-complete", 3, PaymentMethod.MONEY);
        var script = participants.script(request.bizId());
        script.allocation = Answer.SILENT;
        script.allocatedUnseen = true;
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());

        TestKafka.publishRequest(request);

        Order completed = awaitStatus(request.orderId(), OrderStatus.COMPLETED, Duration.ofSeconds(30));
        assertThat(completed.numbers().count()).isEqualTo(3);
        assertThat(script.voidsSeen.get()).isPositive();
        assertThat(orders.history(completed.id())).extracting(StatusChange::to).containsExactly(OrderStatus.PENDING,
                OrderStatus.PAID, OrderStatus.ESCALATED, OrderStatus.COMPLETED);
        assertThat(TestKafka.messages(TestKafka.readSince(walletCommands), RefundWallet.class).stream()
                .filter(r -> r.bizId().equals(request.bizId()))).as("nothing refunded").isEmpty();
    }

    @Test
    void anOperatorVoidsAPaidOrderThroughTheAdminApiAndALaterAllocationNeverHappens() {
        var request = request(uniqueBizId("void-operator"), "u-void-operator", 1, PaymentMethod.MONEY);
        var script = participants.script(request.bizId());
        script.allocation = Answer.SILENT;
        String id = request.orderId().toString();

        TestKafka.publishRequest(request);
        awaitStatus(request.orderId(), OrderStatus.PAID, Duration.ofSeconds(30));

        var voided = http().post().uri("/admin/orders/{id}/void", id).retrieve().toEntity(String.class);

        assertThat(voided.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(voided.getBody()).path("status").asString()).isIn("ESCALATED", "REFUNDING", "CANCELLED");
        Order cancelled = awaitStatus(request.orderId(), OrderStatus.CANCELLED, Duration.ofSeconds(30));
        assertThat(cancelled.cancelReason()).isEqualTo("VOIDED");

        // The allocation request, delivered after the void (a resend stuck somewhere), is answered VOIDED: no shares,
        // and the finished order does not move.
        script.allocation = Answer.ACCEPT;
        var late = AllocateShares.of(request.bizId(), request.posId(), request.orderId(), request.userId(),
                request.roundId(), request.shares(), request.pricePerShare(), request.currency());
        var lotteryEvents = TestKafka.mark(Topics.LOTTERY_EVENTS.name());
        TestKafka.publish(Topics.LOTTERY_COMMANDS.name(), Long.toString(request.roundId()), late);
        var answers = TestKafka.readUntil(lotteryEvents, Duration.ofSeconds(30), read -> TestKafka.messages(read,
                AllocationRejected.class).stream().anyMatch(r -> r.bizId().equals(request.bizId())));
        assertThat(TestKafka.messages(answers, SharesAllocated.class).stream()
                .filter(a -> a.bizId().equals(request.bizId()))).isEmpty();
        assertThat(orders.findById(cancelled.id()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);

        var again = http().post().uri("/admin/orders/{id}/void", id).retrieve().toEntity(String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(again.getBody()).path("detail").asString()).contains("is CANCELLED");
    }
}

package com.luckydraw.order.saga;

import com.luckydraw.events.Message;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.TestParticipants.Answer;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.StatusChange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies that never come (step timeout 1 s, 3 attempts in the tests' configuration): the command is sent again,
 * then the saga escalates as specified, and nothing is dropped.
 */
class SagaTimeoutsIT extends OrderServiceTestBase {

    @Autowired
    SagaProperties properties;

    private static <T extends Message> List<T> commands(Map<TopicPartition, Long> mark, PurchaseRequested request,
            Class<T> type) {
        return commands(TestKafka.readSince(mark), request, type);
    }

    private static <T extends Message> List<T> commands(List<ConsumerRecord<String, byte[]>> records,
            PurchaseRequested request, Class<T> type) {
        return TestKafka.messages(records, type).stream()
                .filter(m -> m.bizId().equals(request.bizId()) && m.posId().equals(request.posId())).toList();
    }

    @Test
    void unansweredDebitIsSentAgainThenRefundedToBeSureAndCancelled() {
        var request = request(uniqueBizId("no-debit-reply"), "u-slow-wallet", 2, PaymentMethod.MONEY);
        participants.script(request.bizId()).debit = Answer.SILENT;
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());
        double retriesBefore = count("luckydraw.saga.retries", "step", "debit-wallet");
        double escalationsBefore = count("luckydraw.saga.escalations", "step", "debit-wallet");

        TestKafka.publishRequest(request);

        Order order = awaitStatus(request.orderId(), OrderStatus.CANCELLED, Duration.ofSeconds(30));
        assertThat(order.cancelReason()).isEqualTo(PurchaseSaga.DEBIT_TIMEOUT);
        var records = TestKafka.readSince(walletCommands);
        var debits = commands(records, request, DebitWallet.class);
        assertThat(debits).hasSize(properties.maxAttempts());
        assertThat(debits).extracting(DebitWallet::messageId).doesNotHaveDuplicates();
        assertThat(debits).allSatisfy(debit -> {
            assertThat(debit.amount()).isEqualTo(200);
            assertThat(debit.correlationId()).isEqualTo(request.orderId());
        });
        assertThat(commands(records, request, RefundWallet.class)).isNotEmpty()
                .allSatisfy(refund -> assertThat(refund.reason()).isEqualTo(PurchaseSaga.DEBIT_TIMEOUT));
        assertThat(count("luckydraw.saga.retries", "step", "debit-wallet") - retriesBefore)
                .isEqualTo(properties.maxAttempts() - 1);
        assertThat(count("luckydraw.saga.escalations", "step", "debit-wallet") - escalationsBefore).isEqualTo(1);
        assertThat(orders.history(order.id())).extracting(StatusChange::to)
                .containsExactly(OrderStatus.PENDING, OrderStatus.REFUNDING, OrderStatus.CANCELLED);
    }

    @Test
    void unansweredAllocationIsSentAgainThenEscalatedUntilAnOperatorRetriesIt() {
        var request = request(uniqueBizId("no-allocation-reply"), "u-slow-lottery", 1, PaymentMethod.MONEY);
        participants.script(request.bizId()).allocation = Answer.SILENT;
        var lotteryCommands = TestKafka.mark(Topics.LOTTERY_COMMANDS.name());

        TestKafka.publishRequest(request);

        Order escalated = awaitStatus(request.orderId(), OrderStatus.ESCALATED, Duration.ofSeconds(30));
        assertThat(escalated.stepDeadline()).as("due for its void").isNotNull();
        assertThat(commands(lotteryCommands, request, AllocateShares.class)).hasSize(properties.maxAttempts());
        String id = request.orderId().toString();
        var stuck = http().get().uri("/admin/orders/stuck").retrieve().toEntity(String.class);
        assertThat(stuck.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ids(stuck.getBody())).contains(id);
        var listed = http().get().uri("/admin/orders?status=ESCALATED").retrieve().toEntity(String.class);
        assertThat(ids(listed.getBody())).contains(id);

        participants.script(request.bizId()).allocation = Answer.ACCEPT;
        var mark = TestKafka.mark(Topics.LOTTERY_COMMANDS.name());
        var retried = http().post().uri("/admin/orders/{id}/retry", id).retrieve().toEntity(String.class);

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(retried.getBody()).path("status").asString()).isEqualTo("PAID");
        assertThat(json(retried.getBody()).path("stepAttempts").asInt()).isEqualTo(1);
        Order completed = awaitStatus(request.orderId(), OrderStatus.COMPLETED);
        assertThat(completed.numbers()).isNotNull();
        assertThat(commands(mark, request, AllocateShares.class)).hasSize(1);
        assertThat(orders.history(completed.id())).extracting(StatusChange::to).containsExactly(
                OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.ESCALATED, OrderStatus.PAID, OrderStatus.COMPLETED);

        var again = http().post().uri("/admin/orders/{id}/retry", id).retrieve().toEntity(String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(again.getBody()).path("detail").asString()).contains("is COMPLETED");
    }

    @Test
    void unansweredRefundFailsOverToSlowerRetriesUntilTheRefundIsConfirmed() {
        var request = request(uniqueBizId("no-refund-reply"), "u-slow-refund", 1, PaymentMethod.MONEY);
        participants.script(request.bizId()).allocation = Answer.REJECT;
        participants.script(request.bizId()).refund = Answer.SILENT;
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());

        TestKafka.publishRequest(request);

        awaitStatus(request.orderId(), OrderStatus.COMPENSATION_FAILED, Duration.ofSeconds(30));
        assertThat(commands(walletCommands, request, RefundWallet.class)).hasSize(properties.maxAttempts());
        // Never given up: the refund goes out again, at the slower pace.
        var records = TestKafka.readUntil(walletCommands, Duration.ofSeconds(30),
                read -> commands(read, request, RefundWallet.class).size() > properties.maxAttempts());
        var refunds = commands(records, request, RefundWallet.class);
        assertThat(refunds).hasSizeGreaterThan(properties.maxAttempts());
        var lastFast = refunds.get(properties.maxAttempts() - 1).occurredAt();
        var firstSlow = refunds.get(properties.maxAttempts()).occurredAt();
        assertThat(Duration.between(lastFast, firstSlow))
                .isGreaterThanOrEqualTo(properties.compensationRetryInterval().minusMillis(100));

        participants.script(request.bizId()).refund = Answer.ACCEPT;

        Order cancelled = awaitStatus(request.orderId(), OrderStatus.CANCELLED, Duration.ofSeconds(30));
        assertThat(cancelled.cancelReason()).isEqualTo("SOLD_OUT");
        assertThat(orders.history(cancelled.id())).extracting(StatusChange::to).containsExactly(OrderStatus.PENDING,
                OrderStatus.PAID, OrderStatus.REFUNDING, OrderStatus.COMPENSATION_FAILED, OrderStatus.CANCELLED);
    }

    private static List<String> ids(String body) {
        return StreamSupport.stream(json(body).spliterator(), false).map(n -> n.path("orderId").asString()).toList();
    }
}

package com.luckydraw.order.saga;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.order.OrderStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A terminal's trace reaches the saga's commands: the request's traceparent goes on with the DebitWallet it causes. */
class PurchaseTraceIT extends OrderServiceTestBase {

    @Test
    void theDebitCommandOfATracedRequestCarriesTheRequestsTraceId() {
        var request = request(uniqueBizId("traced"), "u-traced", 1, PaymentMethod.MONEY);
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        var record = TestKafka.signedRequest(request);
        record.headers().add(new RecordHeader("traceparent",
                ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8)));
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());

        TestKafka.publish(record);

        awaitStatus(request.orderId(), OrderStatus.COMPLETED);
        var debit = TestKafka.readUntil(walletCommands, Duration.ofSeconds(30), read -> read.stream()
                .anyMatch(r -> isDebitOf(r, request.bizId()))).stream()
                .filter(r -> isDebitOf(r, request.bizId())).findFirst().orElseThrow();
        assertThat(new String(debit.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
    }

    private static boolean isDebitOf(ConsumerRecord<String, byte[]> record, String bizId) {
        var message = TestKafka.CODEC.decode(record.value(), com.luckydraw.events.Message.class);
        return message instanceof DebitWallet && message.bizId().equals(bizId);
    }
}

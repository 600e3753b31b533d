package com.luckydraw.messaging;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics.TopicSpec;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderEvent;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.messaging.outbox.OutboxRelay;
import com.luckydraw.messaging.tracing.MessageTracing;
import com.luckydraw.testing.IntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A purchase's trace crosses a service: a consumed record's {@code traceparent} is continued while its message is
 * handled, so the log lines written then and the outbox rows (and the records the relay publishes from them) carry
 * its trace id; in a batch each message's rows carry their own message's trace.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TraceContextIT {

    private static final Logger log = LoggerFactory.getLogger(TraceContextIT.class);
    /** Where the handled messages' replies go: this test's own topic, which only the relay writes. */
    private static final TopicSpec REPLIES = new TopicSpec("luckydraw.test.tracing." + UUID.randomUUID(), 1,
            Duration.ofHours(1), "orderId", "test replies");

    @DynamicPropertySource
    static void topic(DynamicPropertyRegistry registry) {
        registry.add("test.topic", TestTopics.TOPIC::name);
    }

    @BeforeAll
    static void createTopics() {
        TestTopics.create(TestTopics.TOPIC, REPLIES);
    }

    @AfterAll
    static void deleteTopics() {
        TestTopics.delete(REPLIES);
    }

    @Autowired ExactlyOnceProcessing processing;
    @Autowired Outbox outbox;
    @Autowired JdbcTemplate jdbc;
    @Autowired MessageCodec codec;
    @Autowired PlatformTransactionManager transactions;

    @Test
    void aHandledMessageContinuesItsTraceInItsLogLinesOutboxRowsAndPublishedRecords(CapturedOutput output) {
        String traceId = randomHex(16);
        String parentSpan = randomHex(8);
        var request = message("b-" + UUID.randomUUID());
        var reply = message(request.bizId());

        processing.process(List.of(record(request, "00-" + traceId + "-" + parentSpan + "-01")), OrderEvent.class,
                received -> received.forEach(r -> {
                    log.info("handling purchase {}", r.message().bizId());
                    outbox.append(REPLIES, "k", reply);
                }));

        List<String> logLines = output.getOut().lines()
                .filter(line -> line.contains("handling purchase " + request.bizId())).toList();
        assertThat(logLines).hasSize(1);
        String logLine = logLines.get(0);
        Matcher correlation = Pattern.compile("\\[([0-9a-f]{32}),([0-9a-f]{16})\\]").matcher(logLine);
        assertThat(correlation.find()).as("trace and span ids in %s", logLine).isTrue();
        assertThat(correlation.group(1)).isEqualTo(traceId);
        String handlingSpan = correlation.group(2);
        // The reply names the span that handled the request, a child of the sender's: the next service's span is
        // that span's child.
        String stored = storedTraceparent(reply.messageId());
        assertThat(stored).isEqualTo("00-" + traceId + "-" + handlingSpan + "-01");
        assertThat(handlingSpan).isNotEqualTo(parentSpan);
        assertThat(publishedTraceparent(reply.messageId())).isEqualTo(stored);
    }

    @Test
    void aMessageWrittenWhileNothingIsHandledStartsATraceOfItsOwn() {
        var resend = message("b-" + UUID.randomUUID());

        new TransactionTemplate(transactions).executeWithoutResult(status -> outbox.append(REPLIES, "k", resend));

        assertThat(storedTraceparent(resend.messageId())).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    }

    @Test
    void eachMessageOfABatchPassesOnItsOwnTraceAndOneWithoutAHeaderStartsANewOne() {
        String firstTrace = randomHex(16);
        String secondTrace = randomHex(16);
        List<OrderCancelled> requests = List.of(message("b-" + UUID.randomUUID()), message("b-" + UUID.randomUUID()),
                message("b-" + UUID.randomUUID()));
        List<OrderCancelled> replies = requests.stream().map(r -> message(r.bizId())).toList();
        var records = List.of(record(requests.get(0), "00-" + firstTrace + "-" + randomHex(8) + "-01"),
                record(requests.get(1), "00-" + secondTrace + "-" + randomHex(8) + "-01"),
                record(requests.get(2), null));

        processing.process(records, OrderEvent.class, received -> received.forEach(r -> outbox.append(REPLIES, "k",
                replies.get(requests.indexOf((OrderCancelled) r.message())))));

        assertThat(storedTraceparent(replies.get(0).messageId())).startsWith("00-" + firstTrace + "-");
        assertThat(storedTraceparent(replies.get(1).messageId())).startsWith("00-" + secondTrace + "-");
        assertThat(storedTraceparent(replies.get(2).messageId())).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
                .doesNotContain(firstTrace).doesNotContain(secondTrace);
    }

    private String storedTraceparent(UUID messageId) {
        return jdbc.queryForObject("SELECT traceparent FROM outbox_message WHERE message_id = ?", String.class,
                messageId);
    }

    /** The traceparent header of the record the relay published for the message. */
    private static String publishedTraceparent(UUID messageId) {
        try (var reader = TestTopics.reader(REPLIES.name())) {
            var read = TestTopics.readUntil(reader, Duration.ofSeconds(30), records -> records.stream()
                    .anyMatch(r -> messageId.toString().equals(header(r, OutboxRelay.ID_HEADER))));
            return read.stream().filter(r -> messageId.toString().equals(header(r, OutboxRelay.ID_HEADER)))
                    .map(r -> header(r, MessageTracing.TRACEPARENT_HEADER)).findFirst()
                    .orElseThrow(() -> new AssertionError("the relay did not publish " + messageId + " within 30 s"));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ConsumerRecord<String, byte[]> record(OrderCancelled message, String traceparent) {
        var record = new ConsumerRecord<>(TestTopics.TOPIC.name(), 0, ThreadLocalRandom.current().nextLong(1, 1 << 30), "k",
                codec.encode(message));
        if (traceparent != null) {
            record.headers().add(new RecordHeader(MessageTracing.TRACEPARENT_HEADER,
                    traceparent.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    private static OrderCancelled message(String bizId) {
        return new OrderCancelled(UUID.randomUUID(), 1, bizId, "pos-1", UUID.randomUUID(), Instant.now(), "u-1", 1,
                "test");
    }

    private static String randomHex(int bytes) {
        var random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

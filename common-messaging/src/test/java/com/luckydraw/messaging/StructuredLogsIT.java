package com.luckydraw.messaging;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderEvent;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
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
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option for log collectors: with {@code logging.structured.format.console=ecs} (LOGGING_STRUCTURED_FORMAT_CONSOLE)
 * each log line is one JSON object, and a line written while a message is handled has its trace id as a field.
 */
@IntegrationTest
@TestPropertySource(properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIT {

    private static final Logger log = LoggerFactory.getLogger(StructuredLogsIT.class);

    @DynamicPropertySource
    static void topic(DynamicPropertyRegistry registry) {
        registry.add("test.topic", TestTopics.TOPIC::name);
    }

    @BeforeAll
    static void createTopics() {
        TestTopics.create(TestTopics.TOPIC);
    }

    /*
     * Spring Boot configures logging once per JVM until a context closes: a context cached by an earlier test class
     * would keep its plain lines. Clearing the mark makes this class's context apply its format, whatever ran before;
     * clearing it again after lets the next new context apply its own.
     */
    @BeforeAll
    static void configureLoggingWithThisContext() {
        LoggingSystem.get(StructuredLogsIT.class.getClassLoader()).cleanUp();
    }

    @AfterAll
    static void configureLoggingWithTheNextContext() {
        LoggingSystem.get(StructuredLogsIT.class.getClassLoader()).cleanUp();
    }

    @Autowired ExactlyOnceProcessing processing;
    @Autowired MessageCodec codec;

    @Test
    void aLineWrittenWhileHandlingAMessageIsJsonWithTheIncomingTraceId(CapturedOutput output) {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        var message = new OrderCancelled(UUID.randomUUID(), 1, "b-" + UUID.randomUUID(), "pos-1", UUID.randomUUID(),
                Instant.now(), "u-1", 1, "test");
        var record = new ConsumerRecord<>(TestTopics.TOPIC.name(), 0, ThreadLocalRandom.current().nextLong(1, 1 << 30),
                "k", codec.encode(message));
        record.headers().add(new RecordHeader(MessageTracing.TRACEPARENT_HEADER,
                ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8)));

        processing.process(List.of(record), OrderEvent.class,
                received -> log.info("handling purchase {}", received.get(0).message().bizId()));

        String line = output.getOut().lines().filter(l -> l.contains("handling purchase " + message.bizId()))
                .findFirst().orElseThrow();
        var json = JsonMapper.builder().build().readTree(line);
        assertThat(json.path("message").asString()).isEqualTo("handling purchase " + message.bizId());
        assertThat(json.path("traceId").asString()).isEqualTo(traceId);
    }
}

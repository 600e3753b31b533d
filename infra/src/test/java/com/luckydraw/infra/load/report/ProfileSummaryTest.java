package com.luckydraw.infra.load.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileSummaryTest {

    @Test
    void timeInTheJdkCountsForTheLibraryThatCalledIt() {
        var summary = new ProfileSummary();
        summary.add(List.of("java.util.HashMap.getNode", "io.micrometer.core.instrument.Timer.record",
                "com.luckydraw.messaging.tracing.MessageTracing.traceparentFor"));
        summary.add(List.of("org.postgresql.core.PGStream.receive", "com.luckydraw.jdbc.UnnestBatch.column"));
        summary.add(List.of("java.lang.Thread.run"));
        summary.add(List.of("io.opentelemetry.sdk.trace.SdkSpan.end", "io.micrometer.tracing.otel.OtelSpan.end"));

        assertThat(summary.samples()).isEqualTo(4);
        assertThat(summary.byLibrary()).containsExactly(
                Map.entry("JDK only", 25.0),
                Map.entry("Micrometer (observations, meters)", 25.0),
                Map.entry("PostgreSQL JDBC driver", 25.0),
                Map.entry("tracing (Micrometer Tracing, OpenTelemetry)", 25.0));
    }

    @Test
    void theMoreSpecificPrefixWins() {
        assertThat(ProfileSummary.library("io.micrometer.tracing.Span.end")).contains(
                "tracing (Micrometer Tracing, OpenTelemetry)");
        assertThat(ProfileSummary.library("org.springframework.kafka.listener.KafkaMessageListenerContainer.run"))
                .contains("Spring Kafka");
        assertThat(ProfileSummary.library("org.springframework.context.support.AbstractApplicationContext.refresh"))
                .contains("Spring (other)");
        assertThat(ProfileSummary.library("java.util.HashMap.get")).isEmpty();
    }

    @Test
    void thePrintoutNamesTheProjectsFrameNearestTheTopWithItsShare() {
        var summary = new ProfileSummary();
        summary.add(List.of("tools.jackson.core.json.UTF8JsonGenerator.writeString",
                "com.luckydraw.events.MessageCodec.encode", "com.luckydraw.messaging.outbox.Outbox.appendAll"));
        summary.add(List.of("com.luckydraw.events.MessageCodec.encode", "com.luckydraw.messaging.outbox.Outbox.append"));
        var bytes = new ByteArrayOutputStream();

        summary.print("order-max.jfr", new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("order-max.jfr: 2 execution samples")
                .contains("100.0 %  com.luckydraw.events.MessageCodec.encode")
                .contains(" 50.0 %  Jackson").contains(" 50.0 %  luckydraw");
    }
}

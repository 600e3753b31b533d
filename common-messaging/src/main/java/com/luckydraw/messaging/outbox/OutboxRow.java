package com.luckydraw.messaging.outbox;

import com.luckydraw.messaging.tracing.MessageTracing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** An outbox row as the relay sends it; {@code traceparent} is the trace it continues (null: none). */
record OutboxRow(long id, UUID messageId, String topic, String key, String type, String payload, String traceparent,
        Instant createdAt) {

    /** The record on the wire: the payload under the row's key, with its type, message id and trace as headers. */
    ProducerRecord<String, byte[]> toRecord() {
        var record = new ProducerRecord<>(topic, null, key, payload.getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader(OutboxRelay.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(OutboxRelay.ID_HEADER,
                messageId.toString().getBytes(StandardCharsets.UTF_8)));
        if (traceparent != null) {
            record.headers().add(new RecordHeader(MessageTracing.TRACEPARENT_HEADER,
                    traceparent.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }
}

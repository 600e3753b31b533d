package com.luckydraw.messaging.outbox;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics.TopicSpec;
import com.luckydraw.jdbc.UnnestBatch;
import com.luckydraw.messaging.tracing.MessageTracing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The only way a message leaves a service: it is written to {@code outbox_message} (and its id to
 * {@code outbox_pending}) inside the caller's transaction, so it exists exactly when the state change it announces was
 * committed. Right after the commit the rows are handed to the {@link OutboxRelay}, which publishes them without
 * reading them back.
 */
public class Outbox {

    /**
     * All the messages of a transaction in one statement, in their order (their ids keep it for the relay), each
     * marked pending in {@code outbox_pending} until the relay saw the broker acknowledge it.
     */
    private static final String INSERT = """
            WITH stored AS (
                INSERT INTO outbox_message (message_id, topic, message_key, message_type, payload, traceparent)
                SELECT m.message_id, m.topic, m.message_key, m.message_type, m.payload, m.traceparent
                  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                       WITH ORDINALITY AS m(message_id, topic, message_key, message_type, payload, traceparent, n)
                 ORDER BY m.n
                RETURNING id, message_id, created_at),
            pending AS (INSERT INTO outbox_pending (id) SELECT id FROM stored)
            SELECT id, message_id, created_at FROM stored
            """;

    private final JdbcTemplate jdbc;
    private final MessageCodec codec;
    private final OutboxRelay relay;
    private final MessageTracing tracing;

    public Outbox(JdbcTemplate jdbc, MessageCodec codec, OutboxRelay relay) {
        this(jdbc, codec, relay, MessageTracing.none());
    }

    public Outbox(JdbcTemplate jdbc, MessageCodec codec, OutboxRelay relay, MessageTracing tracing) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.relay = relay;
        this.tracing = tracing;
    }

    public void append(TopicSpec topic, String key, Message message) {
        appendAll(List.of(new Outgoing(topic, key, message)));
    }

    public void appendAll(List<Outgoing> messages) {
        if (messages.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Without a transaction the row could commit without the state change, or the other way round.
            throw new IllegalStateException("Outbox.append must run inside the transaction of the state change");
        }
        // Encoded once: for the row, and for the relay, which publishes it later without reading it back. The trace
        // context is stored with the row: the relay publishes on another thread, outside the trace that caused it.
        List<Encoded> encoded = messages.stream()
                .map(m -> new Encoded(m, codec.encodeToString(m.message()), tracing.traceparentFor(m.message())))
                .toList();
        Map<UUID, Stored> stored = new HashMap<>();
        jdbc.query(UnnestBatch.of(INSERT, encoded)
                .uuid(e -> e.outgoing().message().messageId())
                .text(e -> e.outgoing().topic().name())
                .text(e -> e.outgoing().key())
                .text(e -> e.outgoing().message().type())
                .text(Encoded::payload)
                .text(Encoded::traceparent), rs -> {
            stored.put(rs.getObject("message_id", UUID.class),
                    new Stored(rs.getLong("id"), rs.getTimestamp("created_at").toInstant()));
        });
        List<OutboxRow> rows = new ArrayList<>(messages.size());
        for (Encoded e : encoded) {
            Message message = e.outgoing().message();
            Stored s = stored.get(message.messageId());
            rows.add(new OutboxRow(s.id(), message.messageId(), e.outgoing().topic().name(), e.outgoing().key(),
                    message.type(), e.payload(), e.traceparent(), s.createdAt()));
        }
        List<Long> ids = rows.stream().map(OutboxRow::id).toList();
        relay.reserve(ids);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.committed(rows);
            }

            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    relay.release(ids);
                }
            }
        });
    }

    private record Encoded(Outgoing outgoing, String payload, String traceparent) {
    }

    private record Stored(long id, Instant createdAt) {
    }

    /** A message bound for a topic under a key (the key decides the partition and so the order). */
    public record Outgoing(TopicSpec topic, String key, Message message) {
    }
}

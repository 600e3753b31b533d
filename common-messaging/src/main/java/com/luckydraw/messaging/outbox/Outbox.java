package com.luckydraw.messaging.outbox;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics.TopicSpec;
import com.luckydraw.messaging.tracing.MessageTracing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
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
        List<String> payloads = messages.stream().map(m -> codec.encodeToString(m.message())).toList();
        // Stored with the row: the relay publishes it later, on another thread, outside the trace that caused it.
        List<String> traceparents = messages.stream().map(m -> tracing.traceparentFor(m.message())).toList();
        Map<UUID, Stored> stored = new HashMap<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT);
            ps.setArray(1, con.createArrayOf("uuid", messages.stream().map(m -> m.message().messageId()).toArray()));
            ps.setArray(2, con.createArrayOf("text", messages.stream().map(m -> m.topic().name()).toArray()));
            ps.setArray(3, con.createArrayOf("text", messages.stream().map(Outgoing::key).toArray()));
            ps.setArray(4, con.createArrayOf("text", messages.stream().map(m -> m.message().type()).toArray()));
            ps.setArray(5, con.createArrayOf("text", payloads.toArray()));
            ps.setArray(6, con.createArrayOf("text", traceparents.toArray()));
            return ps;
        }, rs -> {
            stored.put(rs.getObject("message_id", UUID.class),
                    new Stored(rs.getLong("id"), rs.getTimestamp("created_at").toInstant()));
        });
        List<OutboxRow> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Outgoing m = messages.get(i);
            Stored s = stored.get(m.message().messageId());
            rows.add(new OutboxRow(s.id(), m.message().messageId(), m.topic().name(), m.key(),
                    m.message().type(), payloads.get(i), traceparents.get(i), s.createdAt()));
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

    private record Stored(long id, Instant createdAt) {
    }

    /** A message bound for a topic under a key (the key decides the partition and so the order). */
    public record Outgoing(TopicSpec topic, String key, Message message) {
    }
}

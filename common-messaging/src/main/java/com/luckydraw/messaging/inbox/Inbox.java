package com.luckydraw.messaging.inbox;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Remembers which messages this service has applied, and what each said (a SHA-256 of its canonical encoding): a
 * message id seen before is a duplicate when the content is the same, and a {@link MessageIdReusedException} when it
 * is not. {@link #firstDeliveries} must run in the transaction of the effects: the entries commit exactly when the
 * effects do, so a redelivery or replay finds them and is skipped.
 */
public class Inbox {

    private static final String CLAIM = """
            INSERT INTO inbox_message (consumer, message_id, topic, kafka_partition, kafka_offset, fingerprint)
            SELECT ?, m.id, m.topic, m.kafka_partition, m.kafka_offset, m.fingerprint
              FROM unnest(?::uuid[], ?::text[], ?::int[], ?::bigint[], ?::bytea[])
                   AS m(id, topic, kafka_partition, kafka_offset, fingerprint)
            ON CONFLICT (consumer, message_id) DO NOTHING
            RETURNING message_id
            """;

    /** What the messages applied before said; read only when some of a batch were applied before. */
    private static final String APPLIED = """
            SELECT message_id, fingerprint FROM inbox_message WHERE consumer = ? AND message_id = ANY (?::uuid[])
            """;

    /** Canonical bytes of a decoded message, whatever spacing, field order or unknown fields its record had. */
    private final MessageCodec codec = new MessageCodec();

    private final JdbcTemplate jdbc;
    private final String consumer;
    private final Counter duplicates;

    public Inbox(JdbcTemplate jdbc, String consumer, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.consumer = consumer;
        this.duplicates = Counter.builder("luckydraw.inbox.duplicates")
                .description("messages delivered again and skipped: redeliveries and replays").tag("consumer", consumer)
                .register(meters);
    }

    /**
     * Records the messages as applied and returns those seen for the first time, in their original order. The rest
     * were applied before (or occur twice in this batch) and are counted as duplicates; one of them with content
     * other than its first occurrence's throws {@link MessageIdReusedException}, and the transaction rolls back.
     */
    public <T extends Message> List<Received<T>> firstDeliveries(List<Received<T>> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Inbox must be used inside the transaction of the message's effects");
        }
        int n = messages.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        byte[][] fingerprints = new byte[n][];
        for (int i = 0; i < n; i++) {
            Received<T> m = messages.get(i);
            ids[i] = m.message().messageId();
            topics[i] = m.topic();
            partitions[i] = m.partition();
            offsets[i] = m.offset();
            fingerprints[i] = fingerprint(m.message());
        }
        Set<UUID> fresh = new HashSet<>(jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(CLAIM);
            ps.setString(1, consumer);
            ps.setArray(2, con.createArrayOf("uuid", ids));
            ps.setArray(3, con.createArrayOf("text", topics));
            ps.setArray(4, con.createArrayOf("integer", partitions));
            ps.setArray(5, con.createArrayOf("bigint", offsets));
            ps.setArray(6, con.createArrayOf("bytea", fingerprints));
            return ps;
        }, (rs, i) -> rs.getObject(1, UUID.class)));
        if (fresh.size() < n) {
            refuseReusedIds(ids, fingerprints, fresh);
        }
        // A message twice in one batch: only its first occurrence counts.
        List<Received<T>> first = messages.stream().filter(m -> fresh.remove(m.message().messageId())).toList();
        if (first.size() < n) {
            duplicates.increment(n - first.size());
        }
        return first;
    }

    /**
     * The messages not claimed now were applied before, or occur earlier in this batch: each must say what its
     * first occurrence said, or it is another message under a reused id ({@link MessageIdReusedException}).
     */
    private void refuseReusedIds(UUID[] ids, byte[][] fingerprints, Set<UUID> fresh) {
        Map<UUID, byte[]> said = new HashMap<>();
        List<UUID> before = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (said.containsKey(ids[i])) {
                if (!Arrays.equals(said.get(ids[i]), fingerprints[i])) {
                    throw new MessageIdReusedException(consumer, ids[i]);
                }
            } else {
                said.put(ids[i], fingerprints[i]);
                if (!fresh.contains(ids[i])) {
                    before.add(ids[i]);
                }
            }
        }
        if (before.isEmpty()) {
            return;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(APPLIED);
            ps.setString(1, consumer);
            ps.setArray(2, con.createArrayOf("uuid", before.toArray()));
            return ps;
        }, rs -> {
            UUID id = rs.getObject(1, UUID.class);
            byte[] stored = rs.getBytes(2);
            // Entries written before fingerprints were kept say nothing: taken as the same content.
            if (stored != null && !Arrays.equals(stored, said.get(id))) {
                throw new MessageIdReusedException(consumer, id);
            }
        });
    }

    private byte[] fingerprint(Message message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(codec.encode(message));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public double duplicatesSkipped() {
        return duplicates.count();
    }

    public String consumer() {
        return consumer;
    }
}

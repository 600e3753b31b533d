package com.luckydraw.messaging.inbox;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.jdbc.UnnestBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        List<Claim> claims = messages.stream().map(m -> new Claim(m.message().messageId(), m.topic(), m.partition(),
                m.offset(), fingerprint(m.message()))).toList();
        Set<UUID> fresh = new HashSet<>(jdbc.query(UnnestBatch.of(CLAIM, claims)
                .value(consumer)
                .uuid(Claim::id)
                .text(Claim::topic)
                .integer(Claim::partition)
                .bigint(Claim::offset)
                .bytea(Claim::fingerprint), (rs, i) -> rs.getObject(1, UUID.class)));
        if (fresh.size() < n) {
            refuseReusedIds(claims, fresh);
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
    private void refuseReusedIds(List<Claim> claims, Set<UUID> fresh) {
        Map<UUID, byte[]> said = new HashMap<>();
        List<UUID> before = new ArrayList<>();
        for (Claim claim : claims) {
            if (said.containsKey(claim.id())) {
                if (!Arrays.equals(said.get(claim.id()), claim.fingerprint())) {
                    throw new MessageIdReusedException(consumer, claim.id());
                }
            } else {
                said.put(claim.id(), claim.fingerprint());
                if (!fresh.contains(claim.id())) {
                    before.add(claim.id());
                }
            }
        }
        if (before.isEmpty()) {
            return;
        }
        jdbc.query(UnnestBatch.of(APPLIED, before).value(consumer).uuid(id -> id), rs -> {
            UUID id = rs.getObject(1, UUID.class);
            byte[] stored = rs.getBytes(2);
            // Entries written before fingerprints were kept say nothing: taken as the same content.
            if (stored != null && !Arrays.equals(stored, said.get(id))) {
                throw new MessageIdReusedException(consumer, id);
            }
        });
    }

    /** One message as the inbox records it. */
    private record Claim(UUID id, String topic, int partition, long offset, byte[] fingerprint) {
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

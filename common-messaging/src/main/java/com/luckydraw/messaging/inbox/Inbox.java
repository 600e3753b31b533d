package com.luckydraw.messaging.inbox;

import com.luckydraw.events.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Remembers which messages this service has applied. {@link #firstDeliveries} must run in the transaction of the
 * effects: the entries commit exactly when the effects do, so a redelivery or replay finds them and is skipped.
 */
public class Inbox {

    private static final String CLAIM = """
            INSERT INTO inbox_message (consumer, message_id, topic, kafka_partition, kafka_offset)
            SELECT ?, m.id, m.topic, m.kafka_partition, m.kafka_offset
              FROM unnest(?::uuid[], ?::text[], ?::int[], ?::bigint[]) AS m(id, topic, kafka_partition, kafka_offset)
            ON CONFLICT (consumer, message_id) DO NOTHING
            RETURNING message_id
            """;

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
     * were applied before (or occur twice in this batch) and are counted as duplicates.
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
        for (int i = 0; i < n; i++) {
            Received<T> m = messages.get(i);
            ids[i] = m.message().messageId();
            topics[i] = m.topic();
            partitions[i] = m.partition();
            offsets[i] = m.offset();
        }
        Set<UUID> fresh = new HashSet<>(jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(CLAIM);
            ps.setString(1, consumer);
            ps.setArray(2, con.createArrayOf("uuid", ids));
            ps.setArray(3, con.createArrayOf("text", topics));
            ps.setArray(4, con.createArrayOf("integer", partitions));
            ps.setArray(5, con.createArrayOf("bigint", offsets));
            return ps;
        }, (rs, i) -> rs.getObject(1, UUID.class)));
        // A message twice in one batch: only its first occurrence counts.
        List<Received<T>> first = messages.stream().filter(m -> fresh.remove(m.message().messageId())).toList();
        if (first.size() < n) {
            duplicates.increment(n - first.size());
        }
        return first;
    }

    public <T extends Message> boolean firstDelivery(Received<T> message) {
        return !firstDeliveries(List.of(message)).isEmpty();
    }

    public double duplicatesSkipped() {
        return duplicates.count();
    }

    public String consumer() {
        return consumer;
    }
}

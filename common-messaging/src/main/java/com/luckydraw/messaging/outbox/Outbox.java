package com.luckydraw.messaging.outbox;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics.TopicSpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

/**
 * The only way a message leaves a service: it is written to {@code outbox_message} inside the caller's transaction,
 * so it exists exactly when the state change it announces was committed. The {@link OutboxRelay} publishes it.
 */
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox_message (message_id, topic, message_key, message_type, payload)
            VALUES (?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;
    private final MessageCodec codec;
    private final OutboxRelay relay;

    public Outbox(JdbcTemplate jdbc, MessageCodec codec, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.relay = relay;
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
        jdbc.batchUpdate(INSERT, messages, messages.size(), (ps, out) -> {
            ps.setObject(1, out.message().messageId());
            ps.setString(2, out.topic().name());
            ps.setString(3, out.key());
            ps.setString(4, out.message().type());
            ps.setString(5, codec.encodeToString(out.message()));
        });
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }

    /** A message bound for a topic under a key (the key decides the partition and so the order). */
    public record Outgoing(TopicSpec topic, String key, Message message) {
    }
}

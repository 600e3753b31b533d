package com.luckydraw.messaging.outbox;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics.TopicSpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.util.List;

/**
 * The only way a message leaves a service: it is written to {@code outbox_message} inside the caller's transaction,
 * so it exists exactly when the state change it announces was committed. The {@link OutboxRelay} publishes it.
 */
public class Outbox {

    /** All the messages of a transaction in one statement, in their order (their ids keep it for the relay). */
    private static final String INSERT = """
            INSERT INTO outbox_message (message_id, topic, message_key, message_type, payload)
            SELECT m.message_id, m.topic, m.message_key, m.message_type, m.payload
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])
                   WITH ORDINALITY AS m(message_id, topic, message_key, message_type, payload, n)
             ORDER BY m.n
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
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT);
            ps.setArray(1, con.createArrayOf("uuid", messages.stream().map(m -> m.message().messageId()).toArray()));
            ps.setArray(2, con.createArrayOf("text", messages.stream().map(m -> m.topic().name()).toArray()));
            ps.setArray(3, con.createArrayOf("text", messages.stream().map(Outgoing::key).toArray()));
            ps.setArray(4, con.createArrayOf("text", messages.stream().map(m -> m.message().type()).toArray()));
            ps.setArray(5, con.createArrayOf("text",
                    messages.stream().map(m -> codec.encodeToString(m.message())).toArray()));
            return ps;
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

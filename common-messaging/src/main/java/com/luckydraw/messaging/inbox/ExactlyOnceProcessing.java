package com.luckydraw.messaging.inbox;

import com.luckydraw.events.InvalidMessageException;
import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.messaging.deadletter.DeadLetters;
import com.luckydraw.messaging.tracing.MessageTracing;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How every service consumes: decode the polled batch (refused records go to the dead-letter topic), then apply the
 * messages seen for the first time in one transaction with their inbox entries and outbox rows. A batch whose
 * transaction fails for a message-specific reason is applied again one message per transaction, so only the culprit
 * is dead-lettered; a failure of the database itself is rethrown, and the listener's error handler redelivers the
 * batch after a pause. A message that loses a race on a unique key to a concurrent transaction is applied again, not
 * dead-lettered. Nothing is acknowledged that was not applied or dead-lettered.
 */
public class ExactlyOnceProcessing {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceProcessing.class);

    /** Transactions a message gets when it keeps losing races on unique keys; a key that is never free is its own. */
    private static final int KEY_RACE_ATTEMPTS = 3;

    private final MessageCodec codec;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final TransactionTemplate tx;
    private final MessageTracing tracing;

    public ExactlyOnceProcessing(MessageCodec codec, Inbox inbox, DeadLetters deadLetters, TransactionTemplate tx) {
        this(codec, inbox, deadLetters, tx, MessageTracing.none());
    }

    public ExactlyOnceProcessing(MessageCodec codec, Inbox inbox, DeadLetters deadLetters, TransactionTemplate tx,
            MessageTracing tracing) {
        this.codec = codec;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.tracing = tracing;
    }

    /**
     * Applies a polled batch. {@code handler} gets only first deliveries, inside the transaction; it writes its
     * effects and its outgoing messages (Outbox) there.
     */
    public <T extends Message> void process(List<ConsumerRecord<String, byte[]>> records, Class<T> type,
            Consumer<List<Received<T>>> handler) {
        process(records, topic -> type, null, handler);
    }

    /**
     * As {@link #process(List, Class, Consumer)}, with the records that {@code admission} refuses dead-lettered (with
     * its reason) before the transaction: they are never applied and never enter the inbox.
     */
    public <T extends Message> void process(List<ConsumerRecord<String, byte[]>> records, Class<T> type,
            Admission<T> admission, Consumer<List<Received<T>>> handler) {
        process(records, topic -> type, admission, handler);
    }

    /**
     * Applies a polled batch from several topics, each record decoded as the type its topic carries (a record of
     * another type is refused and dead-lettered as on a single topic).
     */
    public <T extends Message> void process(List<ConsumerRecord<String, byte[]>> records,
            Function<String, Class<? extends T>> typeOfTopic, Consumer<List<Received<T>>> handler) {
        process(records, typeOfTopic, null, handler);
    }

    private <T extends Message> void process(List<ConsumerRecord<String, byte[]>> records,
            Function<String, Class<? extends T>> typeOfTopic, Admission<T> admission,
            Consumer<List<Received<T>>> handler) {
        List<Received<T>> accepted = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Class<? extends T> type = typeOfTopic.apply(record.topic());
                if (type == null) {
                    throw new IllegalStateException("no message type for topic " + record.topic());
                }
                T message = codec.decode(record.value(), type);
                accepted.add(new Received<>(message, record.topic(), record.partition(), record.offset()));
                sources.add(record);
            } catch (InvalidMessageException e) {
                log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                deadLetters.publish(record, e);
            }
        }
        if (admission != null && !accepted.isEmpty()) {
            admit(admission, accepted, sources);
        }
        if (accepted.isEmpty()) {
            return;
        }
        // One observation per message, continuing the trace its producer sent: the outbox rows its handling writes
        // carry that trace on.
        List<Observation> observations = sources.stream().map(tracing::received).toList();
        try {
            applyAll(accepted, sources, observations, handler);
        } catch (RuntimeException e) {
            observations.forEach(observation -> observation.error(e));
            throw e;
        } finally {
            observations.forEach(Observation::stop);
        }
    }

    private <T extends Message> void applyAll(List<Received<T>> accepted, List<ConsumerRecord<String, byte[]>> sources,
            List<Observation> observations, Consumer<List<Received<T>>> handler) {
        if (accepted.size() == 1) {
            applyOne(accepted.get(0), sources.get(0), observations.get(0), handler);
            return;
        }
        try {
            tracing.applying(accepted.stream().map(Received::message).toList(), observations, () -> {
                tx.executeWithoutResult(status -> handler.accept(inbox.firstDeliveries(accepted)));
                return null;
            });
        } catch (RuntimeException e) {
            if (isInfrastructureFailure(e)) {
                throw e;
            }
            log.warn("batch of {} failed ({}); applying its messages one by one", accepted.size(), e.getMessage());
            for (int i = 0; i < accepted.size(); i++) {
                applyOne(accepted.get(i), sources.get(i), observations.get(i), handler);
            }
        }
    }

    /** As {@link #applyOne(Received, ConsumerRecord, Consumer)}, in the message's observation (its log lines too). */
    private <T extends Message> void applyOne(Received<T> one, ConsumerRecord<String, byte[]> source,
            Observation observation, Consumer<List<Received<T>>> handler) {
        tracing.applying(List.of(one.message()), List.of(observation), () -> {
            applyOne(one, source, handler);
            return null;
        });
    }

    /**
     * One message in a transaction of its own. A unique key taken meanwhile by a concurrent transaction (another
     * delivery of the same command, on another instance or thread) is a race, not a bad message: applied again in a
     * fresh transaction, the message then finds the winner's row and is answered as the winner was.
     */
    private <T extends Message> void applyOne(Received<T> one, ConsumerRecord<String, byte[]> source,
            Consumer<List<Received<T>>> handler) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(status -> handler.accept(inbox.firstDeliveries(List.of(one))));
                return;
            } catch (RuntimeException e) {
                if (attempt < KEY_RACE_ATTEMPTS && isKeyRace(e) && !isInfrastructureFailure(e)) {
                    log.info("{}-{}@{} lost a race on a unique key ({}); applying it again", source.topic(),
                            source.partition(), source.offset(), e.getMessage());
                    continue;
                }
                rethrowOrDeadLetter(e, source, true);
                return;
            }
        }
    }

    /** A unique or primary key violation (SQL state 23505), however the driver or Spring wrapped it. */
    static boolean isKeyRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException
                    || (t instanceof SQLException sql && "23505".equals(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Dead-letters the refused records and leaves the admitted ones in {@code accepted} and {@code sources}. */
    private <T extends Message> void admit(Admission<T> admission, List<Received<T>> accepted,
            List<ConsumerRecord<String, byte[]>> sources) {
        List<String> refusals = admission.refusals(List.copyOf(sources),
                accepted.stream().map(Received::message).toList());
        if (refusals.size() != accepted.size()) {
            throw new IllegalStateException("an admission must answer for each of the " + accepted.size()
                    + " records, answered " + refusals.size());
        }
        List<Received<T>> admitted = new ArrayList<>(accepted.size());
        List<ConsumerRecord<String, byte[]>> admittedSources = new ArrayList<>(accepted.size());
        for (int i = 0; i < accepted.size(); i++) {
            String reason = refusals.get(i);
            ConsumerRecord<String, byte[]> record = sources.get(i);
            if (reason == null) {
                admitted.add(accepted.get(i));
                admittedSources.add(record);
            } else {
                log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
                deadLetters.publish(record, new InvalidMessageException(reason));
            }
        }
        accepted.clear();
        accepted.addAll(admitted);
        sources.clear();
        sources.addAll(admittedSources);
    }

    private void rethrowOrDeadLetter(RuntimeException e, ConsumerRecord<String, byte[]> record, boolean single) {
        if (isInfrastructureFailure(e) || !single) {
            throw e;
        }
        log.error("dead-lettering {}-{}@{}: applying it failed", record.topic(), record.partition(), record.offset(), e);
        deadLetters.publish(record, new InvalidMessageException("could not be applied: " + e, e));
    }

    /**
     * The database or network is failing, not the message: retry later, never dead-letter. When the database goes
     * away mid-transaction the rollback fails too, and Spring then throws the rollback's failure (a
     * {@link TransactionSystemException} over "Connection is closed", without an SQL state), keeping the original
     * error aside: a transaction manager that cannot finish a transaction is itself an infrastructure failure.
     */
    static boolean isInfrastructureFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException || t instanceof TransactionSystemException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // connection exceptions, admin shutdown
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

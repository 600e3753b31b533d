package com.luckydraw.messaging.outbox;

import com.luckydraw.jdbc.UnnestBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The relay's path right after commit: {@link Outbox} hands this instance's committed rows over in commit order; the
 * relay's thread sends them without waiting for the broker, and marks the acknowledged ones together in one statement
 * when the relay asks (every 50 ms at most). No transaction and no claim per round, and the committing thread never
 * waits for Kafka. What it cannot send (a full queue, a failed send) it leaves to the sweep, and says so.
 */
class OutboxFastPath {

    private static final Logger log = LoggerFactory.getLogger(OutboxFastPath.class);

    /** A sweep may have claimed and published the row meanwhile: then its mark is gone already. */
    private static final String MARK = "DELETE FROM outbox_pending WHERE id = ANY (?::bigint[])";
    /** Rows waiting for the fast path beyond this are left to the sweep (which reads them from the table). */
    private static final int MAX_QUEUED = 50_000;

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxMeters meters;
    /** Asks for a sweep: the rows given up on are in the table, for the sweep to publish. */
    private final Runnable requestSweep;
    /** Wakes the relay's thread, for what happens on the producer's thread. */
    private final Runnable wakeUp;
    /** Committed rows handed over by {@link Outbox}, in commit order, not sent yet. */
    private final ConcurrentLinkedQueue<OutboxRow> committed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Ids the fast path took and has not marked yet: the sweep leaves them alone. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Ids the broker acknowledged, to be marked by the relay thread. */
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();

    OutboxFastPath(JdbcTemplate jdbc, KafkaTemplate<String, byte[]> kafka, OutboxMeters meters, Runnable requestSweep,
            Runnable wakeUp) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.meters = meters;
        this.requestSweep = requestSweep;
        this.wakeUp = wakeUp;
    }

    /**
     * Rows inserted by a transaction not yet committed, announced by {@link Outbox} before the commit: from the moment
     * they are visible the sweep leaves them to the fast path, which would otherwise send a row the sweep claimed
     * between the commit and the hand-over a second time.
     */
    void reserve(List<Long> ids) {
        inFlight.addAll(ids);
    }

    /** Reserved rows whose transaction rolled back: they never existed. */
    void release(List<Long> ids) {
        ids.forEach(inFlight::remove);
    }

    /**
     * Queues committed rows for sending, unless {@code accepting} is false (the relay paused or stopped) or too many
     * wait already: then they are left to the sweep, which is asked for.
     */
    void committed(List<OutboxRow> rows, boolean accepting) {
        if (!accepting || queued.get() + rows.size() > MAX_QUEUED) {
            rows.forEach(row -> inFlight.remove(row.id()));
            requestSweep.run();
        } else {
            committed.addAll(rows);
            queued.addAndGet(rows.size());
        }
    }

    /**
     * Sends what commits handed over, in their order, without waiting for the broker, while {@code go} holds. Each
     * acknowledgement queues the row for marking; a failed send leaves the row to the sweep.
     */
    void sendCommitted(BooleanSupplier go) {
        while (go.getAsBoolean()) {
            OutboxRow row = committed.poll();
            if (row == null) {
                return;
            }
            queued.decrementAndGet();
            CompletableFuture<SendResult<String, byte[]>> sent;
            try {
                sent = kafka.send(row.toRecord());
            } catch (RuntimeException e) {
                dropInFlight(row);
                throw e;
            }
            sent.whenComplete((result, error) -> {
                if (error == null) {
                    meters.published(row, Instant.now());
                    acknowledged.add(row.id());
                } else {
                    log.warn("broker did not acknowledge outbox row {} ({}); the sweep sends it again", row.id(),
                            error.getMessage());
                    meters.failed(1);
                    inFlight.remove(row.id());
                    requestSweep.run();
                    wakeUp.run();
                }
            });
        }
    }

    /** A row the fast path gave up on (and everything queued after it, to keep their order): the sweep takes them. */
    private void dropInFlight(OutboxRow first) {
        meters.failed(1);
        inFlight.remove(first.id());
        for (OutboxRow row = committed.poll(); row != null; row = committed.poll()) {
            queued.decrementAndGet();
            inFlight.remove(row.id());
        }
        requestSweep.run();
    }

    /** Marks what the broker acknowledged, all in one statement; kept for the next round if the database fails. */
    void markAcknowledged() {
        List<Long> ids = new ArrayList<>();
        for (Long id = acknowledged.poll(); id != null; id = acknowledged.poll()) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return;
        }
        try {
            jdbc.update(UnnestBatch.of(MARK, ids).bigint(id -> id));
        } catch (RuntimeException e) {
            acknowledged.addAll(ids);
            throw e;
        }
        ids.forEach(inFlight::remove);
    }

    /** The smallest id taken and not marked yet, {@code Long.MAX_VALUE} when none: the sweep claims below it. */
    long oldestInFlight() {
        long oldest = Long.MAX_VALUE;
        for (long id : inFlight) {
            oldest = Math.min(oldest, id);
        }
        return oldest;
    }

    boolean isInFlight(long id) {
        return inFlight.contains(id);
    }

    boolean hasInFlight() {
        return !inFlight.isEmpty();
    }

    boolean hasCommitted() {
        return !committed.isEmpty();
    }

    /** Forgets everything: after a stop, the rows not marked are the sweep's. */
    void clear() {
        committed.clear();
        queued.set(0);
        acknowledged.clear();
        inFlight.clear();
    }
}

package com.luckydraw.messaging.outbox;

import com.luckydraw.messaging.MessagingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows to Kafka and marks them published (deletes their id from {@code outbox_pending}; the
 * outbox itself is insert-only until the purge), on one thread of its own. Two paths:
 *
 * <ul>
 *   <li><b>Right after commit</b> ({@link OutboxFastPath}): the rows {@link Outbox} hands over, sent without waiting
 *   for the broker and marked together once acknowledged.</li>
 *   <li><b>The sweep</b> ({@link OutboxSweep}), every {@code relay-sweep} and whenever the fast path could not take
 *   rows (paused, stopped, a failed send): what is committed but neither published nor in flight here, claimed, sent
 *   and marked in one transaction.</li>
 * </ul>
 *
 * <p>After a sweep, published rows past {@code keep-published} are purged every ten minutes ({@link OutboxPurge}).
 * Rows are marked only after the broker acknowledged them; a crash in between publishes them again, which the
 * receivers' inboxes absorb (at-least-once out, exactly-once effects in). A key's messages keep their order: one
 * transaction's rows go out in their order, and a message caused by another (the saga's next step) is committed only
 * after the first was delivered.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    public static final String TYPE_HEADER = "luckydraw-message-type";
    public static final String ID_HEADER = "luckydraw-message-id";

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * Acknowledged rows are marked together at most this often. Marking after every round of sends made the mark a
     * transaction of its own after nearly every commit (42-50 % of each database's transactions under load), and the
     * next commits' rows waited on this thread for it (docs/decisions.md, "Acknowledged outbox rows are marked every
     * 50 ms"). A row acknowledged and not yet marked when the process dies is sent again by the sweep, which the
     * receivers' inboxes absorb.
     */
    private static final Duration MARK_EVERY = Duration.ofMillis(50);
    private static final long ONE_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final MessagingProperties properties;
    private final OutboxBacklog backlog;
    private final OutboxMeters meters;
    private final OutboxFastPath fastPath;
    private final OutboxSweep sweep;
    private final OutboxPurge purge;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean sweepRequested = true;
    private long lastSweep;
    /** When the acknowledged rows are next marked, by {@code System.nanoTime()}. */
    private long nextMark;

    private volatile boolean running;
    private volatile boolean paused;
    private Thread worker;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, KafkaTemplate<String, byte[]> kafka,
            MessagingProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.backlog = new OutboxBacklog(jdbc);
        this.meters = new OutboxMeters(meters, backlog);
        this.fastPath = new OutboxFastPath(jdbc, kafka, this.meters, () -> sweepRequested = true, this::wakeUp);
        this.sweep = new OutboxSweep(jdbc, tx, kafka, fastPath, this.meters, properties.relayBatchSize(),
                properties.sendTimeout());
        this.purge = new OutboxPurge(jdbc, properties.keepPublished());
    }

    /**
     * Rows whose transaction just committed, in their order: the relay thread sends them now. When it cannot (paused,
     * stopped, too many waiting) the sweep publishes them from the table instead.
     */
    void committed(List<OutboxRow> rows) {
        fastPath.committed(rows, running && !paused);
        wakeUp();
    }

    /** Rows of a transaction not yet committed: the sweep leaves them to the fast path ({@link OutboxFastPath}). */
    void reserve(List<Long> ids) {
        fastPath.reserve(ids);
    }

    /** Reserved rows whose transaction rolled back: they never existed. */
    void release(List<Long> ids) {
        fastPath.release(ids);
    }

    /** Asks the relay to publish now. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Rows committed but not yet acknowledged by the broker. */
    public long backlog() {
        return backlog.rows();
    }

    /** How long the oldest unsent row has waited, by the database's clock; empty when nothing waits. */
    public Optional<Duration> oldestUnsentAge() {
        return backlog.oldestUnsentAge();
    }

    /** One sweep ({@link OutboxSweep#publishBatch()}): how many rows it published. */
    public int publishBatch() {
        return sweep.publishBatch();
    }

    /** Purges now ({@link OutboxPurge#purgePublishedCreatedBefore}): how many rows were deleted. */
    public int purgePublishedCreatedBefore(Instant cutoff, int chunk) {
        return purge.purgePublishedCreatedBefore(cutoff, chunk);
    }

    private void loop() {
        Duration backoff = properties.relaySweep();
        while (running) {
            try {
                if (!paused) {
                    fastPath.sendCommitted(() -> running && !paused);
                    if (untilNextMark() <= 0) {
                        nextMark = System.nanoTime() + MARK_EVERY.toNanos();
                        fastPath.markAcknowledged();
                    }
                    if (sweepDue()) {
                        sweepRequested = false;
                        lastSweep = System.nanoTime();
                        int n = sweep.publishBatch();
                        if (n >= properties.relayBatchSize()) {
                            sweepRequested = true; // more may be waiting
                            continue;
                        }
                        purge.purgeIfDue();
                    }
                    backoff = properties.relaySweep();
                }
                waitForWork(!paused && fastPath.hasCommitted() ? Duration.ZERO
                        : fastPath.hasInFlight() ? Duration.ofNanos(Math.max(untilNextMark(), ONE_MS))
                        : properties.relaySweep());
            } catch (RuntimeException e) {
                log.warn("outbox relay could not publish, retrying in {}: {}", backoff, e.getMessage());
                waitForWork(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private long untilNextMark() {
        return nextMark - System.nanoTime();
    }

    private boolean sweepDue() {
        return sweepRequested || System.nanoTime() - lastSweep >= properties.relaySweep().toNanos();
    }

    private void waitForWork(Duration max) {
        try {
            if (wakeUps.tryAcquire(max.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUps.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops publishing without stopping the service: used by operators (and tests) to hold messages back. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        sweepRequested = true;
        wakeUp();
    }

    public boolean isPaused() {
        return paused;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        sweepRequested = true;
        nextMark = System.nanoTime();
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        wakeUp();
        if (worker != null) {
            try {
                worker.join(properties.sendTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // What the broker acknowledged so far is marked; everything else is the sweep's after a restart (a row sent
        // and not marked goes again, which the receivers' inboxes absorb). No flush: with the broker down it would
        // hold the shutdown for the producer's whole delivery timeout.
        try {
            fastPath.markAcknowledged();
        } catch (RuntimeException e) {
            log.warn("could not mark the last acknowledged outbox rows: {}", e.getMessage());
        }
        fastPath.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Lower than the Kafka listeners' phase: stops after them, so replies to the last messages consumed go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}

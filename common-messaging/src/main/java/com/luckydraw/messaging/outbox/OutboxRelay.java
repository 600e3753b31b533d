package com.luckydraw.messaging.outbox;

import com.luckydraw.jdbc.UnnestBatch;
import com.luckydraw.messaging.MessagingProperties;
import com.luckydraw.messaging.tracing.MessageTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes committed outbox rows to Kafka and marks them published (deletes their id from {@code outbox_pending}; the
 * outbox itself is insert-only until the purge). Two paths:
 *
 * <ul>
 *   <li><b>Right after commit</b> (the fast path): {@link Outbox} hands this instance's committed rows over in commit
 *   order; the relay thread sends them without waiting for the broker, and marks the acknowledged ones in one
 *   statement per round. No transaction and no claim per round, and the committing thread never waits for Kafka.</li>
 *   <li><b>The sweep</b>, every {@code relay-sweep} and whenever the fast path could not take rows (paused, stopped,
 *   a failed send): rows committed but neither published nor in flight here (left by a crash, by another instance)
 *   are claimed, sent and marked in one transaction under an advisory lock, so two sweepers never publish a row
 *   twice at once, and in id order.</li>
 * </ul>
 *
 * <p>Rows are marked only after the broker acknowledged them; a crash in between publishes them again, which the
 * receivers' inboxes absorb (at-least-once out, exactly-once effects in). A key's messages keep their order: one
 * transaction's rows go out in their order, and a message caused by another (the saga's next step) is committed only
 * after the first was delivered.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Advisory lock key taken by the publishing relay; each service has its own database, so one constant is enough. */
    static final long RELAY_LOCK = 0x6c75636b79L; // "lucky"

    public static final String TYPE_HEADER = "luckydraw-message-type";
    public static final String ID_HEADER = "luckydraw-message-id";

    /**
     * Claims the oldest unpublished rows, except those this instance's fast path has in flight: their pending marks
     * are deleted, and the deletion commits only once the broker acknowledged them (the relay's transaction rolls
     * back otherwise, and they go again).
     */
    private static final String CLAIM = """
            WITH claimed AS (
                DELETE FROM outbox_pending
                 WHERE id IN (SELECT id
                                FROM outbox_pending
                               WHERE id <> ALL (?::bigint[])
                               ORDER BY id
                               LIMIT ?
                                 FOR UPDATE SKIP LOCKED)
                RETURNING id)
            SELECT o.id, o.message_id, o.topic, o.message_key, o.message_type, o.payload, o.traceparent, o.created_at
              FROM outbox_message o JOIN claimed c ON c.id = o.id
            """;
    /** A sweeper may have claimed and published the row meanwhile: then its mark is gone already. */
    private static final String MARK = "DELETE FROM outbox_pending WHERE id = ANY (?::bigint[])";
    private static final String UNCLAIM = "INSERT INTO outbox_pending (id) SELECT unnest(?::bigint[])";
    /**
     * One chunk of the purge: the next rows by id after a cursor; those created before the cutoff and published are
     * deleted. Rows are written in about id order, so the purge walks the primary key from its oldest end and stops at
     * the first chunk with a row created after the cutoff, instead of reading the whole table. Unpublished rows stay
     * whatever their age.
     */
    private static final String PURGE_CHUNK = """
            WITH head AS (SELECT o.id, o.created_at, p.id IS NOT NULL AS pending
                            FROM outbox_message o LEFT JOIN outbox_pending p ON p.id = o.id
                           WHERE o.id > ?
                           ORDER BY o.id
                           LIMIT ?),
                 gone AS (DELETE FROM outbox_message
                           WHERE id IN (SELECT id FROM head WHERE created_at < ? AND NOT pending)
                          RETURNING id)
            SELECT max(head.id), count(*), count(*) FILTER (WHERE head.created_at >= ?), (SELECT count(*) FROM gone)
              FROM head
            """;
    private static final int PURGE_CHUNK_SIZE = 5_000;
    /** Rows waiting for the fast path beyond this are left to the sweep (which reads them from the table). */
    private static final int MAX_QUEUED = 50_000;
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long acknowledged rows wait to be marked together when no commit wakes the relay sooner. */
    private static final Duration MARK_EVERY = Duration.ofMillis(20);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final MessagingProperties properties;
    private final Semaphore wakeUps = new Semaphore(0);
    /** Committed rows handed over by {@link Outbox}, in commit order, not sent yet. */
    private final ConcurrentLinkedQueue<Row> committed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Ids the fast path took and has not marked yet: the sweep leaves them alone. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Ids the broker acknowledged, to be marked by the relay thread. */
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private volatile boolean sweepRequested = true;
    private long lastSweep;
    private final Counter published;
    private final Counter failures;
    private final Timer lag;

    private volatile boolean running;
    private volatile boolean paused;
    private Thread worker;
    private Instant lastPurge = Instant.EPOCH;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, KafkaTemplate<String, byte[]> kafka,
            MessagingProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.properties = properties;
        this.published = Counter.builder("luckydraw.outbox.published").description("outbox rows published to Kafka")
                .register(meters);
        this.failures = Counter.builder("luckydraw.outbox.send.failures")
                .description("outbox rows the broker did not acknowledge (they are sent again)").register(meters);
        this.lag = Timer.builder("luckydraw.outbox.lag").description("time from commit to broker acknowledgement")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("luckydraw.outbox.backlog", this, OutboxRelay::backlogOrNaN);
        // 0 while nothing waits: an alert on the age then needs no special case for an empty outbox.
        TimeGauge.builder("luckydraw.outbox.oldest.unsent.age", this, TimeUnit.MILLISECONDS,
                OutboxRelay::oldestUnsentMillisOrNaN).description("how long the oldest unsent row has waited")
                .register(meters);
    }

    /**
     * Rows whose transaction just committed, in their order: the relay thread sends them now. When it cannot (paused,
     * stopped, too many waiting) the sweep publishes them from the table instead.
     */
    void committed(List<Row> rows) {
        if (!running || paused || queued.get() + rows.size() > MAX_QUEUED) {
            rows.forEach(row -> inFlight.remove(row.id()));
            sweepRequested = true;
        } else {
            committed.addAll(rows);
            queued.addAndGet(rows.size());
        }
        wakeUp();
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

    /** Asks the relay to publish now. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Rows committed but not yet acknowledged by the broker. */
    public long backlog() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM outbox_pending", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * How long the oldest unsent row has waited, by the database's clock; empty when nothing waits. Rows are written
     * in about id order, so the lowest pending id is the oldest: one look-up by primary key, whatever the backlog.
     */
    public Optional<Duration> oldestUnsentAge() {
        List<Long> millis = jdbc.queryForList("""
                SELECT (extract(epoch FROM clock_timestamp() - o.created_at) * 1000)::bigint
                  FROM outbox_message o WHERE o.id = (SELECT min(id) FROM outbox_pending)
                """, Long.class);
        return millis.isEmpty() || millis.get(0) == null ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.max(0, millis.get(0))));
    }

    private double oldestUnsentMillisOrNaN() {
        try {
            return oldestUnsentAge().map(Duration::toMillis).orElse(0L);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double backlogOrNaN() {
        try {
            return backlog();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Publishes one batch if this instance may: claims and marks up to the batch size, sends and waits for the
     * acknowledgements, all in one transaction, which rolls back if they do not come. Returns how many rows were
     * published.
     */
    public int publishBatch() {
        Integer n = tx.execute(status -> {
            Boolean mine = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, RELAY_LOCK);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            List<Row> rows = new ArrayList<>(jdbc.query(UnnestBatch.of(CLAIM, inFlight).bigint(id -> id)
                    .value(properties.relayBatchSize()), (rs, i) -> new Row(rs.getLong("id"),
                    rs.getObject("message_id", UUID.class), rs.getString("topic"), rs.getString("message_key"),
                    rs.getString("message_type"), rs.getString("payload"), rs.getString("traceparent"),
                    rs.getTimestamp("created_at").toInstant())));
            if (rows.isEmpty()) {
                return 0;
            }
            // Rows committed after the list of ids to skip was taken, so reserved by the fast path in between: they
            // are the fast path's to send, and go back unclaimed (its own mark then finds them unpublished).
            List<Long> reserved = rows.stream().map(Row::id).filter(inFlight::contains).toList();
            if (!reserved.isEmpty()) {
                jdbc.update(UnnestBatch.of(UNCLAIM, reserved).bigint(id -> id));
                rows.removeIf(row -> reserved.contains(row.id()));
                if (rows.isEmpty()) {
                    return 0;
                }
            }
            rows.sort(Comparator.comparingLong(Row::id)); // RETURNING keeps no order; a key's messages must
            send(rows);
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    private static ProducerRecord<String, byte[]> record(Row row) {
        var record = new ProducerRecord<>(row.topic(), null, row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader(TYPE_HEADER, row.type().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(ID_HEADER, row.messageId().toString().getBytes(StandardCharsets.UTF_8)));
        if (row.traceparent() != null) {
            record.headers().add(new RecordHeader(MessageTracing.TRACEPARENT_HEADER,
                    row.traceparent().getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    /**
     * The fast path: sends what commits handed over, in their order, without waiting for the broker. Each
     * acknowledgement queues the row for marking; a failed send leaves the row to the sweep.
     */
    private void sendCommitted() {
        while (running && !paused) {
            Row row = committed.poll();
            if (row == null) {
                return;
            }
            queued.decrementAndGet();
            Row sending = row;
            CompletableFuture<SendResult<String, byte[]>> sent;
            try {
                sent = kafka.send(record(sending));
            } catch (RuntimeException e) {
                dropInFlight(sending);
                throw e;
            }
            sent.whenComplete((result, error) -> {
                if (error == null) {
                    lag.record(Duration.between(sending.createdAt(), Instant.now()));
                    published.increment();
                    acknowledged.add(sending.id());
                } else {
                    log.warn("broker did not acknowledge outbox row {} ({}); the sweep sends it again", sending.id(),
                            error.getMessage());
                    failures.increment();
                    inFlight.remove(sending.id());
                    sweepRequested = true;
                    wakeUp();
                }
            });
        }
    }

    /** A row the fast path gave up on (and everything queued after it, to keep their order): the sweep takes them. */
    private void dropInFlight(Row first) {
        failures.increment();
        inFlight.remove(first.id());
        for (Row row = committed.poll(); row != null; row = committed.poll()) {
            queued.decrementAndGet();
            inFlight.remove(row.id());
        }
        sweepRequested = true;
    }

    /** Marks what the broker acknowledged, all in one statement; kept for the next round if the database fails. */
    private void markAcknowledged() {
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

    private void send(List<Row> rows) {
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(rows.size());
        try {
            for (Row row : rows) {
                sends.add(kafka.send(record(row)));
            }
            kafka.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (Exception e) {
            // The transaction rolls back, the rows stay unpublished and go again: the receivers deduplicate.
            failures.increment(rows.size());
            throw new IllegalStateException("broker did not acknowledge the outbox batch: " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        rows.forEach(row -> lag.record(Duration.between(row.createdAt(), now)));
        published.increment(rows.size());
    }

    private void purgePublished() {
        if (Duration.between(lastPurge, Instant.now()).compareTo(PURGE_EVERY) < 0) {
            return;
        }
        lastPurge = Instant.now();
        int purged = purgePublishedCreatedBefore(Instant.now().minus(properties.keepPublished()), PURGE_CHUNK_SIZE);
        if (purged > 0) {
            log.info("purged {} published outbox rows older than {}", purged, properties.keepPublished());
        }
    }

    /**
     * Deletes the published rows created before {@code cutoff}, oldest id first, {@code chunk} rows read per
     * statement, until a chunk reaches a row created at or after the cutoff (unpublished rows are stepped over and
     * kept). Returns how many were deleted. Each chunk commits on its own: a long purge holds no locks for long.
     */
    public int purgePublishedCreatedBefore(Instant cutoff, int chunk) {
        Timestamp at = Timestamp.from(cutoff);
        long after = 0;
        int purged = 0;
        while (true) {
            long[] result = jdbc.queryForObject(PURGE_CHUNK, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2),
                    rs.getLong(3), rs.getLong(4)}, after, chunk, at, at);
            purged += (int) result[3];
            if (result[1] < chunk || result[2] > 0) {
                return purged; // the end of the table, or rows young enough to stay
            }
            after = result[0];
        }
    }

    private void loop() {
        Duration backoff = properties.relaySweep();
        while (running) {
            try {
                if (!paused) {
                    sendCommitted();
                    markAcknowledged();
                    if (sweepDue()) {
                        sweepRequested = false;
                        lastSweep = System.nanoTime();
                        int n = publishBatch();
                        if (n >= properties.relayBatchSize()) {
                            sweepRequested = true; // more may be waiting
                            continue;
                        }
                        purgePublished();
                    }
                    backoff = properties.relaySweep();
                }
                waitForWork(!paused && !committed.isEmpty() ? Duration.ZERO
                        : inFlight.isEmpty() ? properties.relaySweep() : MARK_EVERY);
            } catch (RuntimeException e) {
                log.warn("outbox relay could not publish, retrying in {}: {}", backoff, e.getMessage());
                waitForWork(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
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
            markAcknowledged();
        } catch (RuntimeException e) {
            log.warn("could not mark the last acknowledged outbox rows: {}", e.getMessage());
        }
        committed.clear();
        queued.set(0);
        acknowledged.clear();
        inFlight.clear();
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

    /** An outbox row as the relay sends it; {@code traceparent} is the trace it continues (null: none). */
    record Row(long id, UUID messageId, String topic, String key, String type, String payload, String traceparent,
            Instant createdAt) {
    }
}

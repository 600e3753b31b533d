package com.luckydraw.messaging.outbox;

import com.luckydraw.messaging.MessagingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows to Kafka, in id order, and marks them published. Woken right after a commit that
 * appended rows, and sweeping on a timer for everything else (rows left by a crash, by another instance).
 *
 * <p>One relay at a time per database publishes: it holds a transaction-scoped advisory lock while it claims, sends
 * and marks a batch, so several instances neither publish a row twice at once nor reorder a key's messages. Rows are
 * marked only after the broker acknowledged them; a crash in between publishes them again, which the receivers'
 * inboxes absorb (at-least-once out, exactly-once effects in).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Advisory lock key taken by the publishing relay; each service has its own database, so one constant is enough. */
    static final long RELAY_LOCK = 0x6c75636b79L; // "lucky"

    public static final String TYPE_HEADER = "luckydraw-message-type";
    public static final String ID_HEADER = "luckydraw-message-id";

    /**
     * Claims the oldest unpublished rows and marks them in one statement; the mark commits only once the broker
     * acknowledged them (the relay's transaction rolls back otherwise, and they go again).
     */
    private static final String CLAIM = """
            UPDATE outbox_message SET published_at = now()
             WHERE id IN (SELECT id
                            FROM outbox_message
                           WHERE published_at IS NULL
                           ORDER BY id
                           LIMIT ?
                             FOR UPDATE SKIP LOCKED)
            RETURNING id, message_id, topic, message_key, message_type, payload, created_at
            """;
    private static final String PURGE = "DELETE FROM outbox_message WHERE published_at < ?";
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final MessagingProperties properties;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Counter published;
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
        this.lag = Timer.builder("luckydraw.outbox.lag").description("time from commit to broker acknowledgement")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("luckydraw.outbox.backlog", this, OutboxRelay::backlogOrNaN);
    }

    /** Asks the relay to publish now; called after every commit that appended rows. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Rows committed but not yet acknowledged by the broker. */
    public long backlog() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM outbox_message WHERE published_at IS NULL", Long.class);
        return n == null ? 0 : n;
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
            List<Row> rows = new ArrayList<>(jdbc.query(CLAIM, (rs, i) -> new Row(rs.getLong("id"),
                    rs.getObject("message_id", UUID.class), rs.getString("topic"), rs.getString("message_key"),
                    rs.getString("message_type"), rs.getString("payload"),
                    rs.getTimestamp("created_at").toInstant()), properties.relayBatchSize()));
            if (rows.isEmpty()) {
                return 0;
            }
            rows.sort(Comparator.comparingLong(Row::id)); // RETURNING keeps no order; a key's messages must
            send(rows);
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    private void send(List<Row> rows) {
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            var record = new ProducerRecord<>(row.topic(), null, row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
            record.headers().add(new RecordHeader(TYPE_HEADER, row.type().getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader(ID_HEADER, row.messageId().toString().getBytes(StandardCharsets.UTF_8)));
            sends.add(kafka.send(record));
        }
        kafka.flush();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (Exception e) {
            // The transaction rolls back, the rows stay unpublished and go again: the receivers deduplicate.
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
        int purged = jdbc.update(PURGE, Timestamp.from(Instant.now().minus(properties.keepPublished())));
        if (purged > 0) {
            log.info("purged {} published outbox rows older than {}", purged, properties.keepPublished());
        }
    }

    private void loop() {
        Duration backoff = properties.relaySweep();
        while (running) {
            try {
                if (!paused) {
                    int n = publishBatch();
                    backoff = properties.relaySweep();
                    if (n >= properties.relayBatchSize()) {
                        continue; // more may be waiting
                    }
                    purgePublished();
                }
                waitForWork(properties.relaySweep());
            } catch (RuntimeException e) {
                log.warn("outbox relay could not publish, retrying in {}: {}", backoff, e.getMessage());
                waitForWork(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
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

    private record Row(long id, UUID messageId, String topic, String key, String type, String payload,
            Instant createdAt) {
    }
}

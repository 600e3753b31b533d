package com.luckydraw.messaging.outbox;

import com.luckydraw.jdbc.UnnestBatch;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The relay's safety net: rows committed but neither published nor in flight on this instance's fast path (left by a
 * crash, by another instance, or given up on by the fast path) are claimed, sent and marked in one transaction under
 * an advisory lock, so two sweepers never publish a row twice at once, and in id order.
 */
class OutboxSweep {

    /** Advisory lock key taken by the sweeping relay; each service has its own database, so one constant is enough. */
    static final long RELAY_LOCK = 0x6c75636b79L; // "lucky"

    /**
     * Claims the oldest unpublished rows below the oldest row this instance's fast path has in flight: their pending
     * marks are deleted, and the deletion commits only once the broker acknowledged them (the relay's transaction
     * rolls back otherwise, and they go again). A bound, not a list of the rows in flight: with tens of thousands in
     * flight (a backlog) a list made every row scanned cost a comparison with each of them, a claim took half a
     * minute, and the relay thread it blocked stopped the fast path too. Rows above the bound that the fast path does
     * not hold wait until it has sent what it holds; a claimed row the fast path took meanwhile goes back unclaimed.
     */
    private static final String CLAIM = """
            WITH claimed AS (
                DELETE FROM outbox_pending
                 WHERE id IN (SELECT id
                                FROM outbox_pending
                               WHERE id < ?
                               ORDER BY id
                               LIMIT ?
                                 FOR UPDATE SKIP LOCKED)
                RETURNING id)
            SELECT o.id, o.message_id, o.topic, o.message_key, o.message_type, o.payload, o.traceparent, o.created_at
              FROM outbox_message o JOIN claimed c ON c.id = o.id
            """;
    private static final String UNCLAIM = "INSERT INTO outbox_pending (id) SELECT unnest(?::bigint[])";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxFastPath fastPath;
    private final OutboxMeters meters;
    private final int batchSize;
    private final Duration sendTimeout;

    OutboxSweep(JdbcTemplate jdbc, TransactionTemplate tx, KafkaTemplate<String, byte[]> kafka, OutboxFastPath fastPath,
            OutboxMeters meters, int batchSize, Duration sendTimeout) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.fastPath = fastPath;
        this.meters = meters;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
    }

    /**
     * Publishes one batch if this instance may: claims and marks up to the batch size, sends and waits for the
     * acknowledgements, all in one transaction, which rolls back if they do not come. Returns how many rows were
     * published.
     */
    int publishBatch() {
        Integer n = tx.execute(status -> {
            Boolean mine = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, RELAY_LOCK);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            long below = fastPath.oldestInFlight();
            List<OutboxRow> rows = new ArrayList<>(jdbc.query(CLAIM, (rs, i) -> new OutboxRow(rs.getLong("id"),
                    rs.getObject("message_id", UUID.class), rs.getString("topic"), rs.getString("message_key"),
                    rs.getString("message_type"), rs.getString("payload"), rs.getString("traceparent"),
                    rs.getTimestamp("created_at").toInstant()), below, batchSize));
            if (rows.isEmpty()) {
                return 0;
            }
            // Rows the fast path reserved after the bound was taken (an earlier id committed later): they are the fast
            // path's to send, and go back unclaimed (its own mark then finds them unpublished).
            List<Long> reserved = rows.stream().map(OutboxRow::id).filter(fastPath::isInFlight).toList();
            if (!reserved.isEmpty()) {
                jdbc.update(UnnestBatch.of(UNCLAIM, reserved).bigint(id -> id));
                rows.removeIf(row -> reserved.contains(row.id()));
                if (rows.isEmpty()) {
                    return 0;
                }
            }
            rows.sort(Comparator.comparingLong(OutboxRow::id)); // RETURNING keeps no order; a key's messages must
            send(rows);
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    private void send(List<OutboxRow> rows) {
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(rows.size());
        try {
            for (OutboxRow row : rows) {
                sends.add(kafka.send(row.toRecord()));
            }
            kafka.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (Exception e) {
            // The transaction rolls back, the rows stay unpublished and go again: the receivers deduplicate.
            meters.failed(rows.size());
            throw new IllegalStateException("broker did not acknowledge the outbox batch: " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        rows.forEach(row -> meters.published(row, now));
    }
}

package com.luckydraw.messaging.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** Deletes published rows once they are older than {@code keep-published}; unpublished rows stay whatever their age. */
class OutboxPurge {

    private static final Logger log = LoggerFactory.getLogger(OutboxPurge.class);

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
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final JdbcTemplate jdbc;
    private final Duration keepPublished;
    private Instant lastPurge = Instant.EPOCH;

    OutboxPurge(JdbcTemplate jdbc, Duration keepPublished) {
        this.jdbc = jdbc;
        this.keepPublished = keepPublished;
    }

    /** Purges if the last purge was ten minutes ago or more; called by the relay's thread after a sweep. */
    void purgeIfDue() {
        if (Duration.between(lastPurge, Instant.now()).compareTo(PURGE_EVERY) < 0) {
            return;
        }
        lastPurge = Instant.now();
        int purged = purgePublishedCreatedBefore(Instant.now().minus(keepPublished), PURGE_CHUNK_SIZE);
        if (purged > 0) {
            log.info("purged {} published outbox rows older than {}", purged, keepPublished);
        }
    }

    /**
     * Deletes the published rows created before {@code cutoff}, oldest id first, {@code chunk} rows read per
     * statement, until a chunk reaches a row created at or after the cutoff (unpublished rows are stepped over and
     * kept). Returns how many were deleted. Each chunk commits on its own: a long purge holds no locks for long.
     */
    int purgePublishedCreatedBefore(Instant cutoff, int chunk) {
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
}

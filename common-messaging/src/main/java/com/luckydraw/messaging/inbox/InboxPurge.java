package com.luckydraw.messaging.inbox;

import com.luckydraw.messaging.MessagingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes inbox entries older than {@code keep-inbox}, every ten minutes, oldest first, in chunks along the
 * {@code received_at} index, each chunk a statement of its own (no long transaction, no long lock).
 *
 * <p>Why this is safe: {@code keep-inbox} is longer than any topic keeps its records ({@link MessagingProperties}
 * refuses to start otherwise), so a redelivery or a replay of the topics can only bring back messages younger than
 * the entries kept. A message older than that (a record republished by hand, a resend by a terminal) finds no inbox
 * entry, and the business keys decide: every service answers a (bizId, posId) it has seen with its original answer
 * and no second effect.
 */
public class InboxPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxPurge.class);

    private static final String PURGE_CHUNK = """
            DELETE FROM inbox_message
             WHERE (consumer, message_id) IN (SELECT consumer, message_id FROM inbox_message
                                               WHERE received_at < ?
                                               ORDER BY received_at
                                               LIMIT ?)
            """;
    private static final int CHUNK = 5_000;
    private static final Duration EVERY = Duration.ofMinutes(10);

    private final JdbcTemplate jdbc;
    private final MessagingProperties properties;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public InboxPurge(JdbcTemplate jdbc, MessagingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Deletes the entries received before {@code cutoff}, {@code chunk} per statement; returns how many. */
    public int purgeReceivedBefore(Instant cutoff, int chunk) {
        Timestamp at = Timestamp.from(cutoff);
        int purged = 0;
        while (true) {
            int deleted = jdbc.update(PURGE_CHUNK, at, chunk);
            purged += deleted;
            if (deleted < chunk) {
                return purged;
            }
        }
    }

    /** One round of the schedule: the entries older than {@code keep-inbox}. */
    public int purge() {
        int purged = purgeReceivedBefore(clock.instant().minus(properties.keepInbox()), CHUNK);
        if (purged > 0) {
            log.info("purged {} inbox entries older than {}", purged, properties.keepInbox());
        }
        return purged;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The next round tries again; entries only stay a little longer.
            log.warn("inbox purge failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inbox-purge");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, EVERY.toMillis(), EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}

package com.luckydraw.wallet.freetries;

import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * The daily free-tries reset: grants the day's allowance to every wallet. Every instance runs it on the schedule; it
 * takes effect once per day:
 * <ol>
 * <li>a Redisson lock {@code luckydraw:wallet:free-try-reset:<day>} lets one runner in at a time, so the others do
 * not even queue on the database;</li>
 * <li>the marker row {@code free_try_reset(day)} is inserted in the same transaction as the grant, with
 * {@code ON CONFLICT DO NOTHING}: only the runner whose insert took effect grants. This alone guarantees exactly once,
 * so when Redis is down (or a lock lease expires in a long pause) the reset still runs once; the lock only saves
 * work.</li>
 * </ol>
 * A rerun of a day that ran changes nothing, and a day whose reset never ran (all instances down at midnight) still
 * gets its tries: {@link DailyFreeTries#ofDay} grants them on first use.
 */
@Component
public class ResettingFreeTries {

    public static final String LOCK_PREFIX = "luckydraw:wallet:free-try-reset:";

    private static final Logger log = LoggerFactory.getLogger(ResettingFreeTries.class);

    /** Longer than any reset takes; if an instance dies holding the lock, the lock frees itself after this. */
    private static final Duration LEASE = Duration.ofMinutes(10);

    private final RedissonClient redisson;
    private final DailyFreeTries freeTries;
    private final FreeTriesProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();

    ResettingFreeTries(RedissonClient redisson, DailyFreeTries freeTries, FreeTriesProperties properties,
            JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.redisson = redisson;
        this.freeTries = freeTries;
        this.properties = properties;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public enum Result { RESET, ALREADY_RAN, LOCKED_BY_ANOTHER_RUNNER }

    /** What one runner did: {@code wallets} got the day's allowance (0 unless RESET). */
    public record Outcome(LocalDate day, Result result, int wallets) {
    }

    @Scheduled(cron = "${luckydraw.wallet.free-tries-reset-cron:0 0 0 * * *}", zone = "${luckydraw.wallet.zone:UTC}")
    void onSchedule() {
        Outcome outcome = resetFor(LocalDate.now(clock), instance);
        log.info("free-tries reset for {}: {} ({} wallets)", outcome.day(), outcome.result(), outcome.wallets());
    }

    /** Resets {@code day} unless another runner holds the day's lock or the day ran already. */
    public Outcome resetFor(LocalDate day, String runner) {
        RLock lock = redisson.getLock(LOCK_PREFIX + day);
        boolean locked;
        try {
            locked = lock.tryLock(0, LEASE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the reset lock", e);
        } catch (RuntimeException redisDown) {
            // The marker row still makes the reset exactly-once; the lock was only there to spare the database.
            log.warn("free-tries reset for {}: Redis lock unavailable ({}); relying on the marker row alone", day,
                    redisDown.toString());
            return markAndGrant(day, runner);
        }
        if (!locked) {
            return new Outcome(day, Result.LOCKED_BY_ANOTHER_RUNNER, 0);
        }
        try {
            return markAndGrant(day, runner);
        } finally {
            try {
                if (lock.isHeldByCurrentThread()) {
                    lock.unlock();
                }
            } catch (RuntimeException e) {
                log.warn("could not release {}; it expires with its lease", LOCK_PREFIX + day, e);
            }
        }
    }

    /**
     * The database half, in one transaction: the marker insert decides who grants. Public so the exactly-once
     * guarantee without Redis can be shown on its own.
     */
    public Outcome markAndGrant(LocalDate day, String runner) {
        return tx.execute(status -> {
            int marked = jdbc.sql("""
                            INSERT INTO free_try_reset (day, ran_by, wallets) VALUES (?, ?, 0)
                            ON CONFLICT (day) DO NOTHING
                            """)
                    .params(day, runner).update();
            if (marked == 0) {
                return new Outcome(day, Result.ALREADY_RAN, 0);
            }
            int granted = freeTries.grantToAll(day, properties.freeTriesPerDay());
            jdbc.sql("UPDATE free_try_reset SET wallets = ? WHERE day = ?").params(granted, day).update();
            return new Outcome(day, Result.RESET, granted);
        });
    }
}

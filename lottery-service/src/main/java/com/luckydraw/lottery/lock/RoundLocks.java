package com.luckydraw.lottery.lock;

import com.luckydraw.lottery.round.RoundId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Redisson fenced lock per round ({@code <prefix><round id>}), held from acquisition until the transaction that
 * uses it has ended, so another instance never reads a round between our write and our commit. The lock is an
 * optimisation, not the guard: the conditional update decides, and the fencing token written with it refuses a
 * holder whose lock expired. When Redis fails, allocations go on under database row locks and Redis is not asked
 * again for {@code redisRetryAfter}.
 *
 * <p>Metrics: {@code luckydraw.lottery.lock.wait} (time to get the lock), {@code luckydraw.lottery.lock.failures}
 * tagged {@code reason}: {@code redis-unavailable}, {@code wait-timeout}, {@code stale-token}.
 */
@Component
public class RoundLocks {

    private static final Logger log = LoggerFactory.getLogger(RoundLocks.class);

    /** Redisson keeps a fenced lock's token counter under this prefix: {@code redisson_lock_token:{<lock name>}}. */
    private static final String TOKEN_COUNTER_PREFIX = "redisson_lock_token:";

    /** Rounds whose local locks are kept before idle ones are forgotten. */
    private static final int MAX_LOCAL_LOCKS = 10_000;

    private final RedissonClient redisson;
    private final LockProperties properties;
    private final Timer waits;
    private final Counter unavailable;
    private final Counter timeouts;
    private final Counter staleTokens;
    /** System.nanoTime() before which Redis is not tried; 0 when Redis is believed up. */
    private final AtomicLong skipRedisUntil = new AtomicLong();
    /** Per round id, the fair lock this instance's threads queue on before one of them asks Redis. */
    private final ConcurrentHashMap<Long, ReentrantLock> localLocks = new ConcurrentHashMap<>();

    public RoundLocks(RedissonClient redisson, LockProperties properties, MeterRegistry meters) {
        this.redisson = redisson;
        this.properties = properties;
        this.waits = Timer.builder("luckydraw.lottery.lock.wait")
                .description("time to acquire a round's Redis lock (or to fail to)").register(meters);
        this.unavailable = failures(meters, "redis-unavailable");
        this.timeouts = failures(meters, "wait-timeout");
        this.staleTokens = failures(meters, "stale-token");
    }

    private static Counter failures(MeterRegistry meters, String reason) {
        return Counter.builder("luckydraw.lottery.lock.failures").tag("reason", reason)
                .description("round allocations that went on without the Redis lock, by reason").register(meters);
    }

    /**
     * Locks the round for the rest of the current transaction. Never fails: without the Redis lock the answer says
     * to rely on the database's row lock.
     *
     * <p>Threads of this instance queue for the round on a local lock first, so at most one per instance asks
     * Redis: waiting happens in the JVM instead of as a herd of lock attempts on Redis at each release.
     */
    public RoundLock acquire(RoundId round) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("a round lock is held for a transaction: acquire it inside one");
        }
        long start = System.nanoTime();
        long deadline = start + properties.waitTime().toNanos();
        ReentrantLock local = localLock(round);
        try {
            if (!local.tryLock(properties.waitTime().toNanos(), TimeUnit.NANOSECONDS)) {
                waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                timeouts.increment();
                return new RoundLock.DatabaseOnly("round busy in this instance for " + properties.waitTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock of round " + round, e);
        }
        RoundLock redisLock;
        try {
            redisLock = acquireOnRedis(round, deadline);
        } catch (RuntimeException | Error e) {
            local.unlock();
            throw e;
        }
        waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        releaseAfterTransaction(redisLock instanceof RoundLock.Fenced ? redisson.getFencedLock(name(round)) : null,
                local, round);
        return redisLock;
    }

    private RoundLock acquireOnRedis(RoundId round, long deadline) {
        long skipUntil = skipRedisUntil.get();
        if (skipUntil != 0 && System.nanoTime() - skipUntil < 0) {
            unavailable.increment();
            return new RoundLock.DatabaseOnly("Redis failed recently");
        }
        RFencedLock lock = redisson.getFencedLock(name(round));
        long threadId = Thread.currentThread().getId();
        Long token;
        try {
            long waitMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            token = lock.tryLockAndGetToken(waitMillis, properties.lease().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            unavailable.increment();
            // A timed-out attempt may still take the lock on the server later: release it if it is ours.
            lock.unlockAsync(threadId);
            if (skipRedisUntil.getAndSet(System.nanoTime() + properties.redisRetryAfter().toNanos()) == 0) {
                log.warn("Redis lock for round {} failed ({}); allocating under database row locks", round,
                        e.toString());
            }
            return new RoundLock.DatabaseOnly("Redis unreachable: " + e.getMessage());
        }
        if (skipRedisUntil.getAndSet(0) != 0) {
            log.info("Redis answers again; round locks are back on Redis");
        }
        if (token == null || token < 0) {
            timeouts.increment();
            return new RoundLock.DatabaseOnly("Redis lock not free in time");
        }
        return new RoundLock.Fenced(token);
    }

    /**
     * The round's lock within this instance. Forgetting idle ones is safe: a thread holding a forgotten lock and
     * one holding its successor then both ask Redis, which serialises them anyway.
     */
    private ReentrantLock localLock(RoundId round) {
        if (localLocks.size() > MAX_LOCAL_LOCKS) {
            localLocks.values().removeIf(l -> !l.isLocked() && !l.hasQueuedThreads());
        }
        return localLocks.computeIfAbsent(round.value(), id -> new ReentrantLock(true));
    }

    /**
     * A write under our lock was refused because the round carries a newer token. Either our lock expired and a
     * newer holder wrote (then the counter is already past the row's token), or Redis lost the counter (a restart
     * without persistence) and hands out old numbers again: raise the counter to the row's token, so the next
     * holder's token is newer than anything written.
     */
    public void refused(RoundId round, long rowToken) {
        staleTokens.increment();
        try {
            RAtomicLong counter = redisson.getAtomicLong(TOKEN_COUNTER_PREFIX + "{" + name(round) + "}");
            for (long current = counter.get(); current < rowToken; current = counter.get()) {
                if (counter.compareAndSet(current, rowToken)) {
                    log.warn("round {}: Redis's fencing token counter was at {}, behind the round's {}; raised it",
                            round, current, rowToken);
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.debug("could not raise the token counter of round {}: {}", round, e.toString());
        }
    }

    /** Whether the lock path currently skips Redis because it failed recently. */
    public boolean skippingRedis() {
        long skipUntil = skipRedisUntil.get();
        return skipUntil != 0 && System.nanoTime() - skipUntil < 0;
    }

    String name(RoundId round) {
        return properties.keyPrefix() + round.value();
    }

    private void releaseAfterTransaction(RFencedLock redisLock, ReentrantLock local, RoundId round) {
        // On the thread that locked (both locks belong to a thread), after commit or rollback: Redis first, so the
        // next thread of this instance finds the Redis lock free.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                try {
                    if (redisLock != null) {
                        redisLock.unlock();
                    }
                } catch (RuntimeException e) {
                    // Redis gone or the lease ran out: the lock expires on its own.
                    log.debug("could not release the Redis lock of round {}: {}", round, e.toString());
                } finally {
                    local.unlock();
                }
            }
        });
    }
}

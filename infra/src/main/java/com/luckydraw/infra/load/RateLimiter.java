package com.luckydraw.infra.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces sends on a fixed schedule: permit n is due at {@code start + n / rate}. A sender that falls behind (a GC
 * pause, a slow broker) catches up at once instead of drifting, so the offered load over the run is the one asked
 * for; {@link #behindNanos()} says how far behind the schedule the last permit was granted. Rate 0 means no pacing.
 */
final class RateLimiter {

    /** Time source, replaceable in tests. */
    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                LockSupport.parkNanos(nanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        };
    }

    private final double nanosPerPermit;
    private final Clock clock;
    private long start = Long.MIN_VALUE;
    private long granted;
    private long behind;

    RateLimiter(double perSecond, Clock clock) {
        if (!(perSecond >= 0)) {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or positive, was " + perSecond);
        }
        this.nanosPerPermit = perSecond == 0 ? 0 : 1e9 / perSecond;
        this.clock = clock;
    }

    /** Waits until the next permit is due and returns the time it was due (now, when unlimited or late). */
    long acquire() throws InterruptedException {
        long now = clock.nanoTime();
        if (start == Long.MIN_VALUE) {
            start = now;
        }
        if (nanosPerPermit == 0) {
            granted++;
            return now;
        }
        long due = start + (long) (granted * nanosPerPermit);
        granted++;
        while (now < due) {
            clock.sleepNanos(due - now);
            now = clock.nanoTime();
        }
        behind = now - due;
        return due;
    }

    /** How late the last permit was handed out compared with its schedule. */
    long behindNanos() {
        return behind;
    }

    long granted() {
        return granted;
    }
}

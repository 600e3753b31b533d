package com.luckydraw.infra.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces sends on a fixed schedule: permit n is due at {@code start + n / rate}. A sender that falls behind (a GC
 * pause, a slow broker) catches up at once instead of drifting, so the offered load over the run is the one asked
 * for; {@link #behindNanos()} says how far behind the schedule the last permit was granted. Rate 0 means no pacing.
 *
 * <p>With a tick, a sender that has to wait sleeps until the last permit due within the tick and then takes them all
 * at once: one wake-up per tick instead of one per permit (at 1,000/s a thousand wake-ups a second, and a producer
 * woken for each request, on the cores of the system being measured). Permits are only ever late, never early, so the
 * latency counted from their due time includes the wait.
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
    private final long extraWaitNanos;
    private final Clock clock;
    private long start = Long.MIN_VALUE;
    private long granted;
    private long behind;

    RateLimiter(double perSecond, Clock clock) {
        this(perSecond, 0, clock);
    }

    /** {@code tickNanos}: how long a group of permits taken at one wake-up may span (0: one permit per wake-up). */
    RateLimiter(double perSecond, long tickNanos, Clock clock) {
        if (!(perSecond >= 0)) {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or positive, was " + perSecond);
        }
        if (tickNanos < 0) {
            throw new IllegalArgumentException("tick must be 0 or positive, was " + tickNanos + " ns");
        }
        this.nanosPerPermit = perSecond == 0 ? 0 : 1e9 / perSecond;
        // The wait goes on to the due time of the last permit within the tick, which the next calls then find due.
        this.extraWaitNanos = Math.max(0, tickNanos - (long) nanosPerPermit);
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
        if (now < due) {
            long wakeAt = due + extraWaitNanos;
            while (now < wakeAt) {
                clock.sleepNanos(wakeAt - now);
                now = clock.nanoTime();
            }
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

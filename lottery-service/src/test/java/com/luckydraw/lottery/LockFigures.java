package com.luckydraw.lottery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** The round-lock meters of one instance at one moment; the difference of two is what a test caused. */
public record LockFigures(long locks, double waitMillis, double fenceRetries, double unavailable, double timeouts,
        double staleTokens) {

    public static LockFigures of(MeterRegistry meters) {
        Timer waits = meters.timer("luckydraw.lottery.lock.wait");
        return new LockFigures(waits.count(), waits.totalTime(TimeUnit.MILLISECONDS),
                meters.counter("luckydraw.lottery.allocation.update.retries").count(),
                failures(meters, "redis-unavailable"), failures(meters, "wait-timeout"),
                failures(meters, "stale-token"));
    }

    private static double failures(MeterRegistry meters, String reason) {
        return meters.counter("luckydraw.lottery.lock.failures", "reason", reason).count();
    }

    public LockFigures since(LockFigures before) {
        return new LockFigures(locks - before.locks, waitMillis - before.waitMillis,
                fenceRetries - before.fenceRetries, unavailable - before.unavailable, timeouts - before.timeouts,
                staleTokens - before.staleTokens);
    }

    @Override
    public String toString() {
        return String.format("lock acquisitions=%d mean wait=%.1f ms, update retries=%.0f, redis-unavailable=%.0f,"
                + " wait-timeouts=%.0f, stale tokens=%.0f", locks, locks == 0 ? 0 : waitMillis / locks, fenceRetries,
                unavailable, timeouts, staleTokens);
    }
}

package com.luckydraw.admin.trends;

import com.luckydraw.admin.locks.DatabaseLocks;
import com.luckydraw.admin.locks.ReadingLockWaits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import com.luckydraw.admin.metrics.ReadingServiceMetrics;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.services.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;

/**
 * Every {@code luckydraw.admin.trends.interval} (10 s), reads every service instance's meters and every service
 * database's lock waits (as on the other pages, side by side) and keeps what they mean in the history. No
 * Prometheus server runs beside the dashboard, so the dashboard keeps the last hour itself (docs/decisions.md).
 */
@Component
public class SamplingTrends {

    private static final Logger log = LoggerFactory.getLogger(SamplingTrends.class);

    private final ReadingServiceMetrics metrics;
    private final ReadingLockWaits locks;
    private final ServiceClient calls;
    private final TrendSettings settings;
    private final Clock clock;
    private final TrendHistory history;
    private final DerivingTrendValues deriving = new DerivingTrendValues();
    private volatile List<String> errors = List.of();
    private Instant last = Instant.MIN;
    private final MeterRegistry meters;
    /** Per database: sessions waiting for a lock, and the longest wait (s), as of the last sample. */
    private final Map<String, double[]> lockWaits = new ConcurrentHashMap<>();

    public SamplingTrends(ReadingServiceMetrics metrics, ReadingLockWaits locks, ServiceClient calls,
                          TrendSettings settings, ObjectProvider<Clock> clock, MeterRegistry meters) {
        this.meters = meters;
        this.metrics = metrics;
        this.locks = locks;
        this.calls = calls;
        this.settings = settings;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.history = new TrendHistory(settings.capacity());
    }

    @Scheduled(initialDelayString = "${luckydraw.admin.trends.interval:10s}",
            fixedDelayString = "${luckydraw.admin.trends.interval:10s}")
    public synchronized void sample() {
        Instant at = clock.instant();
        if (!at.isAfter(last)) {
            // A clock that did not move (or went back) gives no interval to measure a rate over.
            return;
        }
        last = at;
        try {
            List<Callable<Object>> reads = List.of(metrics::all, locks::all);
            List<Object> answers = calls.all(reads);
            @SuppressWarnings("unchecked")
            List<ServiceMetrics> scrapes = (List<ServiceMetrics>) answers.get(0);
            @SuppressWarnings("unchecked")
            List<DatabaseLocks> databases = (List<DatabaseLocks>) answers.get(1);
            history.add(deriving.next(at, scrapes, databases));
            exportLockWaits(databases);
            List<String> failed = new ArrayList<>();
            scrapes.stream().filter(s -> s.error() != null)
                    .forEach(s -> failed.add(s.service().name() + ": " + s.error()));
            databases.stream().filter(d -> d.error() != null)
                    .forEach(d -> failed.add(d.database() + " database: " + d.error()));
            errors = List.copyOf(failed);
        } catch (RuntimeException e) {
            // The next interval tries again; a scheduled task that throws would only log the same.
            log.warn("Sampling the trends failed: {}", e.toString());
            errors = List.of("sampling failed: " + e.getMessage());
        }
    }

    /**
     * The databases' lock waits as meters of the dashboard's own {@code /actuator/prometheus}, for alerting: no service
     * sees the other sessions of its database, the dashboard reads them all as the auditor.
     */
    private void exportLockWaits(List<DatabaseLocks> databases) {
        for (DatabaseLocks database : databases) {
            if (database.error() != null) {
                continue;
            }
            double[] now = lockWaits.computeIfAbsent(database.database(), name -> {
                double[] values = new double[2];
                Gauge.builder("luckydraw.db.lock.waiting.sessions", values, v -> v[0])
                        .description("sessions of a service database waiting for a lock").tag("database", name)
                        .register(meters);
                Gauge.builder("luckydraw.db.lock.longest.wait.seconds", values, v -> v[1])
                        .description("the longest lock wait in a service database").tag("database", name)
                        .register(meters);
                return values;
            });
            now[0] = database.waiting().size();
            now[1] = database.waiting().stream().filter(w -> w.waitingSeconds() != null)
                    .mapToDouble(DatabaseLocks.LockWait::waitingSeconds).max().orElse(0);
        }
    }

    public TrendsView view() {
        return TrendsView.of(history.points(), settings, errors);
    }
}

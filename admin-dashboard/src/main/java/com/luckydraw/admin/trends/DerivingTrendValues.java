package com.luckydraw.admin.trends;

import com.luckydraw.admin.locks.DatabaseLocks;
import com.luckydraw.admin.metrics.Sample;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.services.MonitoredService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Turns one round of scrapes into the values of the charts. Counters and histograms only mean something as
 * differences, so each instance's previous scrape is kept, keyed by instance (several instances of one service each
 * have their own counters, and a restarted one starts again from zero): a rate is this instance's increase over
 * the time between its two scrapes, a percentile comes from the histogram buckets filled in between. Gauges are
 * taken as they are; where every instance of a service reports the same shared figure (the orders table, the
 * outbox, a consumer group's lag) the instances' maximum is charted, as the alerting rules do.
 */
public final class DerivingTrendValues {

    public static final String PURCHASES = "purchases";
    public static final String SAGA_LATENCY = "saga-latency";
    public static final String CONSUMER_LAG = "consumer-lag";
    public static final String OUTBOX_BACKLOG = "outbox-backlog";
    public static final String OUTBOX_AGE = "outbox-age";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String ROUND_LOCK_WAIT = "round-lock-wait";
    public static final String DB_LOCK_WAITING = "db-lock-waiting";
    public static final String DB_LOCK_LONGEST = "db-lock-longest";

    static final String STEP_LATENCY = "luckydraw_saga_step_latency_seconds";
    static final String LOCK_WAIT = "luckydraw_lottery_lock_wait_seconds";

    private record Scrape(Instant at, ServiceMetrics metrics) {
    }

    private final Map<String, Scrape> previous = new HashMap<>();

    /** The values at {@code at}, from this round's scrapes (failed ones included, they give nothing). */
    public synchronized TrendPoint next(Instant at, List<ServiceMetrics> scrapes, List<DatabaseLocks> databases) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Map<String, Map<Double, Double>> stepBuckets = new TreeMap<>();
        double lockWaitSum = 0;
        double lockWaitCount = 0;
        for (ServiceMetrics now : scrapes) {
            if (now.error() != null) {
                continue;
            }
            gauges(now, values);
            now.sumBy("luckydraw_dead_letters_total", "topic")
                    .forEach((topic, n) -> add(values, DEAD_LETTERS, topic, n));
            if (now.has(LOCK_WAIT + "_max")) {
                max(values, ROUND_LOCK_WAIT, "max", now.max(LOCK_WAIT + "_max").orElse(0) * 1000);
            }
            Scrape before = previous.put(instance(now.service()), new Scrape(at, now));
            if (before == null) {
                continue;
            }
            double seconds = Duration.between(before.at(), at).toMillis() / 1000.0;
            if (seconds <= 0) {
                continue;
            }
            purchases(before.metrics(), now, seconds, values);
            for (Sample bucket : samples(now, STEP_LATENCY + "_bucket")) {
                double increase = increase(before.metrics(), bucket);
                stepBuckets.computeIfAbsent(String.valueOf(bucket.label("step")), s -> new TreeMap<>())
                        .merge(bound(bucket.label("le")), increase, Double::sum);
            }
            lockWaitSum += counterIncrease(before.metrics(), now, LOCK_WAIT + "_sum");
            lockWaitCount += counterIncrease(before.metrics(), now, LOCK_WAIT + "_count");
        }
        stepBuckets.forEach((step, buckets) -> {
            Double p50 = quantile(0.5, buckets);
            Double p99 = quantile(0.99, buckets);
            if (p50 != null) {
                values.computeIfAbsent(SAGA_LATENCY, c -> new LinkedHashMap<>()).put(step + " p50", p50 * 1000);
                values.get(SAGA_LATENCY).put(step + " p99", p99 * 1000);
            }
        });
        if (lockWaitCount > 0) {
            values.computeIfAbsent(ROUND_LOCK_WAIT, c -> new LinkedHashMap<>())
                    .put("mean", lockWaitSum / lockWaitCount * 1000);
        }
        for (DatabaseLocks database : databases) {
            if (database.error() != null) {
                continue;
            }
            add(values, DB_LOCK_WAITING, database.database(), database.waiting().size());
            add(values, DB_LOCK_LONGEST, database.database(), database.waiting().stream()
                    .filter(w -> w.waitingSeconds() != null)
                    .mapToDouble(DatabaseLocks.LockWait::waitingSeconds).max().orElse(0));
        }
        return new TrendPoint(at, values);
    }

    private static void gauges(ServiceMetrics now, Map<String, Map<String, Double>> values) {
        String service = now.service().name();
        now.sumBy("luckydraw_kafka_consumer_lag", "group").forEach((group, lag) -> max(values, CONSUMER_LAG, group, lag));
        now.max("luckydraw_outbox_backlog").ifPresent(n -> max(values, OUTBOX_BACKLOG, service, n));
        now.max("luckydraw_outbox_oldest_unsent_age_seconds").ifPresent(s -> max(values, OUTBOX_AGE, service, s));
    }

    /**
     * Completed and cancelled purchases per second: from a {@code luckydraw_purchases_total{outcome}} counter when
     * order-service has one, else from how fast its orders-by-status gauge grows (orders never leave COMPLETED or
     * CANCELLED, so the growth is the rate; every instance counts the same table, hence the maximum).
     */
    private static void purchases(ServiceMetrics before, ServiceMetrics now, double seconds,
                                  Map<String, Map<String, Double>> values) {
        if (now.has("luckydraw_purchases_total")) {
            for (String outcome : List.of("completed", "cancelled")) {
                Predicate<Sample> which = s -> outcome.equalsIgnoreCase(s.label("outcome"));
                double increase = samples(now, "luckydraw_purchases_total").stream().filter(which)
                        .mapToDouble(s -> increase(before, s)).sum();
                add(values, PURCHASES, outcome, increase / seconds);
            }
            return;
        }
        if (!now.has("luckydraw_orders")) {
            return;
        }
        for (String status : List.of("COMPLETED", "CANCELLED")) {
            Predicate<Sample> which = s -> status.equals(s.label("status"));
            double growth = now.sum("luckydraw_orders", which).orElse(0) - before.sum("luckydraw_orders", which).orElse(0);
            max(values, PURCHASES, status.toLowerCase(), Math.max(0, growth) / seconds);
        }
    }

    /** A counter's increase since the previous scrape; a smaller value means the instance restarted from zero. */
    static double increase(ServiceMetrics before, Sample now) {
        double then = before.sum(now.name(), s -> s.labels().equals(now.labels())).orElse(0);
        return now.value() >= then ? now.value() - then : now.value();
    }

    private static double counterIncrease(ServiceMetrics before, ServiceMetrics now, String name) {
        return samples(now, name).stream().mapToDouble(s -> increase(before, s)).sum();
    }

    /**
     * The q-quantile of the observations that fell into cumulative buckets (upper bound to count), interpolated
     * linearly inside the bucket it falls in, like Prometheus' {@code histogram_quantile}; null without
     * observations. Falling into the {@code +Inf} bucket gives the highest finite bound.
     */
    static Double quantile(double q, Map<Double, Double> cumulative) {
        if (cumulative.isEmpty()) {
            return null;
        }
        TreeMap<Double, Double> buckets = new TreeMap<>(cumulative);
        double total = buckets.lastEntry().getValue();
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return inBucket <= 0 ? bucket.getKey()
                        : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    private static double bound(String le) {
        return le == null || le.equals("+Inf") || le.equals("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static List<Sample> samples(ServiceMetrics metrics, String name) {
        List<Sample> matching = new ArrayList<>();
        for (Sample sample : metrics.samples()) {
            if (sample.name().equals(name) && !Double.isNaN(sample.value())) {
                matching.add(sample);
            }
        }
        return matching;
    }

    /** An instance is its actuator's address: each instance of a service has its own. */
    static String instance(MonitoredService service) {
        return service.name() + " " + service.managementUrl();
    }

    private static void add(Map<String, Map<String, Double>> values, String chart, String series, double value) {
        values.computeIfAbsent(chart, c -> new LinkedHashMap<>()).merge(series, value, Double::sum);
    }

    private static void max(Map<String, Map<String, Double>> values, String chart, String series, double value) {
        if (!Double.isNaN(value)) {
            values.computeIfAbsent(chart, c -> new LinkedHashMap<>()).merge(series, value, Math::max);
        }
    }
}

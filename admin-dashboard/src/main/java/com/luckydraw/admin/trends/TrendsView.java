package com.luckydraw.admin.trends;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The trends as the page and {@code GET /luckydraw/api/trends} give them: one time axis (epoch seconds) shared by
 * every chart, and per chart each series' values on that axis, null where it had none.
 *
 * @param intervalSeconds how often samples are taken
 * @param windowSeconds   how far back the history reaches at most
 * @param times           the samples' times, oldest first, in epoch seconds
 * @param errors          what the latest sampling could not read (a service, a database), with why
 */
public record TrendsView(long intervalSeconds, long windowSeconds, List<Long> times, List<Chart> charts,
                         List<String> errors) {

    /** One chart: what it shows, in which unit, and its series. */
    public record Chart(String id, String title, String unit, String source, List<Series> series) {

        public long points() {
            return series.stream().mapToLong(s -> s.values().stream().filter(v -> v != null).count()).sum();
        }
    }

    public record Series(String name, List<Double> values) {
    }

    private record Spec(String id, String title, String unit, String source) {
    }

    /** The charts in the order the page shows them. */
    private static final List<Spec> CHARTS = List.of(
            new Spec(DerivingTrendValues.PURCHASES, "Purchases per second", "/s",
                    "order-service: rate of luckydraw_purchases_total{outcome}, else growth of luckydraw_orders{status}"),
            new Spec(DerivingTrendValues.SAGA_LATENCY, "Saga step latency p50 / p99", "ms",
                    "order-service: luckydraw_saga_step_latency_seconds_bucket filled since the previous sample"),
            new Spec(DerivingTrendValues.CONSUMER_LAG, "Kafka consumer lag per group", "records",
                    "luckydraw_kafka_consumer_lag{group}, highest of the instances"),
            new Spec(DerivingTrendValues.OUTBOX_BACKLOG, "Outbox backlog", "rows",
                    "luckydraw_outbox_backlog per service"),
            new Spec(DerivingTrendValues.OUTBOX_AGE, "Oldest unsent outbox row", "s",
                    "luckydraw_outbox_oldest_unsent_age_seconds per service (0 while nothing waits)"),
            new Spec(DerivingTrendValues.DEAD_LETTERS, "Dead letters", "records",
                    "luckydraw_dead_letters_total per consumed topic, as the services count them since they started"),
            new Spec(DerivingTrendValues.ROUND_LOCK_WAIT, "Round lock wait", "ms",
                    "lottery-service: luckydraw_lottery_lock_wait_seconds, mean since the previous sample and max"),
            new Spec(DerivingTrendValues.DB_LOCK_WAITING, "Sessions waiting for a database lock", "sessions",
                    "pg_locks not granted, per service database, read as the auditor"),
            new Spec(DerivingTrendValues.DB_LOCK_LONGEST, "Longest database lock wait", "s",
                    "pg_stat_activity of the waiting sessions, per service database"));

    public static TrendsView of(List<TrendPoint> points, TrendSettings settings, List<String> errors) {
        List<Long> times = points.stream().map(p -> p.at().getEpochSecond()).toList();
        List<Chart> charts = new ArrayList<>();
        for (Spec spec : CHARTS) {
            Set<String> names = new LinkedHashSet<>();
            points.forEach(p -> names.addAll(p.values().getOrDefault(spec.id(), java.util.Map.of()).keySet()));
            List<Series> series = names.stream().sorted().map(name -> new Series(name,
                    points.stream().map(p -> p.value(spec.id(), name)).toList())).toList();
            charts.add(new Chart(spec.id(), spec.title(), spec.unit(), spec.source(), series));
        }
        return new TrendsView(settings.interval().toSeconds(), settings.window().toSeconds(), times, charts,
                List.copyOf(errors));
    }
}

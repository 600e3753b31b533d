package com.luckydraw.admin.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The figures the admins asked for, read from each service's Prometheus meters. Micrometer names map to Prometheus
 * ones with dots as underscores, {@code _total} on counters and {@code _seconds_count/_sum/_max} on timers.
 * A figure whose meter a service does not report is shown as "not reported" where that service is its owner, so a
 * missing meter is visible rather than silently absent.
 */
public final class KeyFigures {

    private record Spec(String label, String meter, String owner, Function<ServiceMetrics, String> value) {
    }

    private static final List<Spec> CATALOGUE = List.of(
            // every service, through common-messaging
            new Spec("Outbox backlog", "luckydraw_outbox_backlog", null,
                    m -> count(m, "luckydraw_outbox_backlog")),
            new Spec("Outbox lag (mean / max)", "luckydraw_outbox_lag_seconds", null,
                    m -> timing(m, "luckydraw_outbox_lag_seconds")),
            new Spec("Outbox published", "luckydraw_outbox_published_total", null,
                    m -> count(m, "luckydraw_outbox_published_total")),
            new Spec("Duplicates skipped", "luckydraw_inbox_duplicates_total", null,
                    m -> count(m, "luckydraw_inbox_duplicates_total")),
            new Spec("Dead letters", "luckydraw_dead_letters_total", null,
                    m -> countBy(m, "luckydraw_dead_letters_total", "topic")),
            // wallet-service
            new Spec("Version-conflict retries", "luckydraw_wallet_version_conflicts_total", "wallet-service",
                    m -> count(m, "luckydraw_wallet_version_conflicts_total")),
            // lottery-service
            new Spec("Lock wait (mean / max)", "luckydraw_lottery_lock_wait_seconds", "lottery-service",
                    m -> timing(m, "luckydraw_lottery_lock_wait_seconds")),
            new Spec("Lock failures", "luckydraw_lottery_lock_failures_total", "lottery-service",
                    m -> count(m, "luckydraw_lottery_lock_failures_total")),
            // order-service
            new Spec("Purchases by outcome", "luckydraw_purchases_total", "order-service",
                    m -> countBy(m, "luckydraw_purchases_total", "outcome")),
            new Spec("Orders by status", "luckydraw_orders", "order-service",
                    m -> countBy(m, "luckydraw_orders", "status")),
            new Spec("Pending sagas", "luckydraw_saga_pending", "order-service",
                    m -> count(m, "luckydraw_saga_pending")),
            new Spec("Saga step latency (mean / max)", "luckydraw_saga_step_latency_seconds", "order-service",
                    m -> timingBy(m, "luckydraw_saga_step_latency_seconds", "step")),
            new Spec("Saga retries", "luckydraw_saga_retries_total", "order-service",
                    m -> count(m, "luckydraw_saga_retries_total")),
            new Spec("Saga escalations", "luckydraw_saga_escalations_total", "order-service",
                    m -> count(m, "luckydraw_saga_escalations_total")));

    private KeyFigures() {
    }

    public static List<KeyFigure> of(ServiceMetrics metrics) {
        return CATALOGUE.stream().map(spec -> new KeyFigure(spec.label(),
                        metrics.error() == null ? spec.value().apply(metrics) : null, spec.meter()))
                .filter(figure -> figure.reported() || owns(metrics, figure))
                .toList();
    }

    private static boolean owns(ServiceMetrics metrics, KeyFigure figure) {
        return CATALOGUE.stream().filter(s -> s.meter().equals(figure.meter())).anyMatch(
                s -> s.owner() == null || s.owner().equals(metrics.service().name()));
    }

    static String count(ServiceMetrics m, String name) {
        var sum = m.sum(name);
        return sum.isPresent() ? number(sum.getAsDouble()) : null;
    }

    static String countBy(ServiceMetrics m, String name, String label) {
        Map<String, Double> sums = m.sumBy(name, label);
        if (sums.isEmpty()) {
            return m.has(name) ? "0" : null;
        }
        double total = sums.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sums.size() == 1 && sums.containsKey("null")) {
            return number(total);
        }
        return sums.entrySet().stream().map(e -> e.getKey() + " " + number(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static String timing(ServiceMetrics m, String base) {
        ServiceMetrics.Timing timing = m.timing(base, s -> true);
        return timing == null ? null : millis(timing);
    }

    static String timingBy(ServiceMetrics m, String base, String label) {
        Map<String, Double> counts = m.sumBy(base + "_count", label);
        if (counts.isEmpty()) {
            return null;
        }
        return counts.keySet().stream().map(value -> value + " " + millis(m.timing(base,
                        s -> value.equals(String.valueOf(s.label(label))))))
                .collect(Collectors.joining("; "));
    }

    public static String millis(ServiceMetrics.Timing timing) {
        return String.format(Locale.ROOT, "%.1f ms / %.1f ms (n=%d)", timing.meanSeconds() * 1000,
                timing.maxSeconds() * 1000, timing.count());
    }

    public static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}

package com.luckydraw.admin.metrics;

import java.util.ArrayList;
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

    /** order-service's states in which a saga still runs (or waits for a person). */
    private static final List<String> OPEN_SAGA_STATES = List.of("PENDING", "PAID", "REFUNDING", "ESCALATED",
            "COMPENSATION_FAILED");

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
            new Spec("Given up after retries", "luckydraw_wallet_contended_total", "wallet-service",
                    m -> count(m, "luckydraw_wallet_contended_total")),
            // lottery-service
            new Spec("Lock wait (mean / max)", "luckydraw_lottery_lock_wait_seconds", "lottery-service",
                    m -> timing(m, "luckydraw_lottery_lock_wait_seconds")),
            new Spec("Lock failures", "luckydraw_lottery_lock_failures_total", "lottery-service",
                    m -> countBy(m, "luckydraw_lottery_lock_failures_total", "reason")),
            new Spec("Round update retries", "luckydraw_lottery_allocation_update_retries_total", "lottery-service",
                    m -> count(m, "luckydraw_lottery_allocation_update_retries_total")),
            new Spec("Shares allocated", "luckydraw_lottery_allocation_shares_total", "lottery-service",
                    m -> count(m, "luckydraw_lottery_allocation_shares_total")),
            new Spec("Allocation rejections", "luckydraw_lottery_allocation_rejections_total", "lottery-service",
                    m -> count(m, "luckydraw_lottery_allocation_rejections_total")),
            // order-service
            new Spec("Purchases by outcome", "luckydraw_orders", "order-service", KeyFigures::purchasesByOutcome),
            new Spec("Pending sagas", "luckydraw_orders", "order-service", KeyFigures::pendingSagas),
            new Spec("Orders by status", "luckydraw_orders", "order-service",
                    m -> nonZeroBy(m, "luckydraw_orders", "status")),
            new Spec("Saga step latency (mean / max)", "luckydraw_saga_step_latency_seconds", "order-service",
                    m -> timingBy(m, "luckydraw_saga_step_latency_seconds", "step")),
            new Spec("Saga retries", "luckydraw_saga_retries_total", "order-service",
                    m -> countBy(m, "luckydraw_saga_retries_total", "step")),
            new Spec("Saga escalations", "luckydraw_saga_escalations_total", "order-service",
                    m -> countBy(m, "luckydraw_saga_escalations_total", "to")),
            new Spec("Duplicate purchase requests", "luckydraw_orders_duplicate_requests_total", "order-service",
                    m -> count(m, "luckydraw_orders_duplicate_requests_total")),
            new Spec("Conflicting purchase requests", "luckydraw_orders_conflicting_requests_total",
                    "order-service", m -> count(m, "luckydraw_orders_conflicting_requests_total")));

    private KeyFigures() {
    }

    public static List<KeyFigure> of(ServiceMetrics metrics) {
        List<KeyFigure> figures = new ArrayList<>();
        for (Spec spec : CATALOGUE) {
            String value = metrics.error() == null ? spec.value().apply(metrics) : null;
            boolean owner = spec.owner() == null || spec.owner().equals(metrics.service().name());
            if (value != null || owner) {
                figures.add(new KeyFigure(spec.label(), value, spec.meter()));
            }
        }
        return figures;
    }

    static String count(ServiceMetrics m, String name) {
        var sum = m.sum(name);
        return sum.isPresent() ? number(sum.getAsDouble()) : null;
    }

    /**
     * Purchases by how they ended: from a {@code luckydraw_purchases_total{outcome}} counter when order-service has
     * one, else from its orders-by-status gauge (completed, cancelled, still running).
     */
    static String purchasesByOutcome(ServiceMetrics m) {
        if (m.has("luckydraw_purchases_total")) {
            return countBy(m, "luckydraw_purchases_total", "outcome");
        }
        Map<String, Double> byStatus = m.sumBy("luckydraw_orders", "status");
        if (byStatus.isEmpty()) {
            return null;
        }
        double completed = byStatus.getOrDefault("COMPLETED", 0.0);
        double cancelled = byStatus.getOrDefault("CANCELLED", 0.0);
        double running = byStatus.entrySet().stream().filter(e -> OPEN_SAGA_STATES.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        return "completed " + number(completed) + ", cancelled " + number(cancelled) + ", in progress "
                + number(running);
    }

    /** Sagas not finished yet: orders in a state that waits for a reply or for a person. */
    static String pendingSagas(ServiceMetrics m) {
        if (m.has("luckydraw_saga_pending")) {
            return count(m, "luckydraw_saga_pending");
        }
        Map<String, Double> byStatus = m.sumBy("luckydraw_orders", "status");
        if (byStatus.isEmpty()) {
            return null;
        }
        return number(byStatus.entrySet().stream().filter(e -> OPEN_SAGA_STATES.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum());
    }

    static String nonZeroBy(ServiceMetrics m, String name, String label) {
        Map<String, Double> sums = m.sumBy(name, label);
        if (sums.isEmpty()) {
            return null;
        }
        String text = sums.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + " " + number(e.getValue())).collect(Collectors.joining(", "));
        return text.isEmpty() ? "none" : text;
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

package com.luckydraw.admin.saga;

import com.luckydraw.admin.metrics.ReadingServiceMetrics;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.services.Fetched;
import com.luckydraw.admin.services.JsonRows;
import com.luckydraw.admin.services.MonitoredService;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reads the saga's state from order-service's admin API: orders per state, the newest orders, the stuck ones and
 * the failed ones. Counts come from order-service's orders-by-status gauge when it has one (exact, one call); otherwise they
 * are counted from its admin API lists.
 */
@Component
public class ReadingSagas {

    static final String ORDERS_GAUGE = "luckydraw_orders";

    private final MonitoredServices services;
    private final SagaSettings settings;
    private final ServiceClient client;
    private final ReadingServiceMetrics metrics;

    public ReadingSagas(MonitoredServices services, SagaSettings settings, ServiceClient client,
                        ReadingServiceMetrics metrics) {
        this.services = services;
        this.settings = settings;
        this.client = client;
        this.metrics = metrics;
    }

    public SagaView read() {
        MonitoredService order = services.named(services.orderService()).orElse(null);
        if (order == null) {
            JsonRows none = JsonRows.of(null);
            return new SagaView(null, Map.of(), "", none, none, none, settings.retryableStatuses(),
                    List.of("no service named " + services.orderService() + " is configured"));
        }
        String base = order.url();
        // All at once: the latest orders, the stuck ones, the failed states' lists, and the meters (for the
        // orders-by-status gauge).
        List<Callable<Object>> calls = new ArrayList<>();
        calls.add(() -> client.json(base + "/admin/orders?limit={limit}", settings.latest()));
        calls.add(() -> client.json(base + "/admin/orders/stuck?limit={limit}", settings.listLimit()));
        calls.add(() -> metrics.of(order));
        for (String status : settings.failedStatuses()) {
            calls.add(() -> client.json(base + "/admin/orders?status={status}&limit={limit}", status,
                    settings.listLimit()));
        }
        List<Object> answers = client.all(calls);

        List<String> errors = new ArrayList<>();
        Fetched<Object> latestAnswer = fetched(answers.get(0));
        JsonRows stuck = rows(fetched(answers.get(1)), "stuck orders", errors);
        ServiceMetrics meters = (ServiceMetrics) answers.get(2);
        List<JsonRows> failedLists = new ArrayList<>();
        for (int i = 0; i < settings.failedStatuses().size(); i++) {
            failedLists.add(rows(fetched(answers.get(3 + i)),
                    "orders in state " + settings.failedStatuses().get(i), errors));
        }
        JsonRows failed = union(failedLists, Integer.MAX_VALUE);

        Map<String, Long> byState = new LinkedHashMap<>();
        Map<String, JsonRows> byStatus = new LinkedHashMap<>();
        String source;
        Map<String, Double> gauge = meters.sumBy(ORDERS_GAUGE, "status");
        if (!gauge.isEmpty()) {
            settings.statuses().forEach(s -> byState.put(s, 0L));
            gauge.forEach((status, count) -> byState.put(status, count.longValue()));
            source = "order-service's gauge " + ORDERS_GAUGE + " (refreshed by order-service every few seconds)";
        } else {
            // No gauge (an older order-service, or its meters unreadable): count the lists, up to their limit.
            byStatus = listsByStatus(base, errors);
            byStatus.forEach((status, rows) -> byState.put(status, (long) rows.size()));
            source = "counted from GET /admin/orders?status= (at most " + settings.listLimit() + " each)";
        }
        JsonRows latest;
        if (latestAnswer.ok()) {
            latest = JsonRows.of(latestAnswer.value());
        } else {
            // An order-service that requires ?status= : the newest of each state's list.
            if (byStatus.isEmpty()) {
                byStatus = listsByStatus(base, errors);
            }
            latest = union(byStatus.values(), settings.latest());
        }
        return new SagaView(base, byState, source, latest, stuck, failed, settings.retryableStatuses(), errors);
    }

    private Map<String, JsonRows> listsByStatus(String base, List<String> errors) {
        List<Callable<Fetched<Object>>> calls = new ArrayList<>();
        for (String status : settings.statuses()) {
            calls.add(() -> client.json(base + "/admin/orders?status={status}&limit={limit}", status,
                    settings.listLimit()));
        }
        List<Fetched<Object>> answers = client.all(calls);
        Map<String, JsonRows> byStatus = new LinkedHashMap<>();
        for (int i = 0; i < settings.statuses().size(); i++) {
            byStatus.put(settings.statuses().get(i),
                    rows(answers.get(i), "orders in state " + settings.statuses().get(i), errors));
        }
        return byStatus;
    }

    @SuppressWarnings("unchecked")
    private static Fetched<Object> fetched(Object answer) {
        return (Fetched<Object>) answer;
    }

    private static JsonRows rows(Fetched<Object> answer, String what, List<String> errors) {
        if (!answer.ok()) {
            errors.add(what + ": " + answer.error());
            return JsonRows.of(null);
        }
        return JsonRows.of(answer.value());
    }

    /** The lists' orders together, newest first (by createdAt or updatedAt when the API gives them). */
    private static JsonRows union(Iterable<JsonRows> lists, int limit) {
        List<Map<String, Object>> all = new ArrayList<>();
        lists.forEach(rows -> all.addAll(rows.rows()));
        all.sort(Comparator.comparing((Map<String, Object> row) -> instant(row)).reversed());
        return JsonRows.of(new ArrayList<Object>(all.subList(0, Math.min(limit, all.size()))));
    }

    private static Instant instant(Map<String, Object> row) {
        for (String column : List.of("createdAt", "updatedAt")) {
            Object value = row.get(column);
            if (value != null) {
                try {
                    return Instant.parse(value.toString());
                } catch (DateTimeParseException e) {
                    // not an ISO-8601 instant: try the next column
                }
            }
        }
        return Instant.EPOCH;
    }
}

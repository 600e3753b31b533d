package com.luckydraw.admin.saga;

import com.luckydraw.admin.metrics.ReadingServiceMetrics;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.services.Fetched;
import com.luckydraw.admin.services.JsonRows;
import com.luckydraw.admin.services.MonitoredService;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reads the saga's state from order-service: orders per state, the latest orders, the stuck ones and the failed
 * ones. Counts come from order-service's orders-by-status gauge when it has one (exact, one call); otherwise they
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
            return new SagaView(null, Map.of(), "", none, none, none,
                    List.of("no service named " + services.orderService() + " is configured"));
        }
        String base = order.url();
        List<Callable<Fetched<Object>>> calls = new ArrayList<>();
        calls.add(() -> client.json(base + "/admin/orders"));
        calls.add(() -> client.json(base + "/admin/orders/stuck"));
        for (String status : settings.statuses()) {
            calls.add(() -> client.json(base + "/admin/orders?status={status}", status));
        }
        List<Fetched<Object>> answers = client.all(calls);
        ServiceMetrics meters = metrics.of(order);

        List<String> errors = new ArrayList<>();
        Map<String, JsonRows> byStatus = new LinkedHashMap<>();
        for (int i = 0; i < settings.statuses().size(); i++) {
            Fetched<Object> answer = answers.get(2 + i);
            if (answer.ok()) {
                byStatus.put(settings.statuses().get(i), JsonRows.of(answer.value()));
            } else {
                errors.add("orders in state " + settings.statuses().get(i) + ": " + answer.error());
            }
        }

        JsonRows recent = rows(answers.get(0), "latest orders", errors);
        if (!answers.get(0).ok() && !byStatus.isEmpty()) {
            recent = union(byStatus);
        }
        JsonRows stuck = rows(answers.get(1), "stuck orders", errors);

        Map<String, JsonRows> failedLists = new LinkedHashMap<>();
        settings.failedStatuses().forEach(s -> failedLists.put(s, byStatus.getOrDefault(s, JsonRows.of(null))));
        JsonRows failed = union(failedLists);

        Map<String, Long> byState = new LinkedHashMap<>();
        String source;
        Map<String, Double> gauge = meters.sumBy(ORDERS_GAUGE, "status");
        if (!gauge.isEmpty()) {
            settings.statuses().forEach(s -> byState.put(s, 0L));
            gauge.forEach((status, count) -> byState.put(status, count.longValue()));
            source = "order-service gauge " + ORDERS_GAUGE;
        } else {
            byStatus.forEach((status, rows) -> byState.put(status, (long) rows.size()));
            source = "counted from GET /admin/orders?status=";
        }
        return new SagaView(base, byState, source, recent, stuck, failed, errors);
    }

    private static JsonRows rows(Fetched<Object> answer, String what, List<String> errors) {
        if (!answer.ok()) {
            errors.add(what + ": " + answer.error());
            return JsonRows.of(null);
        }
        return JsonRows.of(answer.value());
    }

    private static JsonRows union(Map<String, JsonRows> lists) {
        List<Object> all = new ArrayList<>();
        lists.values().forEach(rows -> all.addAll(rows.rows()));
        return JsonRows.of(all);
    }
}

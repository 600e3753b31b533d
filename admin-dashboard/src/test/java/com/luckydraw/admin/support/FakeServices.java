package com.luckydraw.admin.support;

import com.sun.net.httpserver.HttpExchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The three services as fakes with luckydraw's shapes: health with the common-messaging contributors (outbox,
 * kafka with consumer lag and dead letters) plus Redis on lottery, Prometheus meters, order-service's admin API
 * over an order list the test can add to, and lottery's rounds. One set per test JVM, shared by the test classes
 * so they share one Spring context.
 */
public final class FakeServices {

    private static FakeServices shared;

    public final FakeService wallet = new FakeService("wallet-service");
    public final FakeService lottery = new FakeService("lottery-service");
    public final FakeService order = new FakeService("order-service");

    /** The fake order-service's orders, newest last. */
    public final List<Map<String, Object>> orders = new CopyOnWriteArrayList<>();
    /** Orders the fake calls stuck (past the saga timeout). */
    public final List<String> stuck = new CopyOnWriteArrayList<>();

    public static synchronized FakeServices shared() {
        if (shared == null) {
            shared = new FakeServices();
        }
        return shared;
    }

    public List<FakeService> all() {
        return List.of(wallet, lottery, order);
    }

    private FakeServices() {
        for (FakeService service : all()) {
            actuator(service);
        }
        wallet.onText("/actuator/prometheus", () -> common("wallet-service", "luckydraw.wallet.commands") + """
                # TYPE luckydraw_wallet_version_conflicts_total counter
                luckydraw_wallet_version_conflicts_total{application="wallet-service"} 4.0
                """ + wallet.moreMeters());
        lottery.onText("/actuator/prometheus", () -> common("lottery-service", "luckydraw.lottery.commands") + """
                # TYPE luckydraw_lottery_lock_wait_seconds summary
                luckydraw_lottery_lock_wait_seconds_count{application="lottery-service"} 40
                luckydraw_lottery_lock_wait_seconds_sum{application="lottery-service"} 0.2
                luckydraw_lottery_lock_wait_seconds_max{application="lottery-service"} 0.031
                # TYPE luckydraw_lottery_lock_failures_total counter
                luckydraw_lottery_lock_failures_total{application="lottery-service",reason="redis-unavailable"} 0.0
                luckydraw_lottery_lock_failures_total{application="lottery-service",reason="stale-token"} 0.0
                luckydraw_lottery_lock_failures_total{application="lottery-service",reason="wait-timeout"} 2.0
                # TYPE luckydraw_lottery_allocation_shares_total counter
                luckydraw_lottery_allocation_shares_total{application="lottery-service"} 148.0
                """ + lottery.moreMeters());
        // Shaped like lottery-service's RoundView.
        lottery.onJson("/admin/rounds", () -> List.of(round(11, 3, 1000), round(12, 95, 100), round(13, 50, 50)));
        order.onText("/actuator/prometheus", () -> common("order-service", "luckydraw.order.replies") + orderMeters()
                + order.moreMeters());
        order.on("/admin/orders", this::ordersByStatus);
        order.onJson("/admin/orders/stuck", () -> orders.stream()
                .filter(o -> stuck.contains((String) o.get("id"))).toList());
        order.on("/purchases", this::purchase);
        addOrder("COMPLETED", "pos-1", "biz-1");
        stuck.add(addOrder("ESCALATED", "pos-1", "biz-2"));
        stuck.add(addOrder("PAID", "pos-1", "biz-3"));
        addOrder("CANCELLED", "pos-2", "biz-4");
        addOrder("COMPENSATION_FAILED", "pos-2", "biz-5");
    }

    /** The stuck order that can be retried by hand (ESCALATED). */
    public String escalated() {
        return stuck.get(0);
    }

    /** What a purchase through the fake order-service does: a new order, completed at once. */
    public String addOrder(String status, String posId, String bizId) {
        String id = UUID.nameUUIDFromBytes((posId + ":" + bizId).getBytes()).toString();
        // Shaped like order-service's OrderDetails (a subset of its fields).
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", id);
        order.put("posId", posId);
        order.put("bizId", bizId);
        order.put("status", status);
        order.put("userId", "user-" + posId);
        order.put("roundId", 12);
        order.put("shares", 2);
        order.put("amount", 400);
        Instant created = Instant.parse("2026-01-01T10:00:00Z").plusSeconds(orders.size());
        order.put("createdAt", created.toString());
        order.put("updatedAt", created.toString());
        orders.add(order);
        // Retrying answers like order-service: the order, PAID again.
        this.order.on("/admin/orders/" + id + "/retry", exchange -> {
            Map<String, Object> retried = new LinkedHashMap<>(order);
            retried.put("status", "PAID");
            return FakeService.Answer.json(200, retried);
        });
        // Voiding answers like order-service: the order, ESCALATED with its void sent.
        this.order.on("/admin/orders/" + id + "/void", exchange -> FakeService.Answer.json(200, order));
        return id;
    }

    private FakeService.Answer purchase(HttpExchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> request = FakeService.parse(FakeService.body(exchange), Map.class);
        String id = addOrder("COMPLETED", String.valueOf(request.get("posId")), String.valueOf(request.get("bizId")));
        return FakeService.Answer.json(202, Map.of("orderId", id));
    }

    private FakeService.Answer ordersByStatus(HttpExchange exchange) {
        // Like order-service: newest first, all orders or those in ?status=, at most ?limit=.
        Map<String, String> query = FakeService.query(exchange);
        String status = query.get("status");
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        List<Map<String, Object>> matching = new ArrayList<>(orders.stream()
                .filter(o -> status == null || status.equals(o.get("status"))).toList());
        java.util.Collections.reverse(matching);
        return FakeService.Answer.json(matching.subList(0, Math.min(limit, matching.size())));
    }

    private String orderMeters() {
        StringBuilder text = new StringBuilder("# TYPE luckydraw_orders gauge\n");
        for (String status : List.of("PENDING", "PAID", "COMPLETED", "REFUNDING", "CANCELLED", "COMPENSATION_FAILED",
                "ESCALATED")) {
            long count = orders.stream().filter(o -> status.equals(o.get("status"))).count();
            text.append("luckydraw_orders{application=\"order-service\",status=\"").append(status).append("\"} ")
                    .append(count).append(".0\n");
        }
        text.append("""
                # TYPE luckydraw_saga_step_latency_seconds histogram
                luckydraw_saga_step_latency_seconds_bucket{application="order-service",outcome="debited",step="debit",le="0.005"} 2
                luckydraw_saga_step_latency_seconds_count{application="order-service",outcome="debited",step="debit"} 3
                luckydraw_saga_step_latency_seconds_sum{application="order-service",outcome="debited",step="debit"} 0.012
                luckydraw_saga_step_latency_seconds_max{application="order-service",outcome="debited",step="debit"} 0.006
                luckydraw_saga_step_latency_seconds_count{application="order-service",outcome="allocated",step="allocate"} 2
                luckydraw_saga_step_latency_seconds_sum{application="order-service",outcome="allocated",step="allocate"} 0.010
                luckydraw_saga_step_latency_seconds_max{application="order-service",outcome="allocated",step="allocate"} 0.007
                # TYPE luckydraw_saga_retries_total counter
                luckydraw_saga_retries_total{application="order-service",step="allocate"} 1.0
                # TYPE luckydraw_saga_escalations_total counter
                luckydraw_saga_escalations_total{application="order-service",step="allocate",to="ESCALATED"} 1.0
                # TYPE luckydraw_orders_duplicate_requests_total counter
                luckydraw_orders_duplicate_requests_total{application="order-service"} 5.0
                """);
        return text.toString();
    }

    private static Map<String, Object> round(long id, int sold, int total) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("id", id);
        round.put("productId", 1);
        round.put("pricePerShare", 200);
        round.put("currency", "EUR");
        round.put("totalShares", total);
        round.put("soldShares", sold);
        round.put("sharesLeft", total - sold);
        round.put("status", sold >= total ? "SOLD_OUT" : "OPEN");
        return round;
    }

    private static void actuator(FakeService service) {
        service.on("/actuator/health", exchange -> health(service));
        service.on("/actuator/health/liveness", exchange -> FakeService.Answer.json(Map.of("status", "UP")));
        service.on("/actuator/health/readiness", exchange -> FakeService.Answer.json(
                "UP".equals(service.status()) ? 200 : 503, Map.of("status", service.status())));
        service.onJson("/actuator/info", Map::of);
        String base = service.url() + "/actuator";
        service.onJson("/actuator", () -> Map.of("_links", Map.of(
                "self", Map.of("href", base, "templated", false),
                "health", Map.of("href", base + "/health", "templated", false),
                "info", Map.of("href", base + "/info", "templated", false),
                "prometheus", Map.of("href", base + "/prometheus", "templated", false))));
    }

    private static FakeService.Answer health(FakeService service) {
        boolean up = "UP".equals(service.status());
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("db", up ? Map.of("status", "UP", "details", Map.of("database", "PostgreSQL",
                "validationQuery", "isValid()")) : Map.of("status", "DOWN", "details", Map.of("error",
                service.downReason())));
        String consumer = service.name().replace("-service", "");
        components.put("kafka", Map.of("status", "UP", "details", Map.of("brokers", 1,
                "consumerLag", Map.of(consumer + "-commands", 7),
                "deadLetters", Map.of("luckydraw." + consumer + ".commands.dlt", 1))));
        components.put("livenessState", Map.of("status", "UP"));
        components.put("outbox", Map.of("status", "UP", "details", Map.of("backlog", 2, "paused", false)));
        components.put("readinessState", Map.of("status", "UP"));
        if (service.name().startsWith("lottery")) {
            components.put("redis", Map.of("status", "UP", "details", Map.of("version", "7.0.15")));
        }
        return FakeService.Answer.json(up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN",
                "components", components, "groups", List.of("liveness", "readiness")));
    }

    private static String common(String application, String topic) {
        return """
                # HELP luckydraw_outbox_backlog committed messages not yet acknowledged by the broker
                # TYPE luckydraw_outbox_backlog gauge
                luckydraw_outbox_backlog{application="%1$s"} 2.0
                # TYPE luckydraw_outbox_published_total counter
                luckydraw_outbox_published_total{application="%1$s"} 12.0
                # TYPE luckydraw_outbox_lag_seconds summary
                luckydraw_outbox_lag_seconds_count{application="%1$s"} 12
                luckydraw_outbox_lag_seconds_sum{application="%1$s"} 0.06
                luckydraw_outbox_lag_seconds_max{application="%1$s"} 0.015
                # TYPE luckydraw_inbox_duplicates_total counter
                luckydraw_inbox_duplicates_total{application="%1$s"} 3.0
                # TYPE luckydraw_dead_letters_total counter
                luckydraw_dead_letters_total{application="%1$s",consumer="%1$s",topic="%2$s"} 1.0
                # TYPE jvm_threads_live_threads gauge
                jvm_threads_live_threads{application="%1$s"} 42.0
                """.formatted(application, topic);
    }
}

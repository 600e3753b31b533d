package com.luckydraw.infra.demo;

import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.OrderEvent;
import com.luckydraw.events.order.PurchaseRequested;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The terminal event of each purchase of a run, read from the order events topic: every order ends with exactly one
 * of {@link OrderCompleted} or {@link OrderCancelled}. A resent event (the relay may publish twice after a broker
 * hiccup) counts once.
 */
public final class DemoOutcomes {

    private final Map<String, OrderEvent> byKey = new LinkedHashMap<>();
    private final Set<String> expected = new HashSet<>();

    public DemoOutcomes(Collection<PurchaseRequested> purchases) {
        purchases.forEach(p -> expected.add(key(p.posId(), p.bizId())));
    }

    private static String key(String posId, String bizId) {
        return posId + ":" + bizId;
    }

    /**
     * Reads the follower until every expected purchase has its terminal event or the timeout passes; prints progress
     * every few seconds. Returns whether all ended.
     */
    public boolean await(TopicFollower<OrderEvent> follower, Duration timeout, PrintStream out) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + Duration.ofSeconds(5).toNanos();
        while (byKey.size() < expected.size()) {
            for (OrderEvent event : follower.poll(Duration.ofMillis(500))) {
                String key = key(event.posId(), event.bizId());
                if (expected.contains(key)) {
                    byKey.putIfAbsent(key, event);
                }
            }
            long now = System.nanoTime();
            if (now > nextReport && byKey.size() < expected.size()) {
                out.printf("  %d of %d orders ended after %d s%n", byKey.size(), expected.size(),
                        Duration.ofNanos(now - start).toSeconds());
                nextReport = now + Duration.ofSeconds(5).toNanos();
            }
            if (now > deadline) {
                return false;
            }
        }
        out.printf("  all %d orders ended after %.1f s%n", expected.size(), (System.nanoTime() - start) / 1e9);
        return true;
    }

    public List<OrderCompleted> completed() {
        return byKey.values().stream().filter(OrderCompleted.class::isInstance).map(OrderCompleted.class::cast)
                .toList();
    }

    public List<OrderCancelled> cancelled() {
        return byKey.values().stream().filter(OrderCancelled.class::isInstance).map(OrderCancelled.class::cast)
                .toList();
    }

    public int ended() {
        return byKey.size();
    }

    public int expected() {
        return expected.size();
    }

    /** The purchases without a terminal event yet, as {@code posId:bizId}. */
    public List<String> missing() {
        return expected.stream().filter(k -> !byKey.containsKey(k)).sorted().toList();
    }
}

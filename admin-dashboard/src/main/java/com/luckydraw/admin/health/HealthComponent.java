package com.luckydraw.admin.health;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One health contributor of a service, e.g. {@code db}, {@code kafka}, {@code outbox}, {@code redis}; nested
 * contributors are named with a slash ({@code db/wallet}).
 */
public record HealthComponent(String name, String status, Map<String, Object> details) {

    public HealthComponent {
        details = details == null ? Map.of() : details;
    }

    public boolean up() {
        return "UP".equals(status);
    }

    /** The details as lines a person reads: {@code consumerLag: order-replies=0, wallet-commands=3}. */
    public List<String> detailLines() {
        return details.entrySet().stream().map(e -> e.getKey() + ": " + render(e.getValue())).toList();
    }

    /** A number among the details, or the sum of a map of numbers (lag per group, dead letters per topic). */
    public Long number(String detail) {
        Object value = details.get(detail);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()
                && map.values().stream().allMatch(v -> v instanceof Number)) {
            // -1 stands for "unknown" in the Kafka indicator: an unknown part makes the sum unknown.
            if (map.values().stream().anyMatch(v -> ((Number) v).longValue() < 0)) {
                return null;
            }
            return map.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        }
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return 0L;
        }
        return null;
    }

    private static String render(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "none" : map.entrySet().stream().map(e -> e.getKey() + "=" + render(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(HealthComponent::render).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }
}

package com.luckydraw.admin.services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON answer that lists things (orders, rounds) as a table: one row per element, one column per field in the
 * order the fields first appear. Accepts a bare array or an object wrapping one (a page: {@code content},
 * {@code items}, ...), so the pages keep working whichever shape a service's admin API settles on.
 */
public record JsonRows(List<String> columns, List<Map<String, Object>> rows) {

    public static JsonRows of(Object json) {
        List<?> elements = elements(json);
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (Object element : elements) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (element instanceof Map<?, ?> map) {
                map.forEach((key, value) -> row.put(String.valueOf(key), value));
            } else {
                row.put("value", element);
            }
            columns.addAll(row.keySet());
            rows.add(row);
        }
        return new JsonRows(List.copyOf(columns), rows);
    }

    private static List<?> elements(Object json) {
        if (json instanceof List<?> list) {
            return list;
        }
        if (json instanceof Map<?, ?> map) {
            for (String key : List.of("content", "items", "orders", "rounds", "data", "results")) {
                if (map.get(key) instanceof List<?> list) {
                    return list;
                }
            }
            for (Object value : map.values()) {
                if (value instanceof List<?> list) {
                    return list;
                }
            }
            return List.of(map);
        }
        return json == null ? List.of() : List.of(json);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public int size() {
        return rows.size();
    }

    /** The first of the given columns that exists, e.g. {@code orderId} or {@code id}. */
    public String firstColumn(String... candidates) {
        for (String candidate : candidates) {
            if (columns.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A cell as text: nested objects and lists written compactly. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonRows::text).collect(Collectors.joining(", ", "[", "]"));
        }
        return value.toString();
    }

    public String cell(Map<String, Object> row, String column) {
        return text(row.get(column));
    }
}

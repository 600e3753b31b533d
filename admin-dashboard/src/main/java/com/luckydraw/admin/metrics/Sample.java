package com.luckydraw.admin.metrics;

import java.util.Map;
import java.util.stream.Collectors;

/** One line of the Prometheus exposition format: {@code name{label="value"} 1.0}. */
public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
        labels = Map.copyOf(labels);
    }

    public String label(String label) {
        return labels.get(label);
    }

    /** The labels as written, without the ones every meter of a service shares. */
    public String labelText() {
        return labels.entrySet().stream().filter(e -> !e.getKey().equals("application"))
                .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}

package com.luckydraw.admin.trends;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one sampling found: per chart, the value of each of its series at {@code at}. A series missing from a point
 * had no value then (a service unreachable, no observation in the interval): the chart shows a gap, not a zero.
 *
 * @param values chart id, then series name, then value
 */
public record TrendPoint(Instant at, Map<String, Map<String, Double>> values) {

    public TrendPoint {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        values.forEach((chart, series) -> copy.put(chart, Map.copyOf(series)));
        values = Map.copyOf(copy);
    }

    public Double value(String chart, String series) {
        Map<String, Double> ofChart = values.get(chart);
        return ofChart == null ? null : ofChart.get(series);
    }
}

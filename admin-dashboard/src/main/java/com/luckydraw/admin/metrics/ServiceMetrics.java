package com.luckydraw.admin.metrics;

import com.luckydraw.admin.services.MonitoredService;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The meters one service exposes on {@code /actuator/prometheus}, with the arithmetic the pages need.
 *
 * @param error why they could not be read, or null
 */
public record ServiceMetrics(MonitoredService service, List<Sample> samples, String error) {

    public ServiceMetrics {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** Sum over all label sets, or empty when the service does not report the meter (NaN gauges ignored). */
    public OptionalDouble sum(String name) {
        return sum(name, s -> true);
    }

    public OptionalDouble sum(String name, Predicate<Sample> which) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)).filter(which)
                .filter(s -> !Double.isNaN(s.value())).toList();
        return matching.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    public OptionalDouble max(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value)
                .filter(v -> !Double.isNaN(v)).max();
    }

    /** Sums per value of one label, e.g. purchases per {@code outcome}; sorted by label value. */
    public Map<String, Double> sumBy(String name, String label) {
        Map<String, Double> sums = new TreeMap<>();
        samples.stream().filter(s -> s.name().equals(name)).filter(s -> !Double.isNaN(s.value()))
                .forEach(s -> sums.merge(String.valueOf(s.label(label)), s.value(), Double::sum));
        return sums;
    }

    /** A Micrometer timer ({@code <base>_count}, {@code _sum}, {@code _max}), optionally for one label value. */
    public Timing timing(String base, Predicate<Sample> which) {
        OptionalDouble count = sum(base + "_count", which);
        if (count.isEmpty()) {
            return null;
        }
        double total = sum(base + "_sum", which).orElse(0);
        double max = samples.stream().filter(s -> s.name().equals(base + "_max")).filter(which)
                .mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).max().orElse(0);
        return new Timing((long) count.getAsDouble(), count.getAsDouble() == 0 ? 0 : total / count.getAsDouble(),
                max);
    }

    /** The project's own meters, the ones every page about luckydraw is interested in. */
    public List<Sample> luckydrawSamples() {
        return samples.stream().filter(s -> s.name().startsWith("luckydraw_")).toList();
    }

    /** Count, mean and max (seconds) of a timer. The max is Micrometer's decaying maximum of recent samples. */
    public record Timing(long count, double meanSeconds, double maxSeconds) {
    }
}

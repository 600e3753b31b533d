package com.luckydraw.infra.load.cpu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU a measured window cost, per process and in total: seconds of CPU, and milliseconds per completed purchase
 * (the efficiency figure: at a given rate, less is better, whatever the machine's spare capacity).
 *
 * @param seconds       CPU seconds used in the window, by process, then {@value #TOTAL}
 * @param msPerPurchase CPU milliseconds per completed purchase, same keys; empty when nothing completed
 */
public record CpuUse(Map<String, Double> seconds, Map<String, Double> msPerPurchase) {

    public static final String TOTAL = "total";

    public CpuUse {
        seconds = seconds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
        msPerPurchase = msPerPurchase == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(msPerPurchase));
    }

    /**
     * The difference of two {@link ProcessCpu#sample samples}. A process missing from either (it was not running
     * for the whole window) is left out, of the total too.
     */
    public static CpuUse between(Map<String, Long> start, Map<String, Long> end, long ticksPerSecond,
            long completed) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Double> perPurchase = new LinkedHashMap<>();
        long totalTicks = 0;
        for (var e : end.entrySet()) {
            Long before = start.get(e.getKey());
            if (before == null) {
                continue;
            }
            long ticks = Math.max(0, e.getValue() - before);
            totalTicks += ticks;
            put(e.getKey(), ticks, ticksPerSecond, completed, seconds, perPurchase);
        }
        if (!seconds.isEmpty()) {
            put(TOTAL, totalTicks, ticksPerSecond, completed, seconds, perPurchase);
        }
        return new CpuUse(seconds, perPurchase);
    }

    private static void put(String name, long ticks, long ticksPerSecond, long completed, Map<String, Double> seconds,
            Map<String, Double> perPurchase) {
        seconds.put(name, Math.round(ticks * 1000.0 / ticksPerSecond) / 1000.0);
        if (completed > 0) {
            perPurchase.put(name, Math.round(ticks * 1000.0 / ticksPerSecond / completed * 1000) / 1000.0);
        }
    }
}

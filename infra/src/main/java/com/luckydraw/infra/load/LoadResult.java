package com.luckydraw.infra.load;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one load run measured. Throughput is end to end: orders that reached COMPLETED divided by the time from the
 * first request sent to the last terminal event received.
 *
 * @param offeredRate        the rate asked for (0 = as fast as possible)
 * @param sentPerSecond      the rate actually sent: requests / sending time
 * @param orders             distinct purchases sent (requests minus duplicates): the orders expected
 * @param missing            orders with no terminal event when the run ended (drain timeout)
 * @param foreignEvents      terminal events of orders not sent by this run, or repeated ones
 * @param completedPerSecond COMPLETED orders per second, first send to last terminal event
 * @param cpuSeconds         CPU seconds each watched process used in the measured window (sending and draining), and
 *                           their total; empty where /proc could not be read
 * @param cpuMsPerPurchase   the same per COMPLETED order, in milliseconds
 */
public record LoadResult(String label, String runId, String startedAt, Map<String, Object> options,
        double offeredRate, long sent, long duplicatesSent, long sendErrors, double sendSeconds,
        double sentPerSecond, long orders, long completed, long cancelled, long missing, long foreignEvents,
        Map<String, Long> cancelReasons, double elapsedSeconds, double completedPerSecond,
        double terminalPerSecond, Latency latencyMs, Map<String, Double> cpuSeconds,
        Map<String, Double> cpuMsPerPurchase) {

    public LoadResult {
        // Absent in the files of runs made before CPU was accounted for.
        cpuSeconds = cpuSeconds == null ? Map.of() : cpuSeconds;
        cpuMsPerPurchase = cpuMsPerPurchase == null ? Map.of() : cpuMsPerPurchase;
    }

    /** Request-to-terminal latency in milliseconds. */
    public record Latency(long count, double mean, double p50, double p95, double p99, double p999, double max) {

        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(micros.getTotalCount(), ms(micros.getMean()),
                    ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                    ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                    ms(micros.getMaxValue()));
        }

        private static double ms(double micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Every purchase sent ended, none failed to send. */
    public boolean complete() {
        return missing == 0 && sendErrors == 0;
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public static LoadResult fromJson(Path file) {
        return JSON.readValue(file.toFile(), LoadResult.class);
    }

    /** One header line and one row; nested values flattened (options.rate, latencyMs.p99, cancelReasons as k=v;...). */
    public String toCsv() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", label);
        row.put("runId", runId);
        row.put("startedAt", startedAt);
        options.forEach((k, v) -> row.put("options." + k, v));
        row.put("offeredRate", offeredRate);
        row.put("sent", sent);
        row.put("duplicatesSent", duplicatesSent);
        row.put("sendErrors", sendErrors);
        row.put("sendSeconds", sendSeconds);
        row.put("sentPerSecond", sentPerSecond);
        row.put("orders", orders);
        row.put("completed", completed);
        row.put("cancelled", cancelled);
        row.put("missing", missing);
        row.put("foreignEvents", foreignEvents);
        row.put("cancelReasons", cancelReasons.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";")));
        row.put("elapsedSeconds", elapsedSeconds);
        row.put("completedPerSecond", completedPerSecond);
        row.put("terminalPerSecond", terminalPerSecond);
        row.put("latencyMs.count", latencyMs.count());
        row.put("latencyMs.mean", latencyMs.mean());
        row.put("latencyMs.p50", latencyMs.p50());
        row.put("latencyMs.p95", latencyMs.p95());
        row.put("latencyMs.p99", latencyMs.p99());
        row.put("latencyMs.p999", latencyMs.p999());
        row.put("latencyMs.max", latencyMs.max());
        cpuMsPerPurchase.forEach((k, v) -> row.put("cpuMsPerPurchase." + k, v));
        return String.join(",", row.keySet()) + "\n"
                + row.values().stream().map(LoadResult::csvCell).collect(Collectors.joining(",")) + "\n";
    }

    public void write(Path file, LoadOptions.Format format) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, format == LoadOptions.Format.CSV ? toCsv() : toJson() + "\n");
    }

    private static String csvCell(Object value) {
        String text = String.valueOf(value);
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}

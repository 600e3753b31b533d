package com.luckydraw.infra.load.report;

import com.luckydraw.infra.load.LoadResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scenario's figures, as written to {@code docs/benchmarks/results-<scenario>.json}: the row-lock baseline, every
 * end-to-end run with its audit, and the summary the targets are judged on. A run whose audit found anything is
 * void: it is listed, but no figure of the summary comes from it.
 */
public record ScenarioResults(String scenario, String generatedAt, String machine, Baseline baseline, List<Run> runs,
        Summary summary) {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * The best of {@code runs} pgbench runs (their tps in {@code runsTps}; both absent in files of a single run): 32
     * clients, one transaction per purchase with the round row locked.
     */
    public record Baseline(int clients, double seconds, long transactions, double tps, long completed,
            double completedPerSecond, double latencyAvgMs, Map<String, Object> defines, Integer runs,
            List<Double> runsTps) {

        public Baseline {
            runs = runs == null ? 1 : runs;
            runsTps = runsTps == null ? List.of(tps) : List.copyOf(runsTps);
        }
    }

    /** One load run and the audit after it. */
    public record Run(LoadResult load, boolean auditClean, List<String> audit) {

        /** Counts towards the summary: audit clean and every request reached the broker. */
        public boolean valid() {
            return auditClean && load.sendErrors() == 0;
        }

        /** Paced at a rate (not as fast as possible), so its latency means something. */
        public boolean paced() {
            return load.offeredRate() > 0;
        }
    }

    /**
     * @param bestCompletedPerSecond the highest end-to-end completed purchases per second of a valid run
     * @param ratio                  that divided by the baseline's transactions per second
     * @param p99AtTargetMs          p99 of the valid paced run at the target rate (1,000/s), if there was one
     * @param allAuditsClean         no run was voided by the audit
     */
    public record Summary(double bestCompletedPerSecond, double ratio, Double p99AtTargetMs, boolean allAuditsClean,
            int runs, int voided) {
    }

    public static final double TARGET_RATE = 1000;

    static ScenarioResults of(String scenario, String generatedAt, String machine, Baseline baseline, List<Run> runs) {
        List<Run> sorted = runs.stream()
                .sorted(Comparator.comparingDouble((Run r) -> r.paced() ? r.load().offeredRate() : Double.MAX_VALUE))
                .toList();
        double best = sorted.stream().filter(Run::valid).mapToDouble(r -> r.load().completedPerSecond()).max()
                .orElse(0);
        Optional<Double> p99 = sorted.stream().filter(Run::valid)
                .filter(r -> r.paced() && r.load().offeredRate() == TARGET_RATE)
                .map(r -> r.load().latencyMs().p99()).findFirst();
        double ratio = baseline == null || baseline.tps() == 0 ? 0 : Math.round(best / baseline.tps() * 100) / 100.0;
        int voided = (int) sorted.stream().filter(r -> !r.valid()).count();
        return new ScenarioResults(scenario, generatedAt, machine, baseline, sorted,
                new Summary(best, ratio, p99.orElse(null), sorted.stream().allMatch(Run::auditClean), sorted.size(),
                        voided));
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public static ScenarioResults read(Path file) {
        return JSON.readValue(file.toFile(), ScenarioResults.class);
    }
}

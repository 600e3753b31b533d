package com.luckydraw.infra.load.report;

import com.luckydraw.infra.load.LoadResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One scenario's figures, as written to {@code docs/benchmarks/results-<scenario>.json}: the row-lock baselines (by
 * {@link BaselineForm#key()}), every end-to-end run with its audit, and the summary the targets are judged on. A run
 * whose audit found anything is void: it is listed, but no figure of the summary comes from it.
 */
public record ScenarioResults(String scenario, String generatedAt, String machine, Map<String, Baseline> baselines,
        List<Run> runs, Summary summary) {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ScenarioResults {
        baselines = baselines == null ? Map.of() : ordered(baselines);
    }

    /**
     * The best of {@code runs} pgbench runs of one form (their tps in {@code runsTps}; both absent in files of a
     * single run): 32 clients, one transaction per purchase.
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
     * One target of the benchmark and how this scenario's valid runs stand against it.
     *
     * @param limit    the bound: a throughput to reach or a latency not to exceed
     * @param atMost   the measured value must stay at or below the limit (latency), else reach it (throughput)
     * @param measured the value of the valid runs, absent when none measured it
     * @param met      measured, and within the limit
     */
    public record Target(String name, double limit, boolean atMost, Double measured, boolean met) {

        static Target of(String name, double limit, boolean atMost, Double measured) {
            return new Target(name, Math.round(limit * 100) / 100.0, atMost, measured,
                    measured != null && (atMost ? measured <= limit : measured >= limit));
        }
    }

    /**
     * @param bestCompletedPerSecond the highest end-to-end completed purchases per second of a valid run
     * @param reference              the baseline form the ratio is taken against: the single function when it was
     *                               run, else the strongest form that was
     * @param ratio                  the best completed/s divided by the reference's transactions per second
     * @param ratios                 the best completed/s divided by each form's transactions per second
     * @param p99AtTargetMs          p99 of the valid paced run at the target rate (1,000/s), if there was one
     * @param targets                the throughput and latency targets, each with what was measured
     * @param allAuditsClean         no run was voided by the audit
     */
    public record Summary(double bestCompletedPerSecond, String reference, double ratio, Map<String, Double> ratios,
            Double p99AtTargetMs, List<Target> targets, boolean allAuditsClean, int runs, int voided) {

        public Summary {
            ratios = ratios == null ? Map.of() : ordered(ratios);
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    public static final double TARGET_RATE = 1000;
    /** End to end must reach this multiple of the reference form's throughput. */
    public static final double THROUGHPUT_TARGET_MULTIPLE = 2.0;
    /** p99 request-to-terminal limits by offered rate. */
    public static final Map<Double, Double> P99_TARGETS_MS = Map.of(1000.0, 100.0, 2000.0, 250.0);

    static ScenarioResults of(String scenario, String generatedAt, String machine, Map<String, Baseline> baselines,
            List<Run> runs) {
        List<Run> sorted = runs.stream()
                .sorted(Comparator.comparingDouble((Run r) -> r.paced() ? r.load().offeredRate() : Double.MAX_VALUE))
                .toList();
        double best = sorted.stream().filter(Run::valid).mapToDouble(r -> r.load().completedPerSecond()).max()
                .orElse(0);
        Map<String, Baseline> forms = baselines == null ? Map.of() : ordered(baselines);
        Map<String, Double> ratios = new LinkedHashMap<>();
        forms.forEach((form, b) -> ratios.put(form, b.tps() == 0 ? 0 : Math.round(best / b.tps() * 100) / 100.0));
        String reference = reference(forms).orElse(null);
        double ratio = reference == null ? 0 : ratios.get(reference);

        List<Target> targets = new ArrayList<>();
        Double measuredBest = best > 0 ? best : null;
        if (forms.containsKey(BaselineForm.FUNCTION.key())) {
            targets.add(Target.of(String.format(Locale.ROOT, "completed/s >= %.1f x %s",
                    THROUGHPUT_TARGET_MULTIPLE, BaselineForm.FUNCTION.description()),
                    THROUGHPUT_TARGET_MULTIPLE * forms.get(BaselineForm.FUNCTION.key()).tps(), false, measuredBest));
        }
        if (forms.containsKey(BaselineForm.UPDATE.key())) {
            targets.add(Target.of("completed/s >= " + BaselineForm.UPDATE.description(),
                    forms.get(BaselineForm.UPDATE.key()).tps(), false, measuredBest));
        }
        P99_TARGETS_MS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(t -> targets.add(Target.of(
                String.format(Locale.ROOT, "p99 ms at %.0f/s offered <= %.0f", t.getKey(), t.getValue()),
                t.getValue(), true, p99At(sorted, t.getKey()).orElse(null))));

        int voided = (int) sorted.stream().filter(r -> !r.valid()).count();
        return new ScenarioResults(scenario, generatedAt, machine, forms, sorted,
                new Summary(best, reference, ratio, ratios, p99At(sorted, TARGET_RATE).orElse(null), targets,
                        sorted.stream().allMatch(Run::auditClean), sorted.size(), voided));
    }

    /** The single function when it was measured, else the strongest complete-purchase form that was. */
    static Optional<String> reference(Map<String, Baseline> forms) {
        for (var form : List.of(BaselineForm.FUNCTION, BaselineForm.FEWER_TRIPS, BaselineForm.SCRIPT)) {
            if (forms.containsKey(form.key())) {
                return Optional.of(form.key());
            }
        }
        return Optional.empty();
    }

    private static Optional<Double> p99At(List<Run> runs, double rate) {
        return runs.stream().filter(Run::valid).filter(r -> r.paced() && r.load().offeredRate() == rate)
                .map(r -> r.load().latencyMs().p99()).findFirst();
    }

    /** Known forms in their order, then any other key as given. */
    private static <V> Map<String, V> ordered(Map<String, V> byForm) {
        Map<String, V> ordered = new LinkedHashMap<>();
        for (var form : BaselineForm.values()) {
            if (byForm.containsKey(form.key())) {
                ordered.put(form.key(), byForm.get(form.key()));
            }
        }
        byForm.forEach(ordered::putIfAbsent);
        return ordered;
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public static ScenarioResults read(Path file) {
        return JSON.readValue(file.toFile(), ScenarioResults.class);
    }
}

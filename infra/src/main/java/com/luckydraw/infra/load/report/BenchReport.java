package com.luckydraw.infra.load.report;

import com.luckydraw.infra.load.LoadResult;
import com.luckydraw.infra.load.cpu.CpuUse;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gathers one scenario's raw files written by infra/bin/bench ({@code baseline-<form>.json} per {@link BaselineForm},
 * or the older single {@code baseline.json}, which is the script's form; and per load run
 * {@code run-<name>.json} from the load generator plus {@code run-<name>.audit}, the audit's report followed by a line
 * {@code exit <code>}) into {@code results-<scenario>.json}, and prints the table.
 *
 * <pre>BenchReport --scenario hot --raw docs/benchmarks/raw/hot --out docs/benchmarks/results-hot.json [--machine TEXT]</pre>
 */
public final class BenchReport {

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        String scenario = null;
        Path raw = null;
        Path out = null;
        String machine = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scenario" -> scenario = args[i + 1];
                case "--raw" -> raw = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--machine" -> machine = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (scenario == null || raw == null || out == null) {
            System.err.println("usage: BenchReport --scenario NAME --raw DIR --out FILE [--machine TEXT]");
            System.exit(64);
        }
        var results = gather(scenario, raw, machine);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, results.toJson() + "\n");
        print(results, System.out);
    }

    static ScenarioResults gather(String scenario, Path raw, String machine) throws IOException {
        Map<String, ScenarioResults.Baseline> baselines = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(raw)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("baseline-[a-z-]+\\.json")).sorted()
                    .toList()) {
                String form = file.getFileName().toString().replaceAll("^baseline-|\\.json$", "");
                baselines.put(form, ScenarioResults.JSON.readValue(file.toFile(), ScenarioResults.Baseline.class));
            }
        }
        Path legacy = raw.resolve("baseline.json");
        if (Files.exists(legacy) && !baselines.containsKey(BaselineForm.SCRIPT.key())) {
            baselines.put(BaselineForm.SCRIPT.key(),
                    ScenarioResults.JSON.readValue(legacy.toFile(), ScenarioResults.Baseline.class));
        }
        List<ScenarioResults.Run> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(raw)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("run-.*\\.json")).sorted().toList()) {
                var load = LoadResult.fromJson(file);
                Path auditFile = file.resolveSibling(file.getFileName().toString().replaceAll("\\.json$", ".audit"));
                List<String> audit = Files.exists(auditFile)
                        ? Files.readAllLines(auditFile).stream().map(String::strip).filter(l -> !l.isEmpty()).toList()
                        : List.of("no audit ran");
                boolean clean = !audit.isEmpty() && audit.get(audit.size() - 1).equals("exit 0")
                        && audit.contains("no violations");
                runs.add(new ScenarioResults.Run(load, clean, audit));
            }
        }
        return ScenarioResults.of(scenario, Instant.now().toString(), machine, baselines, runs);
    }

    static void print(ScenarioResults results, PrintStream out) {
        var s = results.summary();
        out.printf("%nscenario %s%n", results.scenario());
        if (results.baselines().isEmpty()) {
            out.println("  baselines: not run");
        } else {
            var any = results.baselines().values().iterator().next();
            out.printf("  baselines (pgbench, %d clients, %.0f s, best of %d; end to end best %.1f completed/s):%n",
                    any.clients(), any.seconds(), any.runs(), s.bestCompletedPerSecond());
            out.printf("    %-12s %-40s %10s %12s %9s %9s  %s%n", "form", "", "tps", "completed/s", "avg ms",
                    "e2e is", "runs tps");
            results.baselines().forEach((form, b) -> out.printf("    %-12s %-40s %10.1f %12.1f %9.1f %8.2fx  %s%s%n",
                    form, BaselineForm.of(form).map(BaselineForm::description).orElse(""), b.tps(),
                    b.completedPerSecond(), b.latencyAvgMs(), s.ratios().getOrDefault(form, 0.0), b.runsTps(),
                    form.equals(s.reference()) ? "  <- targets are measured against this form" : ""));
        }
        out.printf("  %9s %9s %11s %9s %9s %7s %8s %8s %8s %8s  %s%n", "offered/s", "sent/s", "completed/s",
                "cancelled", "missing", "dupes", "p50 ms", "p95 ms", "p99 ms", "max ms", "audit");
        for (var run : results.runs()) {
            var l = run.load();
            out.printf("  %9s %9.1f %11.1f %9d %9d %7d %8.1f %8.1f %8.1f %8.1f  %s%n", offered(run),
                    l.sentPerSecond(), l.completedPerSecond(), l.cancelled(), l.missing(), l.duplicatesSent(),
                    l.latencyMs().p50(), l.latencyMs().p95(), l.latencyMs().p99(), l.latencyMs().max(),
                    run.auditClean() ? "clean" : "VOID: " + String.join("; ", run.audit().stream()
                            .filter(a -> a.startsWith("VIOLATION") || a.startsWith("no audit")).limit(3).toList()));
        }
        printCpu(results, out);
        out.printf("  best %.1f completed/s = %s; p99 at %.0f/s offered: %s; audits %s%n",
                s.bestCompletedPerSecond(), s.reference() == null ? "no baseline in this scenario"
                        : String.format("%.2f x %s", s.ratio(), s.reference()), ScenarioResults.TARGET_RATE,
                s.p99AtTargetMs() == null ? "not measured" : s.p99AtTargetMs() + " ms",
                s.allAuditsClean() ? "all clean" : s.voided() + " run(s) void");
        for (var t : s.targets()) {
            out.printf("  target %-60s %10.1f  measured %10s  %s%n", t.name(), t.limit(),
                    t.measured() == null ? "-" : String.format("%.1f", t.measured()),
                    t.measured() == null ? "not measured" : t.met() ? "met" : "NOT met");
        }
    }

    /** CPU milliseconds per completed purchase, per process, one line per run that measured it. */
    private static void printCpu(ScenarioResults results, PrintStream out) {
        List<String> processes = new ArrayList<>();
        for (var run : results.runs()) {
            run.load().cpuMsPerPurchase().keySet().stream().filter(p -> !processes.contains(p))
                    .forEach(processes::add);
        }
        if (processes.isEmpty()) {
            return;
        }
        // The total last, whatever order the runs named the processes in.
        processes.remove(CpuUse.TOTAL);
        processes.add(CpuUse.TOTAL);
        out.printf("  CPU ms per completed purchase%n  %9s", "offered/s");
        processes.forEach(p -> out.printf(" %10s", p));
        out.println();
        for (var run : results.runs()) {
            var cpu = run.load().cpuMsPerPurchase();
            if (cpu.isEmpty()) {
                continue;
            }
            out.printf("  %9s", offered(run));
            processes.forEach(p -> out.printf(" %10s", cpu.containsKey(p) ? String.format("%.3f", cpu.get(p)) : "-"));
            out.println();
        }
    }

    private static String offered(ScenarioResults.Run run) {
        return run.paced() ? String.format("%.0f", run.load().offeredRate()) : "max";
    }
}

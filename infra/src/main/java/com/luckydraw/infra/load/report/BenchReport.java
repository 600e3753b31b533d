package com.luckydraw.infra.load.report;

import com.luckydraw.infra.load.LoadResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gathers one scenario's raw files written by infra/bin/bench ({@code baseline.json}, and per load run
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
        Path baselineFile = raw.resolve("baseline.json");
        ScenarioResults.Baseline baseline = Files.exists(baselineFile)
                ? ScenarioResults.JSON.readValue(baselineFile.toFile(), ScenarioResults.Baseline.class) : null;
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
        return ScenarioResults.of(scenario, Instant.now().toString(), machine, baseline, runs);
    }

    static void print(ScenarioResults results, PrintStream out) {
        var b = results.baseline();
        out.printf("%nscenario %s%n", results.scenario());
        if (b != null) {
            out.printf("  baseline (pgbench, %d clients, %.0f s, best of %d: %s tps): %.1f tps, %.1f completed/s,"
                    + " avg latency %.1f ms%n", b.clients(), b.seconds(), b.runs(), b.runsTps(), b.tps(),
                    b.completedPerSecond(), b.latencyAvgMs());
        } else {
            out.println("  baseline: not run");
        }
        out.printf("  %9s %9s %11s %9s %9s %7s %8s %8s %8s %8s  %s%n", "offered/s", "sent/s", "completed/s",
                "cancelled", "missing", "dupes", "p50 ms", "p95 ms", "p99 ms", "max ms", "audit");
        for (var run : results.runs()) {
            var l = run.load();
            out.printf("  %9s %9.1f %11.1f %9d %9d %7d %8.1f %8.1f %8.1f %8.1f  %s%n",
                    run.paced() ? String.format("%.0f", l.offeredRate()) : "max", l.sentPerSecond(),
                    l.completedPerSecond(), l.cancelled(), l.missing(), l.duplicatesSent(), l.latencyMs().p50(),
                    l.latencyMs().p95(), l.latencyMs().p99(), l.latencyMs().max(),
                    run.auditClean() ? "clean" : "VOID: " + String.join("; ", run.audit().stream()
                            .filter(a -> a.startsWith("VIOLATION") || a.startsWith("no audit")).limit(3).toList()));
        }
        var s = results.summary();
        out.printf("  best %.1f completed/s = %s; p99 at %.0f/s offered: %s; audits %s%n",
                s.bestCompletedPerSecond(), results.baseline() == null ? "no baseline in this scenario"
                        : String.format("%.2f x baseline", s.ratio()), ScenarioResults.TARGET_RATE,
                s.p99AtTargetMs() == null ? "not measured" : s.p99AtTargetMs() + " ms",
                s.allAuditsClean() ? "all clean" : s.voided() + " run(s) void");
    }
}

package com.luckydraw.infra.load.report;

import com.luckydraw.infra.load.LoadOptions;
import com.luckydraw.infra.load.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class BenchReportTest {

    static LoadResult run(double offered, double completedPerSecond, double p99) {
        return run(offered, completedPerSecond, p99, Map.of());
    }

    static LoadResult run(double offered, double completedPerSecond, double p99, Map<String, Double> cpuMs) {
        return new LoadResult("hot", "r" + (long) offered, "2026-01-01T00:00:00Z", Map.of("rate", offered), offered,
                1000, 0, 0, 4.0, offered == 0 ? 5000 : offered, 1000, 1000, 0, 0, 0, Map.of(), 4.0,
                completedPerSecond, completedPerSecond, new LoadResult.Latency(1000, p99 / 3, p99 / 4, p99 / 2, p99, p99,
                p99 * 2), Map.of(), cpuMs);
    }

    static String baselineJson(double tps) {
        return String.format(java.util.Locale.ROOT, """
                {"clients":32,"seconds":20,"runs":3,"tps":%.1f,"transactions":6200,"completed":6200,
                 "completedPerSecond":%.1f,"latencyAvgMs":10.0,"runsTps":[%.1f],"defines":{"hot_pct":100}}
                """, tps, tps, tps);
    }

    static void write(Path raw, String name, LoadResult result, String audit) throws Exception {
        result.write(raw.resolve("run-" + name + ".json"), LoadOptions.Format.JSON);
        if (audit != null) {
            Files.writeString(raw.resolve("run-" + name + ".audit"), audit);
        }
    }

    static final String CLEAN = "luckydraw audit\n  checked rounds   3\n  no violations\nexit 0\n";
    static final String DIRTY = "luckydraw audit\n  1 violation(s):\n  VIOLATION round 1: sold 5, allocated 4\nexit 1\n";

    @Test
    void ratioAndTargetComeFromValidRunsOnly(@TempDir Path raw) throws Exception {
        Files.writeString(raw.resolve("baseline.json"), """
                {"clients":32,"seconds":30,"transactions":9000,"tps":300.0,"completed":9000,
                 "completedPerSecond":300.0,"latencyAvgMs":100.0,"defines":{"hot_pct":100}}
                """);
        write(raw, "0250", run(250, 249.5, 40), CLEAN);
        write(raw, "1000", run(1000, 990, 180), CLEAN);
        write(raw, "max", run(0, 2400, 9000), DIRTY);
        write(raw, "max2", run(0, 900, 8000), CLEAN);
        write(raw, "2000", run(2000, 1100, 4000), null);

        var results = BenchReport.gather("hot", raw, "2 cores");

        assertThat(results.runs()).extracting(r -> r.load().offeredRate()).containsExactly(250.0, 1000.0, 2000.0,
                0.0, 0.0);
        assertThat(results.summary().bestCompletedPerSecond()).isEqualTo(990);
        assertThat(results.baselines()).containsOnlyKeys("script");
        assertThat(results.summary().reference()).isEqualTo("script");
        assertThat(results.summary().ratio()).isEqualTo(3.3);
        assertThat(results.summary().p99AtTargetMs()).isEqualTo(180);
        assertThat(results.summary().allAuditsClean()).isFalse();
        assertThat(results.summary().voided()).isEqualTo(2);
        assertThat(ScenarioResults.JSON.readValue(results.toJson(), ScenarioResults.class).toJson())
                .isEqualTo(results.toJson());

        var out = new ByteArrayOutputStream();
        BenchReport.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("baselines (pgbench, 32 clients, 30 s, best of 1; end to end best 990.0 completed/s)")
                .containsPattern("script +the project's pgbench script +300\\.0 +300\\.0 +100\\.0 +3\\.30x  \\[300\\.0\\]"
                        + "  <- targets are measured against this form")
                .contains("VOID: VIOLATION round 1: sold 5, allocated 4")
                .contains("VOID: no audit ran")
                .contains("best 990.0 completed/s = 3.30 x script; p99 at 1000/s offered: 180.0 ms")
                .containsPattern("target p99 ms at 1000/s offered <= 100 +100\\.0  measured +180\\.0  NOT met")
                .containsPattern("target p99 ms at 2000/s offered <= 250 .* not measured");
    }

    @Test
    void aBaselineOfSeveralRunsIsReportedWithEachRunAndTheBestAsTheRatiosDivisor(@TempDir Path raw) throws Exception {
        Files.writeString(raw.resolve("baseline.json"), """
                {"clients":32,"seconds":20,"runs":3,"tps":310.0,"transactions":6200,"completed":6200,
                 "completedPerSecond":310.0,"latencyAvgMs":100.0,"runsTps":[280.5, 310.0, 290.25],
                 "defines":{"hot_pct":100}}
                """);
        write(raw, "max", run(0, 930, 9000), CLEAN);

        var results = BenchReport.gather("hot", raw, "2 cores");

        assertThat(results.baselines().get("script").runs()).isEqualTo(3);
        assertThat(results.baselines().get("script").runsTps()).containsExactly(280.5, 310.0, 290.25);
        assertThat(results.summary().ratio()).isEqualTo(3.0);
        var out = new ByteArrayOutputStream();
        BenchReport.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("script .* 310\\.0 .* \\[280\\.5, 310\\.0, 290\\.25\\]");
    }

    @Test
    void everyBaselineFormGetsItsRatioAndTheSingleFunctionIsTheOneTheTargetsAreMeasuredAgainst(@TempDir Path raw)
            throws Exception {
        Files.writeString(raw.resolve("baseline-script.json"), baselineJson(1200));
        Files.writeString(raw.resolve("baseline-fewer-trips.json"), baselineJson(1750));
        Files.writeString(raw.resolve("baseline-function.json"), baselineJson(2000));
        Files.writeString(raw.resolve("baseline-update.json"), baselineJson(4000));
        // An older single file is the script's form, and the newer file of that form wins over it.
        Files.writeString(raw.resolve("baseline.json"), baselineJson(999));
        write(raw, "01000", run(1000, 999, 90), CLEAN);
        write(raw, "02000", run(2000, 1990, 300), CLEAN);
        write(raw, "max", run(0, 4400, 9000), CLEAN);

        var results = BenchReport.gather("hot", raw, "2 cores");

        assertThat(results.baselines()).containsOnlyKeys("script", "fewer-trips", "function", "update");
        assertThat(results.baselines().keySet()).containsExactly("script", "fewer-trips", "function", "update");
        var summary = results.summary();
        assertThat(summary.reference()).isEqualTo("function");
        assertThat(summary.ratio()).isEqualTo(2.2);
        assertThat(summary.ratios()).containsExactly(Map.entry("script", 3.67), Map.entry("fewer-trips", 2.51),
                Map.entry("function", 2.2), Map.entry("update", 1.1));
        assertThat(summary.targets()).extracting(ScenarioResults.Target::name, ScenarioResults.Target::limit,
                ScenarioResults.Target::measured, ScenarioResults.Target::met).containsExactly(
                tuple("completed/s >= 2.0 x seed-style single function call", 4000.0, 4400.0, true),
                tuple("completed/s >= bare hot-row conditional UPDATE", 4000.0, 4400.0, true),
                tuple("p99 ms at 1000/s offered <= 100", 100.0, 90.0, true),
                tuple("p99 ms at 2000/s offered <= 250", 250.0, 300.0, false));
        assertThat(ScenarioResults.JSON.readValue(results.toJson(), ScenarioResults.class).toJson())
                .isEqualTo(results.toJson());

        var out = new ByteArrayOutputStream();
        BenchReport.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("function +seed-style single function call +2000\\.0 .* 2\\.20x  \\[2000\\.0\\]"
                        + "  <- targets are measured against this form")
                .containsPattern("update +bare hot-row conditional UPDATE +4000\\.0 .* 1\\.10x  \\[4000\\.0\\]\\n")
                .containsPattern("script +the project's pgbench script +1200\\.0 .* 3\\.67x  \\[1200\\.0\\]\\n")
                .contains("best 4400.0 completed/s = 2.20 x function")
                .containsPattern("target p99 ms at 2000/s offered <= 250 +250\\.0  measured +300\\.0  NOT met");
    }

    @Test
    void theReportPrintsEachRunsCpuMillisecondsPerPurchaseByProcessWithTheTotalLast(@TempDir Path raw)
            throws Exception {
        var cpu = new java.util.LinkedHashMap<String, Double>();
        cpu.put("generator", 0.05);
        cpu.put("total", 1.3);
        cpu.put("order", 0.25);
        cpu.put("postgres", 1.0);
        write(raw, "01000", run(1000, 999, 90, cpu), CLEAN);
        write(raw, "00500", run(500, 499, 60), CLEAN);

        var results = BenchReport.gather("hot", raw, "2 cores");
        assertThat(ScenarioResults.JSON.readValue(results.toJson(), ScenarioResults.class).runs().get(1).load()
                .cpuMsPerPurchase()).containsEntry("postgres", 1.0).containsEntry("total", 1.3);

        var out = new ByteArrayOutputStream();
        BenchReport.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("CPU ms per completed purchase")
                .containsPattern("offered/s +generator +order +postgres +total\\n")
                .containsPattern(" +1000 +0\\.050 +0\\.250 +1\\.000 +1\\.300\\n")
                .doesNotContainPattern(" +500 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+\\n");
    }

    @Test
    void plotIsWellFormedSvgWithBothTargetsAndTheVoidRunsCrossed(@TempDir Path dir) throws Exception {
        var baseline = new ScenarioResults.Baseline(32, 30, 9000, 300, 9000, 300, 100, Map.of(), 3,
                List.of(280.0, 300.0, 290.0));
        var function = new ScenarioResults.Baseline(32, 30, 21000, 700, 21000, 700, 40, Map.of(), 3, List.of(700.0));
        var update = new ScenarioResults.Baseline(32, 30, 42000, 1400, 42000, 1400, 20, Map.of(), 3,
                List.of(1400.0));
        var hot = ScenarioResults.of("hot", "now", "", Map.of("script", baseline, "function", function,
                "update", update), List.of(
                new ScenarioResults.Run(run(250, 250, 30, Map.of("order", 0.5, "total", 2.5)), true, List.of()),
                new ScenarioResults.Run(run(1000, 990, 180, Map.of("order", 0.25, "total", 1.25)), true, List.of()),
                new ScenarioResults.Run(run(2000, 1500, 2500), false, List.of("VIOLATION x")),
                new ScenarioResults.Run(run(0, 1600, 9000, Map.of("total", 1.1)), true, List.of())));
        var cold = ScenarioResults.of("cold", "now", "", Map.of(), List.of(
                new ScenarioResults.Run(run(500, 500, 20), true, List.of())));

        String svg = ThroughputPlot.svg(List.of(hot, cold));

        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        // Throughput and p99 of both scenarios, and the CPU of the one that measured it.
        assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(5);
        assertThat(svg).contains("hot script 300 tps").contains("hot function 700 tps").contains("hot update 1400 tps")
                .contains("hot target 2x function = 1400").contains("target p99 100 ms at 1000/s")
                .contains("target p99 250 ms at 2000/s").contains("hot max 1600/s").contains("void: audit not clean");
        var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        for (String form : List.of("script", "function", "update")) {
            assertThat(xpath.evaluate("count(//*[local-name()='line'][@class='baseline " + form + "'])", document))
                    .as("the %s baseline's line", form).isEqualTo("1");
        }
        assertThat(xpath.evaluate("count(//*[local-name()='line'][@class='target throughput'])", document))
                .isEqualTo("1");
        // Each latency target: its level and its mark.
        assertThat(xpath.evaluate("count(//*[contains(@class, 'target p99')])", document)).isEqualTo("4");
        assertThat(xpath.evaluate("count(//*[local-name()='line'][@class='cpu max'])", document)).isEqualTo("1");
        assertThat(svg).contains("CPU per completed purchase vs offered load").contains("hot max: 1.10 ms")
                .containsPattern("<title>1000: 1\\.3 \\{[^}]*order=0\\.25[^}]*}</title>");
    }

    @Test
    void axesRoundUpToReadableNumbers() {
        assertThat(ThroughputPlot.niceCeiling(870)).isEqualTo(1000);
        assertThat(ThroughputPlot.niceCeiling(2100)).isEqualTo(2500);
        assertThat(ThroughputPlot.niceCeiling(2514)).isEqualTo(3000);
        assertThat(ThroughputPlot.niceCeiling(420)).isEqualTo(500);
        assertThat(ThroughputPlot.niceCeiling(1100)).isEqualTo(1200);
        assertThat(ThroughputPlot.niceCeiling(0)).isEqualTo(1);
        assertThat(ThroughputPlot.niceStep(600)).isEqualTo(1000);
        assertThat(ThroughputPlot.niceStep(480)).isEqualTo(500);
        assertThat(ThroughputPlot.niceStep(220)).isEqualTo(250);
    }
}

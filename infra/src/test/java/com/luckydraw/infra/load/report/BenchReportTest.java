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

class BenchReportTest {

    static LoadResult run(double offered, double completedPerSecond, double p99) {
        return new LoadResult("hot", "r" + (long) offered, "2026-01-01T00:00:00Z", Map.of("rate", offered), offered,
                1000, 0, 0, 4.0, offered == 0 ? 5000 : offered, 1000, 1000, 0, 0, 0, Map.of(), 4.0,
                completedPerSecond, completedPerSecond, new LoadResult.Latency(1000, p99 / 3, p99 / 4, p99 / 2, p99, p99,
                p99 * 2));
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
        assertThat(results.summary().ratio()).isEqualTo(3.3);
        assertThat(results.summary().p99AtTargetMs()).isEqualTo(180);
        assertThat(results.summary().allAuditsClean()).isFalse();
        assertThat(results.summary().voided()).isEqualTo(2);
        assertThat(ScenarioResults.JSON.readValue(results.toJson(), ScenarioResults.class).toJson())
                .isEqualTo(results.toJson());

        var out = new ByteArrayOutputStream();
        BenchReport.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("baseline (pgbench, 32 clients, 30 s, best of 1: [300.0] tps): 300.0 tps")
                .contains("VOID: VIOLATION round 1: sold 5, allocated 4")
                .contains("VOID: no audit ran")
                .contains("best 990.0 completed/s = 3.30 x baseline; p99 at 1000/s offered: 180.0 ms");
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

        assertThat(results.baseline().runs()).isEqualTo(3);
        assertThat(results.baseline().runsTps()).containsExactly(280.5, 310.0, 290.25);
        assertThat(results.summary().ratio()).isEqualTo(3.0);
        var out = new ByteArrayOutputStream();
        BenchReport.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("baseline (pgbench, 32 clients, 20 s, best of 3: [280.5, 310.0, 290.25] tps): 310.0 tps");
    }

    @Test
    void plotIsWellFormedSvgWithBothTargetsAndTheVoidRunsCrossed(@TempDir Path dir) throws Exception {
        var baseline = new ScenarioResults.Baseline(32, 30, 9000, 300, 9000, 300, 100, Map.of(), 3,
                List.of(280.0, 300.0, 290.0));
        var hot = ScenarioResults.of("hot", "now", "", baseline, List.of(
                new ScenarioResults.Run(run(250, 250, 30), true, List.of()),
                new ScenarioResults.Run(run(1000, 990, 180), true, List.of()),
                new ScenarioResults.Run(run(2000, 1500, 2500), false, List.of("VIOLATION x")),
                new ScenarioResults.Run(run(0, 1600, 9000), true, List.of())));
        var cold = ScenarioResults.of("cold", "now", "", null, List.of(
                new ScenarioResults.Run(run(500, 500, 20), true, List.of())));

        String svg = ThroughputPlot.svg(List.of(hot, cold));

        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(4);
        assertThat(svg).contains("target 250 ms").contains("hot baseline 300 tps").contains("hot target 2x = 600")
                .contains("hot max 1600/s").contains("void: audit not clean");
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

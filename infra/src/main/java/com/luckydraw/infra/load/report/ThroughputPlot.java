package com.luckydraw.infra.load.report;

import com.luckydraw.infra.load.cpu.CpuUse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Draws every scenario's runs as an SVG with two panels: completed purchases per second against offered load (with
 * each scenario's row-lock baselines as horizontal lines, one dash pattern per {@link BaselineForm}, and the throughput
 * target: 2x the single function), and p99 latency against offered load on a log scale (with the latency targets
 * marked at their rates: 100 ms at 1,000/s, 250 ms at 2,000/s), and, for the runs that measured it, the CPU
 * milliseconds per completed purchase of all processes together against offered load (each process's share in the
 * point's tooltip). Runs sent as fast as possible have no offered rate: they appear as a dotted "max" level. Void runs
 * (audit not clean) are drawn as red crosses and left out of the lines. No plotting tool needed: plain SVG text.
 *
 * <pre>ThroughputPlot --dir docs/benchmarks [--out docs/benchmarks/throughput-p99.svg]</pre>
 */
public final class ThroughputPlot {

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
            "#17becf", "#7f7f7f"};
    private static final int WIDTH = 1740;
    private static final int HEIGHT = 500;
    private static final int PANEL = 460;
    private static final int LEFT = 70;
    private static final int TOP = 50;
    private static final int PLOT_H = 320;
    /** One dash pattern per baseline form, in {@link BaselineForm} order. */
    private static final String[] FORM_DASHES = {"2,3", "5,3", "10,3", "1,2"};
    private static final String TARGET_COLOUR = "#d62728";

    private ThroughputPlot() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("docs/benchmarks");
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null) {
            out = dir.resolve("throughput-p99.svg");
        }
        List<ScenarioResults> scenarios = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("results-.*\\.json")).sorted().toList()) {
                scenarios.add(ScenarioResults.read(f));
            }
        }
        Files.writeString(out, svg(scenarios));
        System.out.println("plot: " + out + " (" + scenarios.size() + " scenario(s))");
    }

    static String svg(List<ScenarioResults> scenarios) {
        // The latency targets' rates are on the axis even when no run went there.
        double maxOffered = ScenarioResults.P99_TARGETS_MS.keySet().stream().mapToDouble(r -> r).max().orElse(100);
        double maxThroughput = 100;
        double maxP99 = ScenarioResults.P99_TARGETS_MS.values().stream().mapToDouble(r -> r).max().orElse(100);
        for (var s : scenarios) {
            for (var b : s.baselines().values()) {
                maxThroughput = Math.max(maxThroughput, b.tps());
            }
            if (throughputTarget(s).isPresent()) {
                maxThroughput = Math.max(maxThroughput, throughputTarget(s).get());
            }
            for (var r : s.runs()) {
                if (r.paced()) {
                    maxOffered = Math.max(maxOffered, r.load().offeredRate());
                    maxP99 = Math.max(maxP99, r.load().latencyMs().p99());
                }
                maxThroughput = Math.max(maxThroughput, r.load().completedPerSecond());
            }
        }
        maxThroughput = Math.max(maxThroughput, maxOffered);
        double maxCpu = scenarios.stream().flatMap(s -> s.runs().stream())
                .mapToDouble(r -> r.load().cpuMsPerPurchase().getOrDefault(CpuUse.TOTAL, 0.0)).max().orElse(0);
        var x = new Axis(0, niceCeiling(maxOffered * 1.05), false);
        var yThroughput = new Axis(0, niceCeiling(maxThroughput * 1.05), false);
        var yLatency = new Axis(1, Math.pow(10, Math.ceil(Math.log10(maxP99 * 1.2))), true);

        var svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        throughputPanel(svg, scenarios, LEFT, x, yThroughput);
        latencyPanel(svg, scenarios, LEFT + PANEL + 110, x, yLatency);
        cpuPanel(svg, scenarios, LEFT + 2 * (PANEL + 110), x, new Axis(0, niceCeiling(Math.max(1, maxCpu) * 1.1),
                false));
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Places labels of horizontal lines so that two close lines do not print over each other. */
    private static final class Labels {
        private final List<int[]> taken = new ArrayList<>();

        int place(int x, int y, boolean right) {
            int candidate = y;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int[] t : taken) {
                    if (t[0] == (right ? 1 : 0) && Math.abs(t[1] - candidate) < 13) {
                        candidate = t[1] - 13;
                        moved = true;
                    }
                }
            }
            taken.add(new int[] {right ? 1 : 0, candidate});
            return candidate;
        }
    }

    private static void throughputPanel(StringBuilder svg, List<ScenarioResults> scenarios, int left, Axis x, Axis y) {
        var labels = new Labels();
        frame(svg, left, "Completed purchases/s vs offered load", "offered purchases/s", "completed/s", x, y);
        // Keeping up means completed = offered.
        line(svg, left, x, y, 0, 0, x.max, Math.min(x.max, y.max), "#bbbbbb", "4,4");
        text(svg, left + px(x, Math.min(x.max, y.max) * 0.8) + 4, TOP + py(y, Math.min(x.max, y.max) * 0.8) - 6,
                "offered", "#999999", "start");
        for (int i = 0; i < scenarios.size(); i++) {
            var s = scenarios.get(i);
            String colour = COLOURS[i % COLOURS.length];
            for (var baseline : s.baselines().entrySet()) {
                double b = baseline.getValue().tps();
                String dash = BaselineForm.of(baseline.getKey()).map(f -> FORM_DASHES[f.ordinal()]).orElse("2,3");
                line(svg, left, x, y, 0, b, x.max, b, colour, dash, "baseline " + baseline.getKey());
                text(svg, left + PANEL - 4, labels.place(0, TOP + py(y, b) - 4, true), String.format(Locale.ROOT,
                        "%s %s %.0f tps", s.scenario(), baseline.getKey(), b), colour, "end");
            }
            var target = throughputTarget(s);
            if (target.isPresent()) {
                double t = target.get();
                line(svg, left, x, y, 0, t, x.max, t, TARGET_COLOUR, "8,3,2,3", "target throughput");
                text(svg, left + PANEL - 4, labels.place(0, TOP + py(y, t) - 4, true), String.format(Locale.ROOT,
                        "%s target %.0fx %s = %.0f", s.scenario(), ScenarioResults.THROUGHPUT_TARGET_MULTIPLE,
                        s.summary().reference(), t), TARGET_COLOUR, "end");
            }
            List<double[]> points = new ArrayList<>();
            for (var r : s.runs()) {
                double c = r.load().completedPerSecond();
                if (!r.paced()) {
                    if (r.valid()) {
                        line(svg, left, x, y, 0, c, x.max, c, colour, "1,2");
                        text(svg, left + 6, labels.place(0, TOP + py(y, c) - 4, false), String.format(Locale.ROOT,
                                "%s max %.0f/s", s.scenario(), c), colour, "start");
                    }
                } else if (r.valid()) {
                    points.add(new double[] {r.load().offeredRate(), c});
                } else {
                    cross(svg, left + px(x, r.load().offeredRate()), TOP + py(y, c));
                }
            }
            series(svg, left, x, y, points, colour);
            legend(svg, left, i, s.scenario(), colour);
        }
        // Which dash is which baseline form, under the scenarios' legend.
        int ly = TOP + PLOT_H + 56 + ((scenarios.size() + 3) / 4) * 16;
        for (var form : BaselineForm.values()) {
            int lx = left + form.ordinal() * 115;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\""
                    + " stroke-dasharray=\"%s\"/>%n", lx, ly - 3, lx + 24, ly - 3, FORM_DASHES[form.ordinal()]));
            text(svg, lx + 28, ly, form.key(), "#333", "start");
        }
    }

    private static void latencyPanel(StringBuilder svg, List<ScenarioResults> scenarios, int left, Axis x, Axis y) {
        frame(svg, left, "p99 request-to-terminal latency vs offered load", "offered purchases/s", "p99 ms (log)",
                x, y);
        // Each latency target holds at its own rate: a mark there, and a short level to read it against.
        ScenarioResults.P99_TARGETS_MS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(t -> {
            int cx = left + px(x, t.getKey());
            int cy = TOP + py(y, t.getValue());
            svg.append(String.format(Locale.ROOT, "<line class=\"target p99\" x1=\"%d\" y1=\"%d\" x2=\"%d\""
                    + " y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"6,3\"/>%n", cx - 40, cy, cx + 40, cy,
                    TARGET_COLOUR));
            svg.append(String.format(Locale.ROOT, "<path class=\"target p99\" d=\"M%d %dL%d %dL%d %dL%d %dZ\""
                    + " fill=\"none\" stroke=\"%s\" stroke-width=\"2\"><title>target: p99 &lt;= %s ms at %s/s"
                    + "</title></path>%n", cx, cy - 6, cx + 6, cy, cx, cy + 6, cx - 6, cy, TARGET_COLOUR,
                    label(t.getValue()), label(t.getKey())));
            text(svg, cx - 8, cy - 8, String.format(Locale.ROOT, "target p99 %s ms at %s/s", label(t.getValue()),
                    label(t.getKey())), TARGET_COLOUR, "end");
        });
        for (int i = 0; i < scenarios.size(); i++) {
            var s = scenarios.get(i);
            String colour = COLOURS[i % COLOURS.length];
            List<double[]> points = new ArrayList<>();
            for (var r : s.runs()) {
                if (!r.paced()) {
                    continue;
                }
                double p99 = Math.max(y.min, r.load().latencyMs().p99());
                if (r.valid()) {
                    points.add(new double[] {r.load().offeredRate(), p99});
                } else {
                    cross(svg, left + px(x, r.load().offeredRate()), TOP + py(y, p99));
                }
            }
            series(svg, left, x, y, points, colour);
            legend(svg, left, i, s.scenario(), colour);
        }
    }

    private static void cpuPanel(StringBuilder svg, List<ScenarioResults> scenarios, int left, Axis x, Axis y) {
        var labels = new Labels();
        frame(svg, left, "CPU per completed purchase vs offered load", "offered purchases/s",
                "CPU ms per purchase, all processes", x, y);
        for (int i = 0; i < scenarios.size(); i++) {
            var s = scenarios.get(i);
            String colour = COLOURS[i % COLOURS.length];
            List<double[]> points = new ArrayList<>();
            List<String> tips = new ArrayList<>();
            for (var r : s.runs()) {
                Map<String, Double> cpu = r.load().cpuMsPerPurchase();
                if (!r.valid() || !cpu.containsKey(CpuUse.TOTAL)) {
                    continue;
                }
                double total = cpu.get(CpuUse.TOTAL);
                if (r.paced()) {
                    points.add(new double[] {r.load().offeredRate(), total});
                    tips.add(cpu.toString());
                } else {
                    line(svg, left, x, y, 0, total, x.max, total, colour, "1,2", "cpu max");
                    text(svg, left + 6, labels.place(0, TOP + py(y, total) - 4, false), String.format(Locale.ROOT,
                            "%s max: %.2f ms", s.scenario(), total), colour, "start");
                }
            }
            series(svg, left, x, y, points, colour, tips);
            legend(svg, left, i, s.scenario(), colour);
        }
    }

    private record Axis(double min, double max, boolean log) {
        double fraction(double v) {
            if (log) {
                return (Math.log10(Math.max(v, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            }
            return (v - min) / (max - min);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.0001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                double step = niceStep((max - min) / 5);
                for (double t = min; t <= max * 1.0001; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }
    }

    private static int px(Axis x, double v) {
        return (int) Math.round(Math.min(1, Math.max(0, x.fraction(v))) * PANEL);
    }

    private static int py(Axis y, double v) {
        return (int) Math.round(PLOT_H - Math.min(1, Math.max(0, y.fraction(v))) * PLOT_H);
    }

    private static void frame(StringBuilder svg, int left, String title, String xLabel, String yLabel, Axis x,
            Axis y) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s"
                + "</text>%n", left, TOP - 20, title));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333\"/>%n", left, TOP, PANEL, PLOT_H));
        for (double t : x.ticks()) {
            int cx = left + px(x, t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    cx, TOP, cx, TOP + PLOT_H));
            text(svg, cx, TOP + PLOT_H + 16, label(t), "#333", "middle");
        }
        for (double t : y.ticks()) {
            int cy = TOP + py(y, t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    left, cy, left + PANEL, cy));
            text(svg, left - 6, cy + 4, label(t), "#333", "end");
        }
        text(svg, left + PANEL / 2, TOP + PLOT_H + 36, xLabel, "#333", "middle");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\""
                + " transform=\"rotate(-90 %d %d)\">%s</text>%n", left - 50, TOP + PLOT_H / 2, left - 50,
                TOP + PLOT_H / 2, yLabel));
    }

    private static void series(StringBuilder svg, int left, Axis x, Axis y, List<double[]> points, String colour) {
        series(svg, left, x, y, points, colour, null);
    }

    /** A polyline with a dot per point; {@code tips}, if given, is each point's tooltip after its value. */
    private static void series(StringBuilder svg, int left, Axis x, Axis y, List<double[]> points, String colour,
            List<String> tips) {
        if (points.isEmpty()) {
            return;
        }
        var path = new StringBuilder();
        for (double[] p : points) {
            path.append(left + px(x, p[0])).append(',').append(TOP + py(y, p[1])).append(' ');
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"2\"/>%n", path.toString().strip(), colour));
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\">"
                    + "<title>%s: %s%s</title></circle>%n", left + px(x, p[0]), TOP + py(y, p[1]), colour, label(p[0]),
                    label(p[1]), tips == null ? "" : " " + escape(tips.get(i))));
        }
    }

    private static void legend(StringBuilder svg, int left, int index, String name, String colour) {
        int ly = TOP + PLOT_H + 56 + (index / 4) * 16;
        int lx = left + (index % 4) * 115;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>%n",
                lx, ly - 4, colour));
        text(svg, lx + 16, ly, name, "#333", "start");
    }

    private static void line(StringBuilder svg, int left, Axis x, Axis y, double x1, double y1, double x2, double y2,
            String colour, String dash) {
        line(svg, left, x, y, x1, y1, x2, y2, colour, dash, null);
    }

    /** A line; a {@code kind} (e.g. "baseline function") becomes its class, for readers and tests to find it. */
    private static void line(StringBuilder svg, int left, Axis x, Axis y, double x1, double y1, double x2, double y2,
            String colour, String dash, String kind) {
        svg.append(String.format(Locale.ROOT, "<line%s x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                        + " stroke-dasharray=\"%s\"/>%n", kind == null ? "" : " class=\"" + escape(kind) + "\"",
                left + px(x, x1), TOP + py(y, y1), left + px(x, x2), TOP + py(y, y2), colour, dash));
    }

    /** 2x the reference baseline (the single function when it was run), if the scenario has one. */
    private static Optional<Double> throughputTarget(ScenarioResults s) {
        String reference = s.summary().reference();
        if (reference == null || !s.baselines().containsKey(reference)) {
            return Optional.empty();
        }
        return Optional.of(ScenarioResults.THROUGHPUT_TARGET_MULTIPLE * s.baselines().get(reference).tps());
    }

    private static void cross(StringBuilder svg, int cx, int cy) {
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %dL%d %dM%d %dL%d %d\" stroke=\"#d62728\""
                + " stroke-width=\"2\"><title>void: audit not clean</title></path>%n", cx - 5, cy - 5, cx + 5,
                cy + 5, cx - 5, cy + 5, cx + 5, cy - 5));
    }

    private static void text(StringBuilder svg, int x, int y, String text, String colour, String anchor) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" text-anchor=\"%s\">%s</text>%n",
                x, y, colour, anchor, escape(text)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String label(double v) {
        if (v >= 10_000 && v % 1000 == 0) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.2f" : "%.1f", v);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code v}: grid steps. */
    static double niceStep(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v - 1e-9) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** A readable multiple (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8) of a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * magnitude >= v - 1e-9) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}

package com.luckydraw.infra.alerts;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/prometheus: the configuration and the alerting rules pass promtool's checks, every alert is unit-tested
 * firing and not firing, links a runbook entry that exists, and reads only series the services really expose.
 */
class PrometheusRulesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PROMETHEUS = ROOT.resolve("infra/prometheus");
    private static final Path RULES = PROMETHEUS.resolve("rules/luckydraw.rules.yml");
    private static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");

    private final Promtool promtool = new Promtool(PROMETHEUS);

    @Test
    void theConfigurationPassesPromtoolsCheck() throws Exception {
        Promtool.Run run = promtool.run("check", "config", "prometheus.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void theRulesPassPromtoolsCheck() throws Exception {
        Promtool.Run run = promtool.run("check", "rules", "rules/luckydraw.rules.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void theRulesUnitTestsPass() throws Exception {
        List<String> tests;
        try (Stream<Path> files = Files.list(PROMETHEUS.resolve("tests"))) {
            tests = files.map(f -> "tests/" + f.getFileName()).filter(f -> f.endsWith(".yml")).sorted().toList();
        }
        assertThat(tests).isNotEmpty();
        String[] arguments = Stream.concat(Stream.of("test", "rules"), tests.stream()).toArray(String[]::new);

        Promtool.Run run = promtool.run(arguments);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasAFiringAndANonFiringUnitTest() throws IOException {
        Map<String, Set<Boolean>> firesByAlert = new TreeMap<>();
        try (Stream<Path> files = Files.list(PROMETHEUS.resolve("tests"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                for (Map<String, Object> test : list(yaml(file).get("tests"))) {
                    for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
                        firesByAlert.computeIfAbsent((String) check.get("alertname"), a -> new TreeSet<>())
                                .add(!list(check.get("exp_alerts")).isEmpty());
                    }
                }
            }
        }

        for (String alert : alerts().keySet()) {
            assertThat(firesByAlert.get(alert)).as("unit tests of %s: one that fires and one that does not", alert)
                    .containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookEntryThatExists() throws IOException {
        Set<String> anchors = Files.readAllLines(RUNBOOK).stream().filter(l -> l.startsWith("#"))
                .map(PrometheusRulesTest::anchor).collect(Collectors.toSet());

        alerts().forEach((alert, rule) -> {
            Map<String, Object> labels = map(rule.get("labels"));
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat(labels.get("severity")).as(alert).isIn("warning", "critical");
            assertThat(annotations).as(alert).containsKeys("summary", "description", "runbook_url");
            String url = (String) annotations.get("runbook_url");
            assertThat(url).as(alert).startsWith("docs/runbook.md#");
            assertThat(anchors).as("%s links %s: docs/runbook.md has no such heading", alert, url)
                    .contains(url.substring(url.indexOf('#') + 1));
        });
    }

    @Test
    void theRulesReadOnlySeriesTheServicesExpose() throws IOException {
        Set<String> registered = RegisteredMeters.seriesNames(ROOT);
        assertThat(registered).as("the scan finds the services' meters")
                .contains("luckydraw_orders", "luckydraw_dead_letters_total", "luckydraw_outbox_backlog",
                        "luckydraw_lottery_lock_wait_seconds_count", "luckydraw_health_up");

        alerts().forEach((alert, rule) -> {
            Set<String> used = RegisteredMeters.usedBy((String) rule.get("expr"));
            assertThat(used).as("series read by %s", alert).isNotEmpty();
            assertThat(registered).as("series read by %s, which the code must register", alert).containsAll(used);
        });
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    static Map<String, Map<String, Object>> alerts() throws IOException {
        Map<String, Map<String, Object>> alerts = new TreeMap<>();
        for (Map<String, Object> group : list(yaml(RULES).get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                alerts.put((String) rule.get("alert"), rule);
            }
        }
        assertThat(alerts).as("alerts in %s", RULES).isNotEmpty();
        return alerts;
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}

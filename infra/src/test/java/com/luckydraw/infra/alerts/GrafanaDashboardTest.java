package com.luckydraw.infra.alerts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.luckydraw.infra.alerts.PrometheusRulesTest.list;
import static org.assertj.core.api.Assertions.assertThat;

/** infra/grafana/luckydraw.json: parses, has the operators' panels, and queries only series the services expose. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = PrometheusRulesTest.ROOT.resolve("infra/grafana/luckydraw.json");

    @Test
    void theDashboardHasAPanelPerOperatorsQuestion() throws IOException {
        Map<String, Object> dashboard = PrometheusRulesTest.yaml(DASHBOARD);
        Set<String> queried = new TreeSet<>();
        for (Map<String, Object> panel : list(dashboard.get("panels"))) {
            assertThat(list(panel.get("targets"))).as("queries of panel %s", panel.get("title")).isNotEmpty();
            list(panel.get("targets")).forEach(t -> queried.addAll(RegisteredMeters.usedBy((String) t.get("expr"))));
        }

        assertThat(dashboard.get("title")).isEqualTo("luckydraw");
        assertThat(queried).contains("luckydraw_orders", "luckydraw_saga_step_latency_seconds_bucket",
                "luckydraw_kafka_consumer_lag", "luckydraw_outbox_backlog",
                "luckydraw_outbox_oldest_unsent_age_seconds", "luckydraw_dead_letters_total",
                "luckydraw_lottery_lock_wait_seconds_sum", "luckydraw_db_lock_longest_wait_seconds");
    }

    @Test
    void everyQueryReadsSeriesTheServicesExpose() throws IOException {
        Set<String> registered = RegisteredMeters.seriesNames(PrometheusRulesTest.ROOT);

        for (Map<String, Object> panel : list(PrometheusRulesTest.yaml(DASHBOARD).get("panels"))) {
            for (Map<String, Object> target : list(panel.get("targets"))) {
                String expr = (String) target.get("expr");
                assertThat(registered).as("panel '%s', query %s", panel.get("title"), expr)
                        .containsAll(RegisteredMeters.usedBy(expr));
            }
        }
    }

    @Test
    void theQueryParserFindsSeriesNotFunctionsLabelsOrDurations() {
        assertThat(RegisteredMeters.usedBy("histogram_quantile(0.99, sum by (le, step) "
                + "(rate(luckydraw_saga_step_latency_seconds_bucket{job=\"order-service\"}[1m]))) > 1e3"))
                .containsExactly("luckydraw_saga_step_latency_seconds_bucket");
        assertThat(RegisteredMeters.usedBy("up == 0 or max(luckydraw_health_up) by (job) offset 5m"))
                .isEqualTo(Set.copyOf(List.of("up", "luckydraw_health_up")));
    }
}

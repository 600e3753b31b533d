package com.luckydraw.admin.metrics;

import com.luckydraw.admin.services.MonitoredService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    private static final String TEXT = """
            # HELP luckydraw_outbox_backlog committed messages not yet acknowledged
            # TYPE luckydraw_outbox_backlog gauge
            luckydraw_outbox_backlog{application="wallet-service"} 3.0
            luckydraw_dead_letters_total{consumer="wallet-service",topic="a.dlt, \\"odd\\""} 2.0 1700000000000
            luckydraw_orders{status="PENDING"} NaN
            process_uptime_seconds 12.5
            broken{label="unterminated 1.0
            luckydraw_lottery_lock_wait_seconds_count{round="12"} 4
            luckydraw_lottery_lock_wait_seconds_sum{round="12"} 0.02
            luckydraw_lottery_lock_wait_seconds_max{round="12"} 0.009
            luckydraw_lottery_lock_wait_seconds_count{round="13"} 1
            luckydraw_lottery_lock_wait_seconds_sum{round="13"} 0.001
            # EOF
            """;

    @Test
    void samplesAreReadWithTheirLabelsAndCommentsTimestampsAndBrokenLinesAreLeftOut() {
        List<Sample> samples = PrometheusText.parse(TEXT);

        assertThat(samples).extracting(Sample::name).containsExactly("luckydraw_outbox_backlog",
                "luckydraw_dead_letters_total", "luckydraw_orders", "process_uptime_seconds",
                "luckydraw_lottery_lock_wait_seconds_count", "luckydraw_lottery_lock_wait_seconds_sum",
                "luckydraw_lottery_lock_wait_seconds_max", "luckydraw_lottery_lock_wait_seconds_count",
                "luckydraw_lottery_lock_wait_seconds_sum");
        assertThat(samples.get(1).label("topic")).isEqualTo("a.dlt, \"odd\"");
        assertThat(samples.get(1).value()).isEqualTo(2.0);
        assertThat(samples.get(2).value()).isNaN();
        assertThat(samples.get(0).labelText()).isEmpty();
    }

    @Test
    void timersGiveCountMeanAndMaxPerLabelAndNaNGaugesCountAsUnreported() {
        ServiceMetrics metrics = new ServiceMetrics(new MonitoredService("lottery-service", "http://x", null),
                PrometheusText.parse(TEXT), null);

        ServiceMetrics.Timing round12 = metrics.timing("luckydraw_lottery_lock_wait_seconds",
                s -> "12".equals(s.label("round")));
        assertThat(round12.count()).isEqualTo(4);
        assertThat(round12.meanSeconds()).isEqualTo(0.005);
        assertThat(round12.maxSeconds()).isEqualTo(0.009);
        assertThat(KeyFigures.timing(metrics, "luckydraw_lottery_lock_wait_seconds")).isEqualTo("4.2 ms / 9.0 ms (n=5)");
        assertThat(metrics.sum("luckydraw_orders")).isEmpty();
        assertThat(metrics.luckydrawSamples()).hasSize(8);
    }

    @Test
    void aServiceWhoseMetersCannotBeReadShowsItsOwnFiguresAsNotReported() {
        ServiceMetrics unreadable = new ServiceMetrics(new MonitoredService("wallet-service", "http://x", null),
                List.of(), "HTTP 401");

        assertThat(KeyFigures.of(unreadable)).isNotEmpty().noneMatch(KeyFigure::reported)
                .extracting(KeyFigure::label).contains("Outbox backlog", "Version-conflict retries")
                .doesNotContain("Lock failures");
    }
}

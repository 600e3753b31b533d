package com.luckydraw.admin;

import com.luckydraw.admin.locks.LockWaitSettings;
import io.micrometer.core.instrument.MeterRegistry;
import com.luckydraw.admin.support.AdvisoryLockWait;
import com.luckydraw.admin.support.DashboardTest;
import com.luckydraw.admin.support.MovingMeters;
import com.luckydraw.admin.trends.SamplingTrends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /luckydraw/api/trends over real HTTP, after samples of the fake services and the real databases. */
class TrendsEndpointIT extends DashboardTest {

    @Autowired
    SamplingTrends sampling;
    @Autowired
    LockWaitSettings lockSettings;
    @Autowired
    MeterRegistry registry;

    private final MovingMeters meters = new MovingMeters(fakes);
    private final RestClient http = RestClient.create();

    @AfterEach
    void stillMeters() {
        meters.clear();
    }

    private void sampleAfter(Duration elapsed) {
        clock.advance(elapsed);
        sampling.sample();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Object>> series(Map<String, Object> view, String chart) {
        Map<String, Object> found = ((List<Map<String, Object>>) view.get("charts")).stream()
                .filter(c -> chart.equals(c.get("id"))).findFirst().orElseThrow();
        Map<String, List<Object>> byName = new java.util.TreeMap<>();
        ((List<Map<String, Object>>) found.get("series"))
                .forEach(s -> byName.put((String) s.get("name"), (List<Object>) s.get("values")));
        return byName;
    }

    private static double latest(List<Object> values) {
        Object last = values.get(values.size() - 1);
        assertThat(last).as("the latest sample has a value").isNotNull();
        return ((Number) last).doubleValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEndpointGivesEverySeriesOnOneTimeAxisAfterSamples() throws Exception {
        meters.step();
        sampleAfter(Duration.ofSeconds(10));
        meters.step();
        LockWaitSettings.Database wallet = lockSettings.databases().get(0);
        try (AdvisoryLockWait wait = new AdvisoryLockWait(wallet.url(), lockSettings.user(), lockSettings.password())) {
            sampleAfter(Duration.ofSeconds(10));
            // The same sample, exported for alerting on the dashboard's own /actuator/prometheus.
            assertThat(registry.get("luckydraw.db.lock.waiting.sessions").tag("database", "wallet-service").gauge()
                    .value()).isGreaterThanOrEqualTo(1.0);
            assertThat(registry.get("luckydraw.db.lock.longest.wait.seconds").tag("database", "wallet-service").gauge()
                    .value()).isGreaterThanOrEqualTo(0.0);
        }

        Map<String, Object> view = http.get().uri(dashboard("/luckydraw/api/trends"))
                .headers(h -> h.setBasicAuth(USER, PASSWORD)).accept(MediaType.APPLICATION_JSON).retrieve()
                .body(Map.class);

        assertThat(view).containsEntry("intervalSeconds", 10).containsEntry("windowSeconds", 3600);
        List<Number> times = (List<Number>) view.get("times");
        assertThat(times).hasSizeGreaterThanOrEqualTo(2);
        assertThat(times.get(times.size() - 1).longValue()).isEqualTo(clock.instant().getEpochSecond());
        // Meters moved by one step of MovingMeters between the two samples, ten seconds apart.
        Map<String, List<Object>> purchases = series(view, "purchases");
        assertThat(latest(purchases.get("completed"))).isPositive();
        assertThat(latest(purchases.get("cancelled"))).isEqualTo(0.1);
        assertThat(series(view, "saga-latency")).containsKeys("allocate p50", "allocate p99", "debit p50",
                "debit p99");
        assertThat(latest(series(view, "saga-latency").get("debit p99")))
                .isGreaterThan(latest(series(view, "saga-latency").get("debit p50")));
        assertThat(series(view, "consumer-lag")).containsOnlyKeys("lottery-service", "order-service",
                "wallet-service");
        assertThat(latest(series(view, "outbox-backlog").get("order-service"))).isEqualTo(28.0);
        assertThat(series(view, "outbox-age")).containsKeys("order-service", "wallet-service");
        assertThat(series(view, "dead-letters")).containsKeys("luckydraw.order.requests",
                "luckydraw.wallet.commands");
        assertThat(latest(series(view, "round-lock-wait").get("max"))).isEqualTo(31.0);
        assertThat(latest(series(view, "db-lock-waiting").get("wallet-service"))).isGreaterThanOrEqualTo(1.0);
        assertThat(series(view, "db-lock-waiting")).containsKeys("lottery-service", "order-service");
        assertThat(latest(series(view, "db-lock-longest").get("wallet-service"))).isGreaterThanOrEqualTo(0.0);
        assertThat(((List<Object>) view.get("errors"))).isEmpty();
        // Every series lies on the shared time axis.
        ((List<Map<String, Object>>) view.get("charts")).forEach(chart ->
                ((List<Map<String, Object>>) chart.get("series")).forEach(s -> assertThat(
                        (List<Object>) s.get("values")).as(chart.get("id") + " " + s.get("name")).hasSize(times.size())));
    }

    @Test
    void theTrendsAreForTheAdminOnly() {
        int anonymous = http.get().uri(dashboard("/luckydraw/api/trends")).accept(MediaType.APPLICATION_JSON)
                .exchange((request, response) -> response.getStatusCode().value());
        int wrong = http.get().uri(dashboard("/luckydraw/api/trends")).headers(h -> h.setBasicAuth(USER, "wrong"))
                .exchange((request, response) -> response.getStatusCode().value());
        int page = http.get().uri(dashboard("/luckydraw/trends")).headers(h -> h.setBasicAuth(USER, PASSWORD))
                .exchange((request, response) -> response.getStatusCode().value());

        assertThat(List.of(anonymous, wrong, page)).containsExactly(401, 401, 200);
    }
}

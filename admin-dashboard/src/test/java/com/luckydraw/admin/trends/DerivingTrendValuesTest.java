package com.luckydraw.admin.trends;

import com.luckydraw.admin.locks.DatabaseLocks;
import com.luckydraw.admin.metrics.PrometheusText;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.services.MonitoredService;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.luckydraw.admin.trends.DerivingTrendValues.CONSUMER_LAG;
import static com.luckydraw.admin.trends.DerivingTrendValues.DB_LOCK_LONGEST;
import static com.luckydraw.admin.trends.DerivingTrendValues.DB_LOCK_WAITING;
import static com.luckydraw.admin.trends.DerivingTrendValues.DEAD_LETTERS;
import static com.luckydraw.admin.trends.DerivingTrendValues.OUTBOX_AGE;
import static com.luckydraw.admin.trends.DerivingTrendValues.OUTBOX_BACKLOG;
import static com.luckydraw.admin.trends.DerivingTrendValues.PURCHASES;
import static com.luckydraw.admin.trends.DerivingTrendValues.ROUND_LOCK_WAIT;
import static com.luckydraw.admin.trends.DerivingTrendValues.SAGA_LATENCY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic of the trends, on scrapes written out as the services expose them; time is given, not read. */
class DerivingTrendValuesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);

    private static final MonitoredService ORDER = new MonitoredService("order-service", "http://o1:8083", null);
    private static final MonitoredService ORDER_2 = new MonitoredService("order-service", "http://o2:8083", null);
    private static final MonitoredService LOTTERY = new MonitoredService("lottery-service", "http://l1:8082", null);
    private static final MonitoredService WALLET = new MonitoredService("wallet-service", "http://w1:8081", null);

    private final DerivingTrendValues deriving = new DerivingTrendValues();

    private static ServiceMetrics scrape(MonitoredService service, String text) {
        return new ServiceMetrics(service, PrometheusText.parse(text), null);
    }

    private static String orders(int completed, int cancelled) {
        return """
                luckydraw_orders{status="COMPLETED"} %d.0
                luckydraw_orders{status="CANCELLED"} %d.0
                luckydraw_orders{status="PENDING"} 3.0
                """.formatted(completed, cancelled);
    }

    private static String debitBuckets(int fast, int medium, int all) {
        return """
                luckydraw_saga_step_latency_seconds_bucket{outcome="debited",step="debit",le="0.01"} %d
                luckydraw_saga_step_latency_seconds_bucket{outcome="debited",step="debit",le="0.1"} %d
                luckydraw_saga_step_latency_seconds_bucket{outcome="debited",step="debit",le="+Inf"} %d
                """.formatted(fast, medium, all);
    }

    @Test
    void purchasesPerSecondAreHowFastTheCompletedAndCancelledCountsGrow() {
        deriving.next(T0, List.of(scrape(ORDER, orders(5, 1))), List.of());

        TrendPoint point = deriving.next(T1, List.of(scrape(ORDER, orders(25, 2))), List.of());

        assertThat(point.value(PURCHASES, "completed")).isEqualTo(2.0);
        assertThat(point.value(PURCHASES, "cancelled")).isEqualTo(0.1);
    }

    @Test
    void theFirstScrapeOfAnInstanceGivesGaugesButNoRates() {
        TrendPoint point = deriving.next(T0, List.of(scrape(ORDER, orders(5, 1) + debitBuckets(1, 1, 1)
                + "luckydraw_outbox_backlog 4.0\n")), List.of());

        assertThat(point.values()).doesNotContainKeys(PURCHASES, SAGA_LATENCY);
        assertThat(point.value(OUTBOX_BACKLOG, "order-service")).isEqualTo(4.0);
    }

    @Test
    void aPurchasesCounterIsPreferredAndEachInstancesRateIsAddedUp() {
        String before = """
                luckydraw_purchases_total{outcome="completed"} 100.0
                luckydraw_purchases_total{outcome="cancelled"} 10.0
                """;
        deriving.next(T0, List.of(scrape(ORDER, before + orders(0, 0)), scrape(ORDER_2, before)), List.of());

        TrendPoint point = deriving.next(T1, List.of(
                scrape(ORDER, "luckydraw_purchases_total{outcome=\"completed\"} 130.0\n"
                        + "luckydraw_purchases_total{outcome=\"cancelled\"} 10.0\n" + orders(99, 99)),
                // a restart: the counter starts again from zero, and all it counted since is new
                scrape(ORDER_2, "luckydraw_purchases_total{outcome=\"completed\"} 20.0\n"
                        + "luckydraw_purchases_total{outcome=\"cancelled\"} 5.0\n")), List.of());

        assertThat(point.value(PURCHASES, "completed")).isEqualTo(5.0);
        assertThat(point.value(PURCHASES, "cancelled")).isEqualTo(0.5);
    }

    @Test
    void sagaStepPercentilesComeFromTheBucketsFilledSinceThePreviousScrape() {
        // Before: 1000 old observations, all slow; they must not weigh on this interval's percentiles.
        deriving.next(T0, List.of(scrape(ORDER, debitBuckets(0, 0, 1000))), List.of());

        TrendPoint point = deriving.next(T1, List.of(scrape(ORDER, debitBuckets(50, 99, 1100))), List.of());

        // 100 new: 50 under 10 ms, 49 between 10 and 100 ms, 1 above.
        assertThat(point.value(SAGA_LATENCY, "debit p50")).isCloseTo(10.0, within(1e-9));
        assertThat(point.value(SAGA_LATENCY, "debit p99")).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aStepWithoutObservationsInTheIntervalHasNoPercentile() {
        deriving.next(T0, List.of(scrape(ORDER, debitBuckets(5, 6, 7))), List.of());

        TrendPoint point = deriving.next(T1, List.of(scrape(ORDER, debitBuckets(5, 6, 7))), List.of());

        assertThat(point.values()).doesNotContainKey(SAGA_LATENCY);
    }

    @Test
    void quantilesInterpolateInsideTheirBucketLikePrometheus() {
        Map<Double, Double> buckets = new TreeMap<>(Map.of(0.1, 10.0, 0.2, 30.0, Double.POSITIVE_INFINITY, 40.0));

        assertThat(DerivingTrendValues.quantile(0.5, buckets)).isCloseTo(0.15, within(1e-9));
        assertThat(DerivingTrendValues.quantile(0.25, buckets)).isCloseTo(0.1, within(1e-9));
        assertThat(DerivingTrendValues.quantile(0.99, buckets)).as("in +Inf: the highest bound").isEqualTo(0.2);
        assertThat(DerivingTrendValues.quantile(0.5, Map.of(Double.POSITIVE_INFINITY, 0.0))).isNull();
    }

    @Test
    void roundLockWaitIsTheMeanOfTheIntervalAndTheTimersMax() {
        deriving.next(T0, List.of(scrape(LOTTERY, """
                luckydraw_lottery_lock_wait_seconds_count 40
                luckydraw_lottery_lock_wait_seconds_sum 0.2
                luckydraw_lottery_lock_wait_seconds_max 0.031
                """)), List.of());

        TrendPoint point = deriving.next(T1, List.of(scrape(LOTTERY, """
                luckydraw_lottery_lock_wait_seconds_count 50
                luckydraw_lottery_lock_wait_seconds_sum 0.5
                luckydraw_lottery_lock_wait_seconds_max 0.08
                """)), List.of());

        assertThat(point.value(ROUND_LOCK_WAIT, "mean")).isCloseTo(30.0, within(1e-9));
        assertThat(point.value(ROUND_LOCK_WAIT, "max")).isCloseTo(80.0, within(1e-9));
    }

    @Test
    void sharedGaugesAreTheHighestInstanceAndDeadLettersAddUpPerTopic() {
        TrendPoint point = deriving.next(T0, List.of(
                scrape(ORDER, """
                        luckydraw_kafka_consumer_lag{group="order-service"} 7.0
                        luckydraw_outbox_backlog 3.0
                        luckydraw_outbox_oldest_unsent_age_seconds 1.5
                        luckydraw_dead_letters_total{consumer="order-service",topic="luckydraw.order.replies"} 1.0
                        """),
                scrape(ORDER_2, """
                        luckydraw_kafka_consumer_lag{group="order-service"} 9.0
                        luckydraw_outbox_backlog 3.0
                        luckydraw_outbox_oldest_unsent_age_seconds NaN
                        luckydraw_dead_letters_total{consumer="order-service",topic="luckydraw.order.replies"} 2.0
                        """),
                scrape(WALLET, "luckydraw_kafka_consumer_lag{group=\"wallet-service\"} NaN\n"),
                new ServiceMetrics(LOTTERY, List.of(), "connection refused")), List.of());

        assertThat(point.values().get(CONSUMER_LAG)).containsExactly(Map.entry("order-service", 9.0));
        assertThat(point.value(OUTBOX_BACKLOG, "order-service")).isEqualTo(3.0);
        assertThat(point.value(OUTBOX_AGE, "order-service")).isEqualTo(1.5);
        assertThat(point.value(DEAD_LETTERS, "luckydraw.order.replies")).isEqualTo(3.0);
    }

    @Test
    void databaseLockWaitsAreCountedPerDatabaseWithTheLongestWait() {
        DatabaseLocks wallet = new DatabaseLocks("wallet-service", "wallet", 5, 9, List.of(
                new DatabaseLocks.LockWait(1, "wallet", "w", "transactionid", "ShareLock", null, 2.5, "3", "update"),
                new DatabaseLocks.LockWait(2, "wallet", "w", "transactionid", "ShareLock", null, 0.5, "3", "update")),
                List.of(), true, null);
        DatabaseLocks lottery = new DatabaseLocks("lottery-service", "lottery", 2, 1, List.of(), List.of(), true, null);

        TrendPoint point = deriving.next(T0, List.of(), List.of(wallet, lottery,
                DatabaseLocks.failed("order-service", "timeout")));

        assertThat(point.values().get(DB_LOCK_WAITING)).containsOnly(Map.entry("wallet-service", 2.0),
                Map.entry("lottery-service", 0.0));
        assertThat(point.value(DB_LOCK_LONGEST, "wallet-service")).isEqualTo(2.5);
        assertThat(point.value(DB_LOCK_LONGEST, "order-service")).isNull();
    }

    @Test
    void theViewPutsEverySeriesOnTheSharedTimeAxisWithGapsAsNull() {
        TrendHistory history = new TrendHistory(10);
        history.add(deriving.next(T0, List.of(scrape(ORDER, orders(0, 0))), List.of()));
        history.add(deriving.next(T1, List.of(scrape(ORDER, orders(10, 0))), List.of()));

        TrendsView view = TrendsView.of(history.points(),
                new TrendSettings(java.time.Duration.ofSeconds(10), java.time.Duration.ofHours(1)), List.of());

        assertThat(view.times()).containsExactly(T0.getEpochSecond(), T1.getEpochSecond());
        TrendsView.Chart purchases = view.charts().get(0);
        assertThat(purchases.id()).isEqualTo(PURCHASES);
        assertThat(purchases.series()).extracting(TrendsView.Series::name).containsExactly("cancelled", "completed");
        assertThat(purchases.series().get(1).values()).containsExactly(null, 1.0);
        assertThat(view.charts()).extracting(TrendsView.Chart::id).containsExactly(PURCHASES, SAGA_LATENCY,
                CONSUMER_LAG, OUTBOX_BACKLOG, OUTBOX_AGE, DEAD_LETTERS, ROUND_LOCK_WAIT, DB_LOCK_WAITING,
                DB_LOCK_LONGEST);
    }
}

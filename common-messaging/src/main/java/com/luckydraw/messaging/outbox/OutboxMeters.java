package com.luckydraw.messaging.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The relay's meters: rows published and failed, the lag from commit to acknowledgement, and the backlog. */
class OutboxMeters {

    private final Counter published;
    private final Counter failures;
    private final Timer lag;
    /** Held here: the gauges keep only a weak reference to it. */
    private final OutboxBacklog backlog;

    OutboxMeters(MeterRegistry meters, OutboxBacklog backlog) {
        this.backlog = backlog;
        this.published = Counter.builder("luckydraw.outbox.published").description("outbox rows published to Kafka")
                .register(meters);
        this.failures = Counter.builder("luckydraw.outbox.send.failures")
                .description("outbox rows the broker did not acknowledge (they are sent again)").register(meters);
        this.lag = Timer.builder("luckydraw.outbox.lag").description("time from commit to broker acknowledgement")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("luckydraw.outbox.backlog", backlog, OutboxMeters::rowsOrNaN);
        // 0 while nothing waits: an alert on the age then needs no special case for an empty outbox.
        TimeGauge.builder("luckydraw.outbox.oldest.unsent.age", backlog, TimeUnit.MILLISECONDS,
                OutboxMeters::oldestUnsentMillisOrNaN).description("how long the oldest unsent row has waited")
                .register(meters);
    }

    /** A row the broker acknowledged at {@code at}. */
    void published(OutboxRow row, Instant at) {
        lag.record(Duration.between(row.createdAt(), at));
        published.increment();
    }

    void failed(int rows) {
        failures.increment(rows);
    }

    private static double rowsOrNaN(OutboxBacklog backlog) {
        try {
            return backlog.rows();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double oldestUnsentMillisOrNaN(OutboxBacklog backlog) {
        try {
            return backlog.oldestUnsentAge().map(Duration::toMillis).orElse(0L);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}

package com.luckydraw.order.metrics;

import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.Orders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OrderStatusGaugeTest {

    /** A clock the test moves, and a count that "takes" a set time on it. */
    private long now;
    private int counts;
    private final Duration countTakes = Duration.ofMillis(200);

    private final Orders orders = new Orders(null, null) {
        @Override
        public Map<OrderStatus, Long> countByStatus() {
            counts++;
            now += countTakes.toNanos();
            Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
            for (OrderStatus status : OrderStatus.values()) {
                byStatus.put(status, (long) counts);
            }
            return byStatus;
        }
    };

    @Test
    void aSlowCountIsRepeatedOnlyAfterFiftyTimesItsDuration() {
        var meters = new SimpleMeterRegistry();
        var gauge = new OrderStatusGauge(orders, new OrderMetrics(meters), () -> now);

        gauge.refresh();
        assertThat(counts).isEqualTo(1);
        assertThat(meters.get("luckydraw.orders").tag("status", "COMPLETED").gauge().value()).isEqualTo(1);

        now += Duration.ofSeconds(5).toNanos(); // the scheduler's next tick: 5.2 s after the first count began
        gauge.refresh();
        assertThat(counts).as("200 ms of counting buys 10 s of rest").isEqualTo(1);

        now += Duration.ofSeconds(5).toNanos(); // 10.2 s
        gauge.refresh();
        assertThat(counts).isEqualTo(2);
        assertThat(meters.get("luckydraw.orders").tag("status", "COMPLETED").gauge().value()).isEqualTo(2);
    }

    @Test
    void aQuickCountRefreshesOnEveryTick() {
        var gauge = new OrderStatusGauge(new Orders(null, null) {
            @Override
            public Map<OrderStatus, Long> countByStatus() {
                counts++;
                now += Duration.ofMillis(2).toNanos();
                return Map.of();
            }
        }, new OrderMetrics(new SimpleMeterRegistry()), () -> now);

        for (int tick = 0; tick < 3; tick++) {
            gauge.refresh();
            now += Duration.ofSeconds(5).toNanos();
        }
        assertThat(counts).isEqualTo(3);
    }
}

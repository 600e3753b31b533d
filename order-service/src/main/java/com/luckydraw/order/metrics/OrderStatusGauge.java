package com.luckydraw.order.metrics;

import com.luckydraw.order.order.Orders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.function.LongSupplier;

/**
 * Refreshes the gauge of orders by status on a timer, so a metrics scrape never waits for a count of the table.
 *
 * <p>The counts come from the tally the database keeps as orders are written ({@code order_status_tally}), so a
 * refresh reads a few rows whatever the size of the table. The pacing stays as a guard: after a refresh that took
 * {@code t}, the next one waits at least {@value #PACING} t, so refreshing never takes more than about 2% of the time.
 */
@Component
class OrderStatusGauge {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusGauge.class);

    static final int PACING = 50;

    private final Orders orders;
    private final OrderMetrics metrics;
    private final LongSupplier nanoClock;
    private long notBefore;
    private boolean counted;

    @Autowired
    OrderStatusGauge(Orders orders, OrderMetrics metrics) {
        this(orders, metrics, System::nanoTime);
    }

    OrderStatusGauge(Orders orders, OrderMetrics metrics, LongSupplier nanoClock) {
        this.orders = orders;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    @Scheduled(fixedDelayString = "${luckydraw.orders.status-gauge-refresh-ms:5000}", initialDelay = 1000)
    void refresh() {
        long start = nanoClock.getAsLong();
        if (counted && start - notBefore < 0) {
            return;
        }
        try {
            metrics.statusCounts(orders.countByStatus());
        } catch (RuntimeException e) {
            log.warn("could not count orders by status: {}", e.getMessage());
        } finally {
            counted = true;
            notBefore = start + (nanoClock.getAsLong() - start) * PACING;
        }
    }
}

package com.luckydraw.order.metrics;

import com.luckydraw.order.order.Orders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refreshes the gauge of orders by status on a timer, so a metrics scrape never waits for a count of the table.
 */
@Component
class OrderStatusGauge {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusGauge.class);

    private final Orders orders;
    private final OrderMetrics metrics;

    OrderStatusGauge(Orders orders, OrderMetrics metrics) {
        this.orders = orders;
        this.metrics = metrics;
    }

    @Scheduled(fixedDelayString = "${luckydraw.orders.status-gauge-refresh-ms:5000}", initialDelay = 1000)
    void refresh() {
        try {
            metrics.statusCounts(orders.countByStatus());
        } catch (RuntimeException e) {
            log.warn("could not count orders by status: {}", e.getMessage());
        }
    }
}

package com.luckydraw.order.saga;

import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.messaging.outbox.Outbox.Outgoing;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.Orders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The saga's clock: every {@code sweep-interval}, claims the orders whose step is past its deadline and lets the saga
 * resend or escalate them, each batch in one transaction with its outbox rows. Claims use {@code FOR UPDATE SKIP
 * LOCKED}, so several instances sweep side by side, and an order whose reply is being applied is left to the reply.
 */
@Component
public class SagaTimeouts implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SagaTimeouts.class);

    private final Orders orders;
    private final PurchaseSaga saga;
    private final Outbox outbox;
    private final SagaProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SagaTimeouts(Orders orders, PurchaseSaga saga, Outbox outbox, SagaProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.orders = orders;
        this.saga = saga;
        this.outbox = outbox;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweepQuietly, properties.sweepInterval());
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // The next sweep tries again; the orders keep their deadlines until then.
            log.warn("saga sweep failed: {}", e.toString());
        }
    }

    /** Handles every order overdue now, batch by batch; returns how many. */
    public int sweep() {
        int total = 0;
        while (true) {
            Integer handled = tx.execute(status -> sweepBatch(clock.instant()));
            total += handled;
            if (handled < properties.sweepBatchSize()) {
                return total;
            }
        }
    }

    private int sweepBatch(Instant now) {
        List<Order> overdue = orders.claimOverdue(now, properties.sweepBatchSize());
        List<Outgoing> outgoing = new ArrayList<>();
        for (Order order : overdue) {
            outgoing.addAll(saga.onTimeout(order, now));
        }
        orders.saveAll(overdue);
        outbox.appendAll(outgoing);
        if (!overdue.isEmpty()) {
            log.info("saga sweep: {} order(s) past their step deadline, {} command(s) sent again", overdue.size(),
                    outgoing.size());
        }
        return overdue.size();
    }
}

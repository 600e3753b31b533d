package com.luckydraw.order.admin;

import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.OrderNotFoundException;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.saga.PurchaseSaga;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;

/**
 * An operator retries an escalated order (paid, allocation never answered): the allocation is sent again and the
 * order is PAID with fresh attempts. The lottery's (bizId, posId) idempotency makes a second allocation harmless.
 */
@Component
public class RetryingEscalatedOrder {

    private final Orders orders;
    private final PurchaseSaga saga;
    private final Outbox outbox;
    private final Clock clock;

    public RetryingEscalatedOrder(Orders orders, PurchaseSaga saga, Outbox outbox, Clock clock) {
        this.orders = orders;
        this.saga = saga;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Order retry(OrderId id) {
        Order order = orders.lock(id).orElseThrow(() -> new OrderNotFoundException("no order " + id));
        var outgoing = saga.retryByOperator(order, clock.instant());
        orders.save(order);
        outbox.appendAll(outgoing);
        return order;
    }
}

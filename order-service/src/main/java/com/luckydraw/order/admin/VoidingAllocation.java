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
 * An operator voids the allocation request of a paid or escalated order now, instead of waiting for the saga's
 * {@code void-after}: the lottery answers with the allocation if it happened (the order completes) or voids it for
 * good (the order is refunded and cancelled). The void is sent again until answered.
 */
@Component
public class VoidingAllocation {

    private final Orders orders;
    private final PurchaseSaga saga;
    private final Outbox outbox;
    private final Clock clock;

    public VoidingAllocation(Orders orders, PurchaseSaga saga, Outbox outbox, Clock clock) {
        this.orders = orders;
        this.saga = saga;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Order voidAllocation(OrderId id) {
        Order order = orders.lock(id).orElseThrow(() -> new OrderNotFoundException("no order " + id));
        var outgoing = saga.voidByOperator(order, clock.instant());
        orders.save(order);
        outbox.appendAll(outgoing);
        return order;
    }
}

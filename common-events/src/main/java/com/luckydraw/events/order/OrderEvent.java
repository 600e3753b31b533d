package com.luckydraw.events.order;

import com.luckydraw.events.Message;

/** Events order-service publishes about an order's outcome, on {@code Topics.ORDER_EVENTS}, keyed by order id. */
public sealed interface OrderEvent extends Message permits OrderCompleted, OrderCancelled {
}

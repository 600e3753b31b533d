package com.luckydraw.order.order;

import java.time.Instant;

/** One move of an order's status, kept in {@code order_status_change}. {@code from} is null when the order was placed. */
public record StatusChange(OrderStatus from, OrderStatus to, String reason, Instant at) {
}

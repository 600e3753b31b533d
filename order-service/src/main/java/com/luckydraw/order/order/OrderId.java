package com.luckydraw.order.order;

import com.luckydraw.events.OrderIds;

import java.util.Objects;
import java.util.UUID;

/** An order's id: a name-based UUID of its purchase key, also the correlation id of every saga message. */
public record OrderId(UUID value) {

    public OrderId {
        Objects.requireNonNull(value, "order id");
    }

    public static OrderId of(PurchaseKey key) {
        return new OrderId(OrderIds.of(key.posId(), key.bizId()));
    }

    public static OrderId parse(String text) {
        try {
            return new OrderId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("order id must be a UUID, was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

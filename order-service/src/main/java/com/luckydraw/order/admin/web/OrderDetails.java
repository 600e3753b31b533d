package com.luckydraw.order.admin.web;

import com.luckydraw.order.order.Order;

import java.time.Instant;
import java.util.UUID;

/** An order as operators see it: the saga's bookkeeping included. */
public record OrderDetails(UUID orderId, String posId, String bizId, String status, String cancelReason, String userId,
        long roundId, int shares, long pricePerShare, long amount, String currency, String paymentMethod,
        Long firstNumber, Long lastNumber, int stepAttempts, Instant stepStartedAt, Instant stepDeadline,
        long version, Instant createdAt, Instant updatedAt) {

    static OrderDetails of(Order o) {
        var p = o.purchase();
        return new OrderDetails(o.id().value(), o.key().posId(), o.key().bizId(), o.status().name(), o.cancelReason(),
                p.userId(), p.roundId(), p.shares(), p.pricePerShare(), p.amount().minorUnits(), p.currency(),
                p.paymentMethod().name(), o.numbers() == null ? null : o.numbers().first(),
                o.numbers() == null ? null : o.numbers().last(), o.stepAttempts(), o.stepStartedAt(),
                o.stepDeadline(), o.version(), o.createdAt(), o.updatedAt());
    }
}

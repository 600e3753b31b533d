package com.luckydraw.order.intake.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.luckydraw.order.order.Order;

import java.time.Instant;
import java.util.UUID;

/** How a purchase stands, for its terminal: status, the reason when cancelled, the lucky numbers when completed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurchaseStatus(UUID orderId, String posId, String bizId, String status, String reason, String userId,
        long roundId, int shares, String paymentMethod, long amount, String currency, Long firstNumber,
        Long lastNumber, Instant createdAt, Instant updatedAt) {

    static PurchaseStatus of(Order order) {
        var p = order.purchase();
        return new PurchaseStatus(order.id().value(), order.key().posId(), order.key().bizId(), order.status().name(),
                order.cancelReason(), p.userId(), p.roundId(), p.shares(), p.paymentMethod().name(),
                p.amount().minorUnits(), p.currency(), order.numbers() == null ? null : order.numbers().first(),
                order.numbers() == null ? null : order.numbers().last(), order.createdAt(), order.updatedAt());
    }
}

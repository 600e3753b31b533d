package com.luckydraw.events.order;

import com.luckydraw.events.Checks;
import com.luckydraw.events.PaymentMethod;

import java.time.Instant;
import java.util.UUID;

/** An order was paid and its shares allocated: the purchase is done. {@code correlationId} is the order id. */
public record OrderCompleted(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, long roundId, int shares, PaymentMethod paymentMethod, long amount,
        long firstNumber, long lastNumber) implements OrderEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderCompleted {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.shares("shares", shares);
        Checks.required("paymentMethod", paymentMethod);
        Checks.nonNegativeAmount("amount", amount);
    }
}

package com.luckydraw.events.order;

import com.luckydraw.events.Checks;
import com.luckydraw.events.Message;
import com.luckydraw.events.OrderIds;
import com.luckydraw.events.PaymentMethod;

import java.time.Instant;
import java.util.UUID;

/**
 * A terminal asks to buy {@code shares} shares of a lottery round for a user. Published by producers (terminals, the
 * HTTP intake, the load generator) to {@code Topics.PURCHASE_REQUESTS}; order-service turns it into an order. The
 * price per share is the one the terminal showed the buyer; lottery refuses the allocation when it is not the round's.
 */
public record PurchaseRequested(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, long roundId, int shares, long pricePerShare, String currency,
        PaymentMethod paymentMethod) implements Message {

    public static final int SCHEMA_VERSION = 1;

    public PurchaseRequested {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        if (roundId <= 0) {
            throw new IllegalArgumentException("roundId must be positive, was " + roundId);
        }
        Checks.shares("shares", shares);
        Checks.positiveAmount("pricePerShare", pricePerShare);
        Checks.positiveAmount("price of the purchase (shares x pricePerShare)", Math.multiplyExact((long) shares, pricePerShare));
        Checks.currency(currency);
        Checks.required("paymentMethod", paymentMethod);
    }

    public static PurchaseRequested of(String bizId, String posId, String userId, long roundId, int shares,
            long pricePerShare, String currency, PaymentMethod paymentMethod) {
        return new PurchaseRequested(UUID.randomUUID(), SCHEMA_VERSION, bizId, posId, UUID.randomUUID(), Instant.now(),
                userId, roundId, shares, pricePerShare, currency, paymentMethod);
    }

    /** The order this request creates, the same for every resend. */
    public UUID orderId() {
        return OrderIds.of(posId, bizId);
    }

    /** What the purchase costs in minor units when paid with money. */
    public long price() {
        return Math.multiplyExact((long) shares, pricePerShare);
    }
}

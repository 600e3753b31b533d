package com.luckydraw.events.lottery;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/**
 * Give {@code shares} shares of a round to a user, all or nothing, for the order named by {@code correlationId}.
 * Idempotent on (bizId, posId). {@code pricePerShare} is what the buyer paid per share; a round with another price
 * refuses the allocation.
 */
public record AllocateShares(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, long roundId, int shares, long pricePerShare, String currency)
        implements LotteryCommand {

    public static final int SCHEMA_VERSION = 1;

    public AllocateShares {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        if (roundId <= 0) {
            throw new IllegalArgumentException("roundId must be positive, was " + roundId);
        }
        Checks.shares("shares", shares);
        Checks.positiveAmount("pricePerShare", pricePerShare);
        Checks.currency(currency);
    }

    public static AllocateShares of(String bizId, String posId, UUID orderId, String userId, long roundId, int shares,
            long pricePerShare, String currency) {
        return new AllocateShares(UUID.randomUUID(), SCHEMA_VERSION, bizId, posId, orderId, Instant.now(), userId,
                roundId, shares, pricePerShare, currency);
    }

    public UUID orderId() {
        return correlationId();
    }
}

package com.luckydraw.events.lottery;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/**
 * Void the allocation request of the order named by {@code correlationId}: the saga gave up waiting for its answer.
 * It names the request exactly as {@link AllocateShares} did (same key, same payload), so the lottery answers with the
 * allocation if it already happened ({@link SharesAllocated}), and otherwise records a tombstone for the key and
 * answers {@link AllocationRejected} with {@link AllocationRejection#VOIDED}: an {@code AllocateShares} of that key
 * arriving afterwards is answered with the same rejection and never allocates. Idempotent on (bizId, posId).
 */
public record VoidAllocation(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, long roundId, int shares, long pricePerShare, String currency)
        implements LotteryCommand {

    public static final int SCHEMA_VERSION = 1;

    public VoidAllocation {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        if (roundId <= 0) {
            throw new IllegalArgumentException("roundId must be positive, was " + roundId);
        }
        Checks.shares("shares", shares);
        Checks.positiveAmount("pricePerShare", pricePerShare);
        Checks.currency(currency);
    }

    /** The void of this allocation request. */
    public static VoidAllocation of(AllocateShares request) {
        return new VoidAllocation(UUID.randomUUID(), SCHEMA_VERSION, request.bizId(), request.posId(),
                request.correlationId(), Instant.now(), request.userId(), request.roundId(), request.shares(),
                request.pricePerShare(), request.currency());
    }

    /** The allocation request this voids, as the lottery compares it with the one it may have decided before. */
    public AllocateShares request() {
        return new AllocateShares(messageId, AllocateShares.SCHEMA_VERSION, bizId, posId, correlationId, occurredAt,
                userId, roundId, shares, pricePerShare, currency);
    }

    public UUID orderId() {
        return correlationId();
    }
}

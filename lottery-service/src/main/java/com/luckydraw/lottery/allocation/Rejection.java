package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.lottery.round.RoundId;

import java.time.Instant;
import java.util.UUID;

/** A request that got no shares, and why; remembered so a repeat is answered the same way. */
public record Rejection(RequestKey key, RoundId roundId, String userId, UUID orderId, int shares,
        AllocationRejection reason, String detail, String requestHash, Instant createdAt) implements Decision {

    public Rejection {
        if (reason == AllocationRejection.IDEMPOTENCY_CONFLICT) {
            throw new IllegalArgumentException("a conflict changes nothing and is not remembered");
        }
    }
}

package com.luckydraw.events.lottery;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/** No shares were allocated for the order, and why. */
public record AllocationRejected(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, long roundId, int shares, AllocationRejection reason, String detail)
        implements LotteryEvent {

    public static final int SCHEMA_VERSION = 1;

    public AllocationRejected {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.required("reason", reason);
    }

    public UUID orderId() {
        return correlationId();
    }
}

package com.luckydraw.events.order;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/** An order ended without shares; any debit was refunded first. {@code correlationId} is the order id. */
public record OrderCancelled(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, long roundId, String reason) implements OrderEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderCancelled {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.required("reason", reason);
    }
}

package com.luckydraw.events.lottery;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/** The shares are the user's, with the contiguous lucky numbers {@code firstNumber..lastNumber}. */
public record SharesAllocated(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, long roundId, int shares, long firstNumber, long lastNumber)
        implements LotteryEvent {

    public static final int SCHEMA_VERSION = 1;

    public SharesAllocated {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.shares("shares", shares);
        if (lastNumber - firstNumber + 1 != shares) {
            throw new IllegalArgumentException("numbers " + firstNumber + ".." + lastNumber + " do not make "
                    + shares + " shares");
        }
    }

    public UUID orderId() {
        return correlationId();
    }
}

package com.luckydraw.events.lottery;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/**
 * A sold-out round was drawn. {@code allocationsDigest} and {@code winningNumber} follow the formula in
 * lottery-service/README.md ("Draw formula"), so anyone holding the round's allocations can recompute them. bizId is
 * {@code draw-<roundId>}, posId {@code lottery}, correlationId a name-based UUID of the round.
 */
public record RoundDrawn(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, long roundId, long productId, int totalShares, long firstNumber, String allocationsDigest,
        long winningNumber, String winnerUserId) implements LotteryEvent {

    public static final int SCHEMA_VERSION = 1;

    public RoundDrawn {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.required("allocationsDigest", allocationsDigest);
        Checks.identifier("winnerUserId", winnerUserId);
        if (winningNumber < firstNumber || winningNumber >= firstNumber + totalShares) {
            throw new IllegalArgumentException("winningNumber " + winningNumber + " is outside the round's numbers");
        }
    }
}

package com.luckydraw.events.lottery;

import com.luckydraw.events.Checks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A round opened: from this moment its {@code seedCommitment} (the SHA-256 of the draw's secret seed) is public, so
 * the seed {@link RoundDrawn} reveals at the draw can be checked against a commitment published before anybody
 * bought. Keyed by round id like the draw; bizId {@code open-<roundId>}, posId {@code lottery}, correlationId
 * {@link #correlationOf(long)}, the same for both events of a round.
 */
public record RoundOpened(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, long roundId, long productId, int totalShares, long firstNumber, long pricePerShare,
        String currency, String seedCommitment) implements LotteryEvent {

    public static final int SCHEMA_VERSION = 1;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public RoundOpened {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        if (roundId <= 0 || productId <= 0 || totalShares <= 0) {
            throw new IllegalArgumentException("roundId, productId and totalShares must be positive");
        }
        Checks.positiveAmount("pricePerShare", pricePerShare);
        Checks.currency(currency);
        if (!SHA256_HEX.matcher(Checks.required("seedCommitment", seedCommitment)).matches()) {
            throw new IllegalArgumentException("seedCommitment must be 64 lower-case hex digits (SHA-256)");
        }
    }

    public static RoundOpened of(long roundId, long productId, int totalShares, long firstNumber, long pricePerShare,
            String currency, String seedCommitment, Instant openedAt) {
        return new RoundOpened(UUID.randomUUID(), SCHEMA_VERSION, "open-" + roundId, "lottery",
                correlationOf(roundId), openedAt, roundId, productId, totalShares, firstNumber, pricePerShare,
                currency, seedCommitment);
    }

    /** A name-based UUID of the round: its opening and its draw correlate, whoever computes it. */
    public static UUID correlationOf(long roundId) {
        return UUID.nameUUIDFromBytes(("luckydraw-round:" + roundId).getBytes(StandardCharsets.UTF_8));
    }
}

package com.luckydraw.events.lottery;

import com.luckydraw.events.Checks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A sold-out round was drawn. The round's {@code seed} is revealed here; {@code seedCommitment} (its SHA-256, public
 * since the round opened) proves it is the seed fixed at the opening. {@code allocationsDigest} and
 * {@code winningNumber} follow the formula in lottery-service/README.md ("Draw formula"), so anyone holding the seed
 * and the round's published allocations can recompute them. bizId is {@code draw-<roundId>}, posId {@code lottery},
 * correlationId a name-based UUID of the round. Version 2 added the seed and its commitment (commit-reveal).
 */
public record RoundDrawn(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, long roundId, long productId, int totalShares, long firstNumber, String allocationsDigest,
        long winningNumber, String winnerUserId, String seedCommitment, String seed) implements LotteryEvent {

    public static final int SCHEMA_VERSION = 2;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public RoundDrawn {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.required("allocationsDigest", allocationsDigest);
        Checks.identifier("winnerUserId", winnerUserId);
        if (winningNumber < firstNumber || winningNumber >= firstNumber + totalShares) {
            throw new IllegalArgumentException("winningNumber " + winningNumber + " is outside the round's numbers");
        }
        if (Checks.required("seed", seed).length() != 64 || !SHA256_HEX.matcher(seed).matches()) {
            throw new IllegalArgumentException("seed must be 64 lower-case hex digits (32 bytes)");
        }
        if (!SHA256_HEX.matcher(Checks.required("seedCommitment", seedCommitment)).matches()) {
            throw new IllegalArgumentException("seedCommitment must be 64 lower-case hex digits (SHA-256)");
        }
        if (!seedCommitment.equals(sha256Hex(seed))) {
            throw new IllegalArgumentException("seedCommitment is not the SHA-256 of seed");
        }
    }

    /** hex(SHA-256(the seed's 32 bytes)): the commitment a seed must match. */
    public static String sha256Hex(String seedHex) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(HexFormat.of().parseHex(seedHex)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

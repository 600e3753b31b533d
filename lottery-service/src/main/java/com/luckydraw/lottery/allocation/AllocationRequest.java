package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.round.RoundId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An {@link AllocateShares} command as the allocation sees it, with the hash of its payload: the same key with
 * the same hash is a repeat, with another hash a conflict. {@code voids}: the request comes from a
 * {@link VoidAllocation}, which is answered with what was decided before or, if nothing was, with a VOIDED rejection
 * that is remembered like any other (the tombstone).
 */
public record AllocationRequest(AllocateShares command, RequestKey key, RoundId roundId, String userId, UUID orderId,
        int shares, Money pricePerShare, String requestHash, boolean voids) {

    public static AllocationRequest of(AllocateShares command) {
        return of(command, false);
    }

    /** The request a void names: the same key and payload, so it meets the allocation it voids, or its repeats. */
    public static AllocationRequest voiding(VoidAllocation command) {
        return of(command.request(), true);
    }

    private static AllocationRequest of(AllocateShares command, boolean voids) {
        return new AllocationRequest(command, new RequestKey(command.bizId(), command.posId()),
                new RoundId(command.roundId()), command.userId(), command.correlationId(), command.shares(),
                Money.price(command.pricePerShare(), command.currency()), hash(command), voids);
    }

    /** SHA-256 over what the request asks for; the message id and time are delivery details, not payload. */
    static String hash(AllocateShares c) {
        String payload = "round=" + c.roundId() + "\nuser=" + c.userId() + "\nshares=" + c.shares() + "\nprice="
                + c.pricePerShare() + "\ncurrency=" + c.currency() + "\norder=" + c.correlationId() + "\n";
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

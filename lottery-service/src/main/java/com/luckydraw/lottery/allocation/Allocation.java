package com.luckydraw.lottery.allocation;

import com.luckydraw.lottery.round.RoundId;

import java.time.Instant;
import java.util.UUID;

/** Shares of a round given to a user for one purchase, with their contiguous lucky numbers. */
public record Allocation(RoundId roundId, RequestKey key, String userId, UUID orderId, int shares, long firstNumber,
        long lastNumber, String requestHash, Instant createdAt) implements Decision {

    public Allocation {
        if (shares <= 0 || lastNumber - firstNumber + 1 != shares) {
            throw new IllegalArgumentException("numbers " + firstNumber + ".." + lastNumber + " do not make " + shares
                    + " shares");
        }
    }
}

package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.RoundId;

import java.time.Instant;

/** The draw of a sold-out round: the winning number, whose it is, and the digest it was computed from. */
public record Draw(RoundId roundId, long winningNumber, String winnerUserId, String winnerBizId, String winnerPosId,
        String allocationsDigest, int allocationCount, Instant drawnAt) {
}

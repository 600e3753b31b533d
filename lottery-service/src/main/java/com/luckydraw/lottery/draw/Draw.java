package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.RoundId;

import java.time.Instant;

/**
 * The draw of a sold-out round: the winning number, whose it is, the digest it was computed from and the
 * {@link DrawFormula} version it followed (1: before commit-reveal, no seed).
 */
public record Draw(RoundId roundId, long winningNumber, String winnerUserId, String winnerBizId, String winnerPosId,
        String allocationsDigest, int allocationCount, Instant drawnAt, int formula) {
}

package com.luckydraw.lottery.round;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * A write to a round carried a fencing token older than the one on the row: its writer's lock expired or was lost
 * (a long pause, Redis failing over) and someone newer has written since. Nothing was changed. A concurrency
 * failure, so a consumer retries the batch instead of dead-lettering it.
 */
public class StaleFencingTokenException extends ConcurrencyFailureException {

    private final RoundId roundId;
    private final long token;
    private final long currentToken;

    public StaleFencingTokenException(RoundId roundId, long token, long currentToken) {
        super("round " + roundId + ": fencing token " + token + " is older than the round's " + currentToken);
        this.roundId = roundId;
        this.token = token;
        this.currentToken = currentToken;
    }

    public RoundId roundId() {
        return roundId;
    }

    public long token() {
        return token;
    }

    public long currentToken() {
        return currentToken;
    }
}

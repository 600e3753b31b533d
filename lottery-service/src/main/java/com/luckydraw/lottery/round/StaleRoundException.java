package com.luckydraw.lottery.round;

import org.springframework.dao.ConcurrencyFailureException;

/** A version-checked write to a round found another version: someone wrote in between. Nothing was changed. */
public class StaleRoundException extends ConcurrencyFailureException {

    public StaleRoundException(RoundId roundId, long expectedVersion) {
        super("round " + roundId + " is no longer at version " + expectedVersion);
    }
}

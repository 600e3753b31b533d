package com.luckydraw.admin.rounds;

import java.util.List;

/**
 * What the hot-rounds page shows: rounds fullest first, and lottery-service's lock figures.
 *
 * @param columns the fields of the rounds, in the API's order
 */
public record HotRoundsView(String lotteryServiceUrl, List<String> columns, List<HotRound> rounds, String lockWait,
                            String lockFailures, List<String> errors) {

    /** Whether lottery-service tags its lock meters by round, so that each row can show its own contention. */
    public boolean perRoundLocks() {
        return rounds.stream().anyMatch(r -> r.lockWait() != null || r.lockFailures() != null);
    }
}

package com.luckydraw.admin.rounds;

import java.util.List;

/**
 * What the hot-rounds page shows: rounds fullest first, and lottery-service's lock figures.
 *
 * @param columns the fields of the rounds, in the API's order
 */
public record HotRoundsView(String lotteryServiceUrl, List<String> columns, List<HotRound> rounds, String lockWait,
                            String lockFailures, List<String> errors) {
}

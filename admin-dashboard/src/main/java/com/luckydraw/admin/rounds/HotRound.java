package com.luckydraw.admin.rounds;

import java.util.Map;

/**
 * One round as lottery-service's admin API lists it, with how full it is.
 *
 * @param fields     every field the API gave, shown as is
 * @param sold       shares sold, or null if the API did not say
 * @param total      shares on offer, or null
 * @param lockWait   mean / max wait for this round's lock, when lottery's meter is tagged by round
 * @param lockFailures lock acquisitions that failed for this round, likewise
 */
public record HotRound(String id, Map<String, Object> fields, Long sold, Long total, String lockWait,
                       String lockFailures) {

    /** Percentage sold, 0..100; 0 when unknown. */
    public double fill() {
        return sold == null || total == null || total == 0 ? 0 : 100.0 * sold / total;
    }

    public boolean soldOut() {
        return sold != null && total != null && sold >= total;
    }
}

package com.luckydraw.events.lottery;

import com.luckydraw.events.Message;

/**
 * Events lottery-service publishes on {@code Topics.LOTTERY_EVENTS}: replies to allocations keyed by order id, and
 * rounds' openings and draws keyed by round id.
 */
public sealed interface LotteryEvent extends Message permits SharesAllocated, AllocationRejected, RoundOpened,
        RoundDrawn {

    long roundId();
}

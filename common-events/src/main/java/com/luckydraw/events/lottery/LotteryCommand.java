package com.luckydraw.events.lottery;

import com.luckydraw.events.Message;

/** Commands lottery-service accepts on {@code Topics.LOTTERY_COMMANDS}, keyed by round id. */
public sealed interface LotteryCommand extends Message permits AllocateShares, VoidAllocation {

    long roundId();
}

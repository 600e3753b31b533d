package com.luckydraw.lottery.allocation;

import com.luckydraw.lottery.round.RoundId;

/** What was decided for a request key, and remembered: shares given, or a rejection. */
public sealed interface Decision permits Allocation, Rejection {

    RequestKey key();

    RoundId roundId();

    String requestHash();
}

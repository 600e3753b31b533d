package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.RoundId;

public class DrawNotFoundException extends RuntimeException {

    public DrawNotFoundException(RoundId id) {
        super("round " + id + " has not been drawn");
    }
}

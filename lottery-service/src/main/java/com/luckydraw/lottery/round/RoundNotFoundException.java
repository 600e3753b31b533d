package com.luckydraw.lottery.round;

public class RoundNotFoundException extends RuntimeException {

    public RoundNotFoundException(RoundId id) {
        super("round " + id + " does not exist");
    }
}

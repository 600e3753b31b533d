package com.luckydraw.lottery.round;

/** OPEN while shares are left; SOLD_OUT when the last one went; DRAWN once the winning number is known. */
public enum RoundStatus {
    OPEN,
    SOLD_OUT,
    DRAWN
}

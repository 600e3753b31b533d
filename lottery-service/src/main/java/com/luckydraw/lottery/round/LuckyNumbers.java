package com.luckydraw.lottery.round;

/** Lucky numbers of a round: 10000001 upwards, one per share, in the order the shares were sold. */
public final class LuckyNumbers {

    public static final long FIRST = 10_000_001L;

    private LuckyNumbers() {
    }

    /** The number of the share sold after {@code soldBefore} others. */
    public static long after(int soldBefore) {
        return FIRST + soldBefore;
    }
}

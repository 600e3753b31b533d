package com.luckydraw.lottery.round;

public record RoundId(long value) implements Comparable<RoundId> {

    public RoundId {
        if (value <= 0) {
            throw new IllegalArgumentException("round id must be positive, was " + value);
        }
    }

    @Override
    public int compareTo(RoundId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}

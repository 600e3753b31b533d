package com.luckydraw.order.order;

/** The contiguous lucky numbers {@code first..last} a completed order holds, one per share. */
public record LuckyNumbers(long first, long last) {

    public LuckyNumbers {
        if (last < first) {
            throw new IllegalArgumentException("lucky numbers " + first + ".." + last + " are empty");
        }
    }

    public long count() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + ".." + last;
    }
}

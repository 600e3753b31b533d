package com.luckydraw.lottery.draw;

/** One allocation as the draw sees it: its numbers and whose they are. */
public record Ticket(long firstNumber, long lastNumber, String userId, String bizId, String posId) {

    public boolean holds(long number) {
        return number >= firstNumber && number <= lastNumber;
    }

    public int shares() {
        return Math.toIntExact(lastNumber - firstNumber + 1);
    }
}

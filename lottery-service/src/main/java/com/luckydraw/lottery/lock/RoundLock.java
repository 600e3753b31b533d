package com.luckydraw.lottery.lock;

/** How a round's writes are serialised in the current transaction. */
public sealed interface RoundLock {

    /** The Redis lock is held until the transaction ends; writes carry its fencing token. */
    record Fenced(long token) implements RoundLock {
    }

    /** No Redis lock (Redis unreachable, or the lock not free in time): the round's row lock serialises. */
    record DatabaseOnly(String why) implements RoundLock {
    }
}

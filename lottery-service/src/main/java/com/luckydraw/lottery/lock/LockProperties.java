package com.luckydraw.lottery.lock;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

import java.time.Duration;

/**
 * The round lock, under {@code luckydraw.lottery.lock}.
 *
 * @param keyPrefix       Redis key of a round's lock: prefix + round id
 * @param waitTime        ({@code wait}) how long an allocation waits for a round's lock before going on under the database's row
 *                        lock instead
 * @param lease           how long a lock is held at most if its holder never releases it (a crash, a pause); far
 *                        longer than a batch's transaction
 * @param redisRetryAfter after Redis failed, how long allocations skip the Redis lock before trying it again, so an
 *                        outage costs one timeout per this interval, not one per batch
 * @param maxAttempts     conditional updates tried under the Redis lock before falling back to the row lock
 */
@ConfigurationProperties("luckydraw.lottery.lock")
public record LockProperties(
        @DefaultValue("luckydraw:lottery:round:") String keyPrefix,
        @Name("wait") @DefaultValue("3s") Duration waitTime, // "wait" cannot name a record component
        @DefaultValue("10s") Duration lease,
        @DefaultValue("1s") Duration redisRetryAfter,
        @DefaultValue("3") int maxAttempts) {

    public LockProperties {
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new IllegalArgumentException("luckydraw.lottery.lock.key-prefix must not be blank");
        }
        if (waitTime.isNegative() || lease.isNegative() || lease.isZero() || redisRetryAfter.isNegative()) {
            throw new IllegalArgumentException("luckydraw.lottery.lock: wait and redis-retry-after must not be"
                    + " negative, lease must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("luckydraw.lottery.lock.max-attempts must be at least 1");
        }
    }
}

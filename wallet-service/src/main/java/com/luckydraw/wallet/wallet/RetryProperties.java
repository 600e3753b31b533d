package com.luckydraw.wallet.wallet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How {@link ConflictRetry} retries a version conflict, under {@code luckydraw.wallet.retry}.
 *
 * @param maxAttempts attempts in all, the first included
 * @param backoffBase the ceiling of the first pause; it doubles with each attempt ("full jitter": the pause is
 *                    uniformly random below the ceiling, so racing writers spread out instead of colliding again)
 * @param backoffMax  the largest ceiling
 */
@ConfigurationProperties("luckydraw.wallet.retry")
public record RetryProperties(@DefaultValue("5") int maxAttempts, @DefaultValue("5ms") Duration backoffBase,
        @DefaultValue("100ms") Duration backoffMax) {

    public RetryProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("luckydraw.wallet.retry.max-attempts must be at least 1");
        }
        if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("luckydraw.wallet.retry: need 0 <= backoff-base <= backoff-max");
        }
    }
}

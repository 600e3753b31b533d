package com.luckydraw.order.saga;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Timing of the purchase saga, under {@code luckydraw.saga}.
 *
 * @param stepTimeout               how long a step waits for its reply before its command is sent again
 * @param sweepInterval             how often the sweeper looks for steps past their deadline
 * @param maxAttempts               sends of a step's command before the saga escalates
 * @param compensationRetryInterval how often a failed refund is sent again (default 5 x step timeout)
 * @param sweepBatchSize            overdue orders claimed per sweeper transaction
 * @param voidAfter                 how long an ESCALATED order (allocation never answered) waits for an operator or a
 *                                  late reply before the saga voids its allocation request itself
 */
@ConfigurationProperties("luckydraw.saga")
public record SagaProperties(
        @DefaultValue("10s") Duration stepTimeout,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("5") int maxAttempts,
        Duration compensationRetryInterval,
        @DefaultValue("200") int sweepBatchSize,
        @DefaultValue("5m") Duration voidAfter) {

    public SagaProperties {
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("luckydraw.saga.step-timeout must be positive");
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("luckydraw.saga.sweep-interval must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("luckydraw.saga.max-attempts must be at least 1");
        }
        if (compensationRetryInterval == null) {
            compensationRetryInterval = stepTimeout.multipliedBy(5);
        }
        if (sweepBatchSize < 1) {
            throw new IllegalArgumentException("luckydraw.saga.sweep-batch-size must be positive");
        }
        if (voidAfter.isNegative()) {
            throw new IllegalArgumentException("luckydraw.saga.void-after must not be negative");
        }
    }
}

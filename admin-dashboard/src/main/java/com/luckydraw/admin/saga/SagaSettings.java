package com.luckydraw.admin.saga;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * How the saga view reads order-service's admin API, under {@code luckydraw.admin.saga}.
 *
 * @param statuses       the order states, in saga order; each is counted and listed with {@code ?status=}
 * @param failedStatuses the states listed as failed sagas (ended badly or handed to a person)
 */
@ConfigurationProperties("luckydraw.admin.saga")
public record SagaSettings(List<String> statuses, List<String> failedStatuses) {

    public SagaSettings {
        statuses = statuses == null || statuses.isEmpty()
                ? List.of("REQUESTED", "PAID", "COMPLETED", "REFUNDING", "CANCELLED") : List.copyOf(statuses);
        failedStatuses = failedStatuses == null ? List.of("CANCELLED") : List.copyOf(failedStatuses);
    }
}

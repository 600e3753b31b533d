package com.luckydraw.admin.saga;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * How the saga view reads order-service's admin API, under {@code luckydraw.admin.saga}. The defaults follow
 * order-service's {@code OrderStatus}.
 *
 * @param statuses           the order states, in saga order; each is listed with {@code GET /admin/orders?status=}
 * @param failedStatuses     the states shown as failed sagas: ended badly or waiting for a person
 * @param retryableStatuses  the states order-service's {@code POST /admin/orders/{id}/retry} accepts; only their
 *                           rows get a Retry button (the saga retries the others by itself)
 * @param listLimit          how many orders to ask for per state
 * @param latest             how many of the newest orders the page lists
 */
@ConfigurationProperties("luckydraw.admin.saga")
public record SagaSettings(List<String> statuses, List<String> failedStatuses, List<String> retryableStatuses,
                           Integer listLimit, Integer latest) {

    public SagaSettings {
        statuses = statuses == null || statuses.isEmpty() ? List.of("PENDING", "PAID", "COMPLETED", "REFUNDING",
                "CANCELLED", "ESCALATED", "COMPENSATION_FAILED") : List.copyOf(statuses);
        failedStatuses = failedStatuses == null ? List.of("ESCALATED", "COMPENSATION_FAILED")
                : List.copyOf(failedStatuses);
        retryableStatuses = retryableStatuses == null ? List.of("ESCALATED") : List.copyOf(retryableStatuses);
        listLimit = listLimit == null ? 100 : listLimit;
        latest = latest == null ? 30 : latest;
    }
}

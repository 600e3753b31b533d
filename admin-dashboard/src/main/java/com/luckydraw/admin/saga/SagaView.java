package com.luckydraw.admin.saga;

import com.luckydraw.admin.services.JsonRows;

import java.util.List;
import java.util.Map;

/**
 * What the saga page shows.
 *
 * @param byState       order count per state, in saga order
 * @param byStateSource where the counts come from (order-service's gauge, or counted from its admin API)
 * @param latest        the newest orders, over all states
 * @param stuck         orders order-service calls stuck (escalated, compensation failed, or past their deadline)
 * @param failed        orders in a failed state
 * @param retryable     the states whose orders can be retried by hand
 * @param errors        what could not be read, and why
 */
public record SagaView(String orderServiceUrl, Map<String, Long> byState, String byStateSource, JsonRows latest,
                       JsonRows stuck, JsonRows failed, List<String> retryable, List<String> errors) {

    /** The column that names an order, for the Retry button. */
    public String idColumn(JsonRows rows) {
        return rows.firstColumn("id", "orderId", "order_id");
    }

    /** Whether a row gets a Retry button: its state is retryable (or the API does not say its state). */
    public boolean canRetry(JsonRows rows, Map<String, Object> row) {
        if (idColumn(rows) == null) {
            return false;
        }
        Object status = row.get("status");
        return status == null || retryable.contains(status.toString());
    }
}

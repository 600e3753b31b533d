package com.luckydraw.admin.saga;

import com.luckydraw.admin.services.JsonRows;

import java.util.List;
import java.util.Map;

/**
 * What the saga page shows.
 *
 * @param byState       order count per state, in saga order
 * @param byStateSource where the counts come from (order-service's gauge, or counted from its admin API)
 * @param recent        the latest orders
 * @param stuck         orders past the saga timeout: each can be retried
 * @param failed        orders in a failed state
 * @param errors        what could not be read, and why
 */
public record SagaView(String orderServiceUrl, Map<String, Long> byState, String byStateSource, JsonRows recent,
                       JsonRows stuck, JsonRows failed, List<String> errors) {

    /** The column that names an order, for the Retry button. */
    public String idColumn(JsonRows rows) {
        return rows.firstColumn("orderId", "id", "order_id");
    }
}

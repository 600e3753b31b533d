package com.luckydraw.order.order;

import com.luckydraw.events.Checks;

/** How a terminal names a purchase: its own id (posId) and the purchase's id on it (bizId). Unique per order. */
public record PurchaseKey(String posId, String bizId) {

    public PurchaseKey {
        Checks.identifier("posId", posId);
        Checks.identifier("bizId", bizId);
    }

    /** The Kafka key of purchase requests: a resend lands on the partition of the original. */
    public String messageKey() {
        return posId + ":" + bizId;
    }

    @Override
    public String toString() {
        return posId + "/" + bizId;
    }
}

package com.luckydraw.order.intake;

import com.luckydraw.order.order.PurchaseKey;

import java.util.List;

/**
 * A request under a (posId, bizId) that already names a different purchase. Nothing changes; the consumer
 * dead-letters the request with this message as its reason, and the HTTP intake answers 409.
 */
public class PurchaseConflictException extends RuntimeException {

    private final PurchaseKey key;

    public PurchaseConflictException(PurchaseKey key, List<String> differences) {
        super("posId/bizId already used for a different purchase: " + key + " differs in "
                + String.join(", ", differences));
        this.key = key;
    }

    public PurchaseKey key() {
        return key;
    }
}

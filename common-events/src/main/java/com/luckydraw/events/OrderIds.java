package com.luckydraw.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The order id is a name-based UUID of (posId, bizId), so every resend of a purchase names the same order before
 * any database has seen it, and a terminal can compute its order reference itself.
 */
public final class OrderIds {

    private OrderIds() {
    }

    public static UUID of(String posId, String bizId) {
        Checks.identifier("posId", posId);
        Checks.identifier("bizId", bizId);
        return UUID.nameUUIDFromBytes(("luckydraw-order:" + posId + ":" + bizId).getBytes(StandardCharsets.UTF_8));
    }
}

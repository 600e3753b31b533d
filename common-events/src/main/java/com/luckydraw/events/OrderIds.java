package com.luckydraw.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The order id is a name-based UUID of (posId, bizId), so every resend of a purchase names the same order before
 * any database has seen it, and a terminal can compute its order reference itself.
 *
 * <p>Both identifiers may contain {@code ':'}, so joining them with it is ambiguous (pos {@code T1:9} biz {@code 5}
 * and pos {@code T1} biz {@code 9:5}). A pair without {@code ':'} keeps the first formula, under which every order
 * stored so far was named; a pair with one is named by a second formula that prefixes the posId with its length.
 * The two name different strings ({@code "luckydraw-order:"} vs {@code "luckydraw-order-v2:"}), and each is
 * one-to-one on the pairs it covers, so no two purchases share an id (docs/decisions.md, "Order ids").
 */
public final class OrderIds {

    private OrderIds() {
    }

    public static UUID of(String posId, String bizId) {
        Checks.identifier("posId", posId);
        Checks.identifier("bizId", bizId);
        String name = posId.indexOf(':') < 0 && bizId.indexOf(':') < 0
                ? "luckydraw-order:" + posId + ":" + bizId
                : "luckydraw-order-v2:" + posId.length() + ":" + posId + ":" + bizId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}

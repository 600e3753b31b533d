package com.luckydraw.events.wallet;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/**
 * Give back what the debit under the same (bizId, posId) took. Refunding a debit that never happened, or one already
 * refunded, changes nothing and answers the original result.
 */
public record RefundWallet(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, String reason) implements WalletCommand {

    public static final int SCHEMA_VERSION = 1;

    public RefundWallet {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.required("reason", reason);
    }

    public static RefundWallet of(String bizId, String posId, UUID orderId, String userId, String reason) {
        return new RefundWallet(UUID.randomUUID(), SCHEMA_VERSION, bizId, posId, orderId, Instant.now(), userId,
                reason);
    }
}

package com.luckydraw.events.wallet;

import com.luckydraw.events.Checks;
import com.luckydraw.events.PaymentMethod;

import java.time.Instant;
import java.util.UUID;

/**
 * The refund is done. {@code refunded} is false when there was nothing to give back (no debit under that key); the
 * amounts then are zero. A repeated refund answers the same.
 */
public record WalletRefunded(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, boolean refunded, PaymentMethod paymentMethod, long amount, String currency,
        int freeTries, long balanceAfter) implements WalletEvent {

    public static final int SCHEMA_VERSION = 1;

    public WalletRefunded {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.nonNegativeAmount("amount", amount);
        Checks.nonNegativeAmount("balanceAfter", balanceAfter);
    }
}

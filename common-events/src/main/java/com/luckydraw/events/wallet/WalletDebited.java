package com.luckydraw.events.wallet;

import com.luckydraw.events.Checks;
import com.luckydraw.events.PaymentMethod;

import java.time.Instant;
import java.util.UUID;

/** The debit was applied (or had been applied before: repeats answer the same). */
public record WalletDebited(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, PaymentMethod paymentMethod, long amount, String currency, int freeTries,
        long balanceAfter) implements WalletEvent {

    public static final int SCHEMA_VERSION = 1;

    public WalletDebited {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.required("paymentMethod", paymentMethod);
        Checks.nonNegativeAmount("amount", amount);
        Checks.currency(currency);
        Checks.nonNegativeAmount("balanceAfter", balanceAfter);
    }
}

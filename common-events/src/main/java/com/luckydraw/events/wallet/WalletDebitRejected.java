package com.luckydraw.events.wallet;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/** The debit was not applied, and why. */
public record WalletDebitRejected(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, DebitRejection reason, String detail) implements WalletEvent {

    public static final int SCHEMA_VERSION = 1;

    public WalletDebitRejected {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.required("reason", reason);
    }
}

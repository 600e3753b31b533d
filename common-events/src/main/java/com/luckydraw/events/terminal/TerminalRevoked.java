package com.luckydraw.events.terminal;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;

/** A terminal was revoked for good: it no longer logs in anywhere, whatever secret it presents. */
public record TerminalRevoked(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, int keyVersion) implements TerminalEvent {

    public static final int SCHEMA_VERSION = 1;

    public TerminalRevoked {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        if (keyVersion < 1) {
            throw new IllegalArgumentException("keyVersion must be at least 1, was " + keyVersion);
        }
    }

    public static TerminalRevoked of(String posId, int keyVersion, Instant at) {
        return new TerminalRevoked(UUID.randomUUID(), SCHEMA_VERSION, "key-" + keyVersion, posId, UUID.randomUUID(),
                at, keyVersion);
    }
}

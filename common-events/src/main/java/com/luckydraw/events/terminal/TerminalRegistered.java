package com.luckydraw.events.terminal;

import com.luckydraw.events.Checks;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A terminal was registered, or its credentials rotated (a higher {@code keyVersion}): from now on it logs in with
 * the HTTP secret whose SHA-256 is {@code apiSecretHash} (64 lower-case hex digits); an earlier version's no longer.
 * The secret itself never leaves order-service's answer to the operator.
 */
public record TerminalRegistered(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String apiSecretHash, int keyVersion) implements TerminalEvent {

    public static final int SCHEMA_VERSION = 1;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public TerminalRegistered {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        if (apiSecretHash == null || !SHA256_HEX.matcher(apiSecretHash).matches()) {
            throw new IllegalArgumentException("apiSecretHash must be a SHA-256 in 64 lower-case hex digits");
        }
        if (keyVersion < 1) {
            throw new IllegalArgumentException("keyVersion must be at least 1, was " + keyVersion);
        }
    }

    public static TerminalRegistered of(String posId, String apiSecretHash, int keyVersion, Instant at) {
        return new TerminalRegistered(UUID.randomUUID(), SCHEMA_VERSION, "key-" + keyVersion, posId,
                UUID.randomUUID(), at, apiSecretHash, keyVersion);
    }
}

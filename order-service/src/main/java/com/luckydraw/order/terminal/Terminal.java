package com.luckydraw.order.terminal;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * A registered terminal: who may buy as {@code posId}. It keeps the hash of its HTTP secret and its signing key
 * sealed under the master key ({@link SigningKeyEncryption}); {@code keyVersion} counts the rotations, and a
 * signature made with an older key is refused. Changes are checked against {@code version} when written.
 */
public record Terminal(PosId posId, TerminalStatus status, byte[] apiSecretHash, byte[] sealedSigningKey,
        int keyVersion, long version, Instant createdAt, Instant updatedAt) {

    public Terminal {
        Objects.requireNonNull(posId, "posId");
        Objects.requireNonNull(status, "status");
        if (apiSecretHash == null || apiSecretHash.length != 32) {
            throw new IllegalArgumentException("apiSecretHash must be a SHA-256");
        }
        Objects.requireNonNull(sealedSigningKey, "sealedSigningKey");
        if (keyVersion < 1) {
            throw new IllegalArgumentException("keyVersion must be at least 1, was " + keyVersion);
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static Terminal register(PosId posId, byte[] apiSecretHash, byte[] sealedSigningKey, Instant now) {
        return new Terminal(posId, TerminalStatus.ACTIVE, apiSecretHash, sealedSigningKey, 1, 0, now, now);
    }

    /** New credentials under the next key version; the old secret and key stop working. */
    public Terminal rotate(byte[] newApiSecretHash, byte[] newSealedSigningKey, Instant now) {
        requireActive("rotate");
        return new Terminal(posId, status, newApiSecretHash, newSealedSigningKey, keyVersion + 1, version, createdAt,
                now);
    }

    public Terminal revoke(Instant now) {
        requireActive("revoke");
        return new Terminal(posId, TerminalStatus.REVOKED, apiSecretHash, sealedSigningKey, keyVersion, version,
                createdAt, now);
    }

    public boolean isActive() {
        return status == TerminalStatus.ACTIVE;
    }

    /** Whether {@code secret} is this active terminal's HTTP secret; compared in constant time. */
    public boolean acceptsSecret(String secret) {
        return isActive() && secret != null && MessageDigest.isEqual(apiSecretHash, ApiSecret.hash(secret));
    }

    private void requireActive(String change) {
        if (!isActive()) {
            throw new IllegalTerminalTransitionException("cannot " + change + " terminal " + posId + ": it is "
                    + status);
        }
    }

    @Override
    public String toString() {
        return "Terminal[posId=" + posId + ", status=" + status + ", keyVersion=" + keyVersion + ", version="
                + version + "]";
    }
}

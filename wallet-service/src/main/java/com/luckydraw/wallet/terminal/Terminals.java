package com.luckydraw.wallet.terminal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The terminals that may read wallets (table {@code terminal}), kept as order-service's registry announces them. An
 * announcement never moves a terminal back: an older key version than the stored one changes nothing, and a revoked
 * terminal stays revoked (events of one terminal arrive in order, keyed by posId, but a replay sends old ones again).
 */
@Repository
public class Terminals {

    private final JdbcTemplate jdbc;

    public Terminals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void registered(String posId, String apiSecretHashHex, int keyVersion, Instant at) {
        jdbc.update("""
                INSERT INTO terminal (pos_id, status, api_secret_hash, key_version, updated_at)
                VALUES (?, 'ACTIVE', ?, ?, ?)
                ON CONFLICT (pos_id) DO UPDATE
                   SET api_secret_hash = excluded.api_secret_hash, key_version = excluded.key_version,
                       updated_at = excluded.updated_at
                 WHERE terminal.status = 'ACTIVE' AND terminal.key_version < excluded.key_version""",
                posId, HexFormat.of().parseHex(apiSecretHashHex), keyVersion, Timestamp.from(at));
    }

    public void revoked(String posId, int keyVersion, Instant at) {
        jdbc.update("""
                INSERT INTO terminal (pos_id, status, api_secret_hash, key_version, updated_at)
                VALUES (?, 'REVOKED', NULL, ?, ?)
                ON CONFLICT (pos_id) DO UPDATE
                   SET status = 'REVOKED', api_secret_hash = NULL, updated_at = excluded.updated_at""",
                posId, keyVersion, Timestamp.from(at));
    }

    /** Whether {@code secret} is the current HTTP secret of the active terminal {@code posId}; constant time. */
    public boolean accepts(String posId, String secret) {
        byte[] stored = jdbc.query("SELECT api_secret_hash FROM terminal WHERE pos_id = ? AND status = 'ACTIVE'",
                rs -> rs.next() ? rs.getBytes(1) : null, posId);
        return stored != null && secret != null && MessageDigest.isEqual(stored, sha256(secret));
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package com.luckydraw.order.terminal;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;

/**
 * A {@code terminal} row as Spring Data JDBC reads and writes it; {@link Terminals} hands out {@link Terminal}s.
 * {@code version} is null for a terminal not stored yet (inserted at 0), else the one it was read at: a save writes it
 * plus one where the row still holds it, or throws.
 */
@Table("terminal")
record TerminalRow(@Id String posId, TerminalStatus status, byte[] apiSecretHash,
        @Column("signing_key_sealed") byte[] sealedSigningKey, int keyVersion, @Version Long version,
        Instant createdAt, Instant updatedAt) {

    static TerminalRow of(Terminal t, Long version) {
        return new TerminalRow(t.posId().value(), t.status(), t.apiSecretHash(), t.sealedSigningKey(), t.keyVersion(),
                version, t.createdAt(), t.updatedAt());
    }

    Terminal toTerminal() {
        return new Terminal(new PosId(posId), status, apiSecretHash, sealedSigningKey, keyVersion, version, createdAt,
                updatedAt);
    }
}

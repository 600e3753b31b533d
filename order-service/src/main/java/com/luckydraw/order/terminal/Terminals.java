package com.luckydraw.order.terminal;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The terminal registry, table {@code terminal}. Writes are checked against the version they were read at. */
@Repository
public class Terminals {

    private static final String COLUMNS = """
            pos_id, status, api_secret_hash, signing_key_sealed, key_version, version, created_at, updated_at""";

    private static final RowMapper<Terminal> ROW = (rs, n) -> new Terminal(new PosId(rs.getString("pos_id")),
            TerminalStatus.valueOf(rs.getString("status")), rs.getBytes("api_secret_hash"),
            rs.getBytes("signing_key_sealed"), rs.getInt("key_version"), rs.getLong("version"),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

    private final JdbcTemplate jdbc;

    public Terminals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Terminal> find(PosId posId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM terminal WHERE pos_id = ?", ROW, posId.value()).stream()
                .findFirst();
    }

    /** The registered ones among {@code posIds}, in one query (a batch of purchases names few terminals). */
    public Map<PosId, Terminal> findAll(Collection<PosId> posIds) {
        Map<PosId, Terminal> found = new LinkedHashMap<>();
        if (posIds.isEmpty()) {
            return found;
        }
        String[] ids = posIds.stream().map(PosId::value).distinct().toArray(String[]::new);
        jdbc.query("SELECT " + COLUMNS + " FROM terminal WHERE pos_id = ANY (?)", ROW, (Object) ids)
                .forEach(t -> found.put(t.posId(), t));
        return found;
    }

    public List<Terminal> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM terminal ORDER BY pos_id", ROW);
    }

    public void insert(Terminal terminal) {
        try {
            jdbc.update("""
                    INSERT INTO terminal (pos_id, status, api_secret_hash, signing_key_sealed, key_version, version,
                                          created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?)""", terminal.posId().value(), terminal.status().name(),
                    terminal.apiSecretHash(), terminal.sealedSigningKey(), terminal.keyVersion(),
                    Timestamp.from(terminal.createdAt()), Timestamp.from(terminal.updatedAt()));
        } catch (DuplicateKeyException e) {
            throw new TerminalAlreadyRegisteredException(terminal.posId());
        }
    }

    /** Writes a changed terminal over the version it was read at; another change in between refuses this one. */
    public Terminal update(Terminal terminal) {
        int updated = jdbc.update("""
                UPDATE terminal
                   SET status = ?, api_secret_hash = ?, signing_key_sealed = ?, key_version = ?, updated_at = ?,
                       version = version + 1
                 WHERE pos_id = ? AND version = ?""", terminal.status().name(), terminal.apiSecretHash(),
                terminal.sealedSigningKey(), terminal.keyVersion(), Timestamp.from(terminal.updatedAt()),
                terminal.posId().value(), terminal.version());
        if (updated != 1) {
            throw new IllegalTerminalTransitionException("terminal " + terminal.posId()
                    + " was changed meanwhile; read it again and retry");
        }
        return find(terminal.posId()).orElseThrow();
    }
}

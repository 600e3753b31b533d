package com.luckydraw.wallet.wallet;

import com.luckydraw.jdbc.UnnestBatch;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The append-only history of every wallet. */
@Repository
public class Ledger {

    private static final String COLUMNS = """
            id, user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id, order_id, created_at""";

    private static final RowMapper<LedgerEntry> ENTRY = (rs, i) -> new LedgerEntry(rs.getLong("id"),
            new UserId(rs.getString("user_id")), EntryKind.valueOf(rs.getString("kind")), rs.getLong("amount"),
            rs.getLong("balance_after"), rs.getLong("wallet_version"),
            new RequestKey(rs.getString("biz_id"), rs.getString("pos_id")), rs.getObject("order_id", UUID.class),
            rs.getTimestamp("created_at").toInstant());

    /** One statement for all the entries of a transaction. */
    private static final String INSERT = """
            INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id, order_id)
            SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[],
                                 ?::uuid[])
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    public Ledger(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /**
     * Appends an entry in the transaction of the wallet change it records.
     *
     * @throws ConcurrentRequestException if another transaction recorded this key and kind first
     */
    public void append(LedgerEntry entry) {
        appendAll(List.of(entry));
    }

    /**
     * Appends entries in one round trip, in the transaction of the wallet changes they record.
     *
     * @throws ConcurrentRequestException if another transaction recorded one of their keys and kinds first
     */
    public void appendAll(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            batches.update(UnnestBatch.of(INSERT, entries)
                    .text(e -> e.userId().value())
                    .text(e -> e.kind().name())
                    .bigint(LedgerEntry::amount)
                    .bigint(LedgerEntry::balanceAfter)
                    .bigint(LedgerEntry::walletVersion)
                    .text(e -> e.key().bizId())
                    .text(e -> e.key().posId())
                    .uuid(LedgerEntry::orderId));
        } catch (DuplicateKeyException e) {
            // The version-checked wallet update serialises one wallet's entries, so only a key can collide here.
            throw entries.size() == 1 ? new ConcurrentRequestException(entries.get(0).key(), entries.get(0).kind().name())
                    : new ConcurrentRequestException("a key of one of " + entries.size() + " ledger entries");
        }
    }

    public Optional<LedgerEntry> find(RequestKey key, EntryKind kind) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ledger_entry WHERE biz_id = ? AND pos_id = ? AND kind = ?")
                .params(key.bizId(), key.posId(), kind.name()).query(ENTRY).optional();
    }

    /** A page of a wallet's history, newest first, before the given wallet version (exclusive) if any. */
    public List<LedgerEntry> latest(UserId userId, int limit, Long beforeVersion) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM ledger_entry
                        WHERE user_id = ? AND (?::bigint IS NULL OR wallet_version < ?::bigint)
                        ORDER BY wallet_version DESC
                        LIMIT ?
                        """)
                .params(userId.value(), beforeVersion, beforeVersion, limit).query(ENTRY).list();
    }
}

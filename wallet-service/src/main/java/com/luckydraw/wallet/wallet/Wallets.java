package com.luckydraw.wallet.wallet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The wallets. Every balance change is a version-checked update: a stale one throws, it never overwrites. */
@Repository
public class Wallets {

    private static final RowMapper<Wallet> ROW = (rs, i) -> new Wallet(new UserId(rs.getString("user_id")),
            new Money(rs.getLong("balance"), rs.getString("currency")), rs.getLong("version"));

    /** The last state of each wallet of a transaction, over the version it was read at, in one statement. */
    private static final String UPDATE = """
            UPDATE wallet w SET balance = u.balance, version = u.version, updated_at = now()
              FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) AS u(user_id, balance, version, expected)
             WHERE w.user_id = u.user_id AND w.version = u.expected
            RETURNING w.user_id
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    public Wallets(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    public Optional<Wallet> find(UserId userId) {
        return jdbc.sql("SELECT user_id, currency, balance, version FROM wallet WHERE user_id = ?")
                .param(userId.value()).query(ROW).optional();
    }

    /** The wallets of these users that exist, in one query (a consumed batch reads all it needs at once). */
    public Map<UserId, Wallet> findAll(Collection<UserId> userIds) {
        String[] ids = userIds.stream().map(UserId::value).distinct().toArray(String[]::new);
        Map<UserId, Wallet> found = new HashMap<>();
        if (ids.length > 0) {
            jdbc.sql("SELECT user_id, currency, balance, version FROM wallet WHERE user_id = ANY (?)")
                    .param(ids).query(ROW).list().forEach(w -> found.put(w.userId(), w));
        }
        return found;
    }

    public Wallet get(UserId userId) {
        return find(userId).orElseThrow(() -> new UnknownWalletException(userId));
    }

    /** Opens an empty wallet; false if the user has one already (whatever its currency). */
    public boolean open(UserId userId, String currency) {
        return jdbc.sql("INSERT INTO wallet (user_id, currency) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING")
                .params(userId.value(), currency).update() == 1;
    }

    /**
     * Writes the next state of a wallet if nobody wrote since it was read.
     *
     * @throws StaleWalletException if the stored version is no longer {@code changed.version() - 1}
     */
    public void update(Wallet changed) {
        updateAll(List.of(changed));
    }

    /**
     * Writes successive states in one statement; a wallet may appear several times (v+1, then v+2): its last state
     * is written over the version before its first.
     *
     * @throws StaleWalletException for the first state whose predecessor is no longer the stored version
     */
    public void updateAll(List<Wallet> changes) {
        if (changes.isEmpty()) {
            return;
        }
        // A wallet changed several times goes straight from the version read to its last state.
        Map<UserId, Wallet> last = new LinkedHashMap<>();
        Map<UserId, Long> expected = new HashMap<>();
        for (Wallet w : changes) {
            last.put(w.userId(), w);
            expected.putIfAbsent(w.userId(), w.version() - 1);
        }
        List<String> updated = batches.query(con -> {
            var ps = con.prepareStatement(UPDATE);
            ps.setArray(1, con.createArrayOf("text", last.keySet().stream().map(UserId::value).toArray()));
            ps.setArray(2, con.createArrayOf("bigint", last.values().stream().map(w -> w.balance().amount()).toArray()));
            ps.setArray(3, con.createArrayOf("bigint", last.values().stream().map(Wallet::version).toArray()));
            ps.setArray(4, con.createArrayOf("bigint", last.keySet().stream().map(expected::get).toArray()));
            return ps;
        }, (rs, i) -> rs.getString(1));
        if (updated.size() != last.size()) {
            Set<String> done = new HashSet<>(updated);
            UserId stale = last.keySet().stream().filter(u -> !done.contains(u.value())).findFirst().orElseThrow();
            throw new StaleWalletException(stale, expected.get(stale));
        }
    }
}

package com.luckydraw.wallet.wallet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The wallets. Every balance change is a version-checked update: a stale one throws, it never overwrites. */
@Repository
public class Wallets {

    private static final RowMapper<Wallet> ROW = (rs, i) -> new Wallet(new UserId(rs.getString("user_id")),
            new Money(rs.getLong("balance"), rs.getString("currency")), rs.getLong("version"));

    private static final String UPDATE = """
            UPDATE wallet SET balance = ?, version = ?, updated_at = now()
             WHERE user_id = ? AND version = ?
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
     * Writes successive states in order, in one round trip; a wallet may appear several times (v+1, then v+2).
     *
     * @throws StaleWalletException for the first state whose predecessor is no longer the stored version
     */
    public void updateAll(List<Wallet> changes) {
        if (changes.isEmpty()) {
            return;
        }
        int[] updated = batches.batchUpdate(UPDATE, changes.stream().map(w -> new Object[] {w.balance().amount(),
                w.version(), w.userId().value(), w.version() - 1}).toList());
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] != 1) {
                throw new StaleWalletException(changes.get(i).userId(), changes.get(i).version() - 1);
            }
        }
    }
}

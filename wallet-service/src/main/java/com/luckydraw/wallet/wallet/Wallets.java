package com.luckydraw.wallet.wallet;

import com.luckydraw.jdbc.UnnestBatch;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The wallets. Every balance change is a version-checked update: a stale one throws, it never overwrites. One wallet
 * is read and written whole through Spring Data JDBC ({@link WalletRow}); a consumed batch writes all its wallets in
 * one statement ({@link #updateAll}), and opening a wallet is a conditional insert.
 */
@Repository
public class Wallets {

    /** The last state of each wallet of a transaction, over the version it was read at, in one statement. */
    private static final String UPDATE = """
            UPDATE wallet w SET balance = u.balance, version = u.version, updated_at = now()
              FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) AS u(user_id, balance, version, expected)
             WHERE w.user_id = u.user_id AND w.version = u.expected
            RETURNING w.user_id
            """;

    private final WalletRows rows;
    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Clock clock;

    Wallets(WalletRows rows, JdbcClient jdbc, JdbcTemplate batches, Clock clock) {
        this.rows = rows;
        this.jdbc = jdbc;
        this.batches = batches;
        this.clock = clock;
    }

    public Optional<Wallet> find(UserId userId) {
        return rows.findById(userId.value()).map(WalletRow::toWallet);
    }

    /** The wallets of these users that exist, in one query (a consumed batch reads all it needs at once). */
    public Map<UserId, Wallet> findAll(Collection<UserId> userIds) {
        String[] ids = userIds.stream().map(UserId::value).distinct().toArray(String[]::new);
        Map<UserId, Wallet> found = new HashMap<>();
        if (ids.length > 0) {
            rows.findAllByUserIds(ids).forEach(row -> found.put(new UserId(row.userId()), row.toWallet()));
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
        try {
            rows.save(WalletRow.of(changed, clock.instant()));
        } catch (OptimisticLockingFailureException e) {
            throw new StaleWalletException(changed.userId(), changed.version() - 1);
        }
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
        List<String> updated = batches.query(UnnestBatch.of(UPDATE, last.values())
                .text(w -> w.userId().value())
                .bigint(w -> w.balance().amount())
                .bigint(Wallet::version)
                .bigint(w -> expected.get(w.userId())), (rs, i) -> rs.getString(1));
        if (updated.size() != last.size()) {
            Set<String> done = new HashSet<>(updated);
            UserId stale = last.keySet().stream().filter(u -> !done.contains(u.value())).findFirst().orElseThrow();
            throw new StaleWalletException(stale, expected.get(stale));
        }
    }
}

package com.luckydraw.wallet.wallet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/** The wallets. Every balance change is a version-checked update: a stale one throws, it never overwrites. */
@Repository
public class Wallets {

    private final JdbcClient jdbc;

    public Wallets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Wallet> find(UserId userId) {
        return jdbc.sql("SELECT user_id, currency, balance, version FROM wallet WHERE user_id = ?")
                .param(userId.value())
                .query((rs, i) -> new Wallet(new UserId(rs.getString("user_id")),
                        new Money(rs.getLong("balance"), rs.getString("currency")), rs.getLong("version")))
                .optional();
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
        long expected = changed.version() - 1;
        int updated = jdbc.sql("""
                        UPDATE wallet SET balance = ?, version = ?, updated_at = now()
                         WHERE user_id = ? AND version = ?
                        """)
                .params(changed.balance().amount(), changed.version(), changed.userId().value(), expected)
                .update();
        if (updated != 1) {
            throw new StaleWalletException(changed.userId(), expected);
        }
    }
}

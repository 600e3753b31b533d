package com.luckydraw.wallet.wallet;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;

/**
 * A {@code wallet} row as Spring Data JDBC reads and writes it; {@link Wallets} hands out {@link Wallet}s. {@code
 * version} is the one the row was read at: a save writes it plus one where the row still holds it, or throws.
 */
@Table("wallet")
record WalletRow(@Id String userId, String currency, long balance, @Version Long version, Instant updatedAt) {

    /** The row that writes {@code changed} over the version before it. */
    static WalletRow of(Wallet changed, Instant now) {
        return new WalletRow(changed.userId().value(), changed.currency(), changed.balance().amount(),
                changed.version() - 1, now);
    }

    Wallet toWallet() {
        return new Wallet(new UserId(userId), new Money(balance, currency), version);
    }
}

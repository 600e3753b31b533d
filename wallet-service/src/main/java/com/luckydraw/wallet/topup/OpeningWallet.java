package com.luckydraw.wallet.topup;

import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.UserId;
import com.luckydraw.wallet.wallet.Wallet;
import com.luckydraw.wallet.wallet.Wallets;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * Opens a user's wallet, and credits an initial amount under its own key if asked. Idempotent: opening an existing
 * wallet of the same currency answers it (and the credit follows its key's rules); another currency is a conflict.
 */
@Component
public class OpeningWallet {

    private final Wallets wallets;
    private final CreditingWallet crediting;
    private final TransactionTemplate tx;

    OpeningWallet(Wallets wallets, CreditingWallet crediting, PlatformTransactionManager transactions) {
        this.wallets = wallets;
        this.crediting = crediting;
        this.tx = new TransactionTemplate(transactions);
    }

    public record Opened(boolean created, Wallet wallet, CreditOutcome initialCredit) {
    }

    /**
     * @param initialCredit an amount and key to credit right after opening; empty for an empty wallet
     * @throws WalletCurrencyConflictException if the user has a wallet in another currency
     */
    public Opened open(UserId userId, String currency, Optional<CreditCommand> initialCredit) {
        Money.zero(currency); // validates the currency code
        boolean created = Boolean.TRUE.equals(tx.execute(status -> {
            boolean inserted = wallets.open(userId, currency);
            String existing = wallets.get(userId).currency();
            if (!existing.equals(currency)) {
                throw new WalletCurrencyConflictException(userId, existing, currency);
            }
            return inserted;
        }));
        // Its own transaction after the wallet exists: a failed credit never undoes the opening, and sending the
        // same request again completes it.
        CreditOutcome credit = initialCredit.map(crediting::credit).orElse(null);
        return new Opened(created, wallets.get(userId), credit);
    }
}

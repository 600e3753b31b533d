package com.luckydraw.wallet.wallet;

/**
 * A user's wallet. Immutable: each change returns the next state with the version after it, which
 * {@link Wallets#update} writes only if the stored version is still the one before it.
 */
public record Wallet(UserId userId, Money balance, long version) {

    public Wallet {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
    }

    public String currency() {
        return balance.currency();
    }

    /** @throws InsufficientFundsException if the balance is smaller than the amount; CurrencyMismatchException */
    public Wallet debit(Money amount) {
        return next(balance.minus(amount));
    }

    /** @throws BalanceOverflowException CurrencyMismatchException */
    public Wallet credit(Money amount) {
        return next(balance.plus(amount));
    }

    /** A change recorded in the ledger that moves no money (free tries): it still orders the wallet's history. */
    public Wallet touched() {
        return next(balance);
    }

    public boolean canPay(Money amount) {
        return !balance.isLessThan(amount);
    }

    private Wallet next(Money newBalance) {
        return new Wallet(userId, newBalance, version + 1);
    }
}

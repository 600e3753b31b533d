package com.luckydraw.wallet.wallet;

/** A credit that would take a balance past what a long holds. */
public class BalanceOverflowException extends RuntimeException {

    public BalanceOverflowException(Money balance, Money credit) {
        super("a credit of " + credit + " would overflow the balance of " + balance);
    }
}

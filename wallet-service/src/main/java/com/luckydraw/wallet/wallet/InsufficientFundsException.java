package com.luckydraw.wallet.wallet;

/** A debit larger than the balance: a balance never goes below zero. */
public class InsufficientFundsException extends RuntimeException {

    public InsufficientFundsException(Money balance, Money debit) {
        super("balance " + balance + " is less than the debit of " + debit);
    }
}

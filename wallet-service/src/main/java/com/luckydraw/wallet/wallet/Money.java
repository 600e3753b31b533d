package com.luckydraw.wallet.wallet;

import com.luckydraw.events.Checks;

/** An amount of one currency in minor units (fen, cents). Never floating point, never negative. */
public record Money(long amount, String currency) {

    public Money {
        if (amount < 0) {
            throw new InvalidValueException("amount must not be negative, was " + amount);
        }
        try {
            Checks.currency(currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    /** An amount a request may move: 1 to {@link Checks#MAX_AMOUNT} minor units. */
    public static Money transfer(long amount, String currency) {
        try {
            Checks.positiveAmount("amount", amount);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public boolean isLessThan(Money other) {
        requireSameCurrency(other);
        return amount < other.amount;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        try {
            return new Money(Math.addExact(amount, other.amount), currency);
        } catch (ArithmeticException e) {
            throw new BalanceOverflowException(this, other);
        }
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        if (amount < other.amount) {
            throw new InsufficientFundsException(this, other);
        }
        return new Money(amount - other.amount, currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}

package com.luckydraw.lottery.money;

import com.luckydraw.events.Checks;

/** An amount in minor units (fen for CNY) of one currency. Prices are positive. */
public record Money(long minorUnits, String currency) {

    public Money {
        Checks.nonNegativeAmount("amount", minorUnits);
        Checks.currency(currency);
    }

    /** A price per share: positive, and within what a message may carry. */
    public static Money price(long minorUnits, String currency) {
        Checks.positiveAmount("pricePerShare", minorUnits);
        return new Money(minorUnits, currency);
    }

    @Override
    public String toString() {
        return minorUnits + " " + currency;
    }
}

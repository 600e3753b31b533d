package com.luckydraw.order.order;

import com.luckydraw.events.Checks;

/** An amount in minor units (fen, cents) of one currency. */
public record Money(long minorUnits, String currency) {

    public Money {
        Checks.nonNegativeAmount("amount", minorUnits);
        Checks.currency(currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    @Override
    public String toString() {
        return minorUnits + " " + currency;
    }
}

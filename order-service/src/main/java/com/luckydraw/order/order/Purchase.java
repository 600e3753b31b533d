package com.luckydraw.order.order;

import com.luckydraw.events.Checks;
import com.luckydraw.events.PaymentMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What was bought, as the terminal asked: the part of an order that never changes. Two requests under one key are
 * the same purchase exactly when these are equal.
 */
public record Purchase(String userId, long roundId, int shares, long pricePerShare, String currency,
        PaymentMethod paymentMethod) {

    public Purchase {
        Checks.identifier("userId", userId);
        if (roundId <= 0) {
            throw new IllegalArgumentException("roundId must be positive, was " + roundId);
        }
        Checks.shares("shares", shares);
        Checks.positiveAmount("pricePerShare", pricePerShare);
        Checks.positiveAmount("price of the purchase (shares x pricePerShare)",
                Math.multiplyExact((long) shares, pricePerShare));
        Checks.currency(currency);
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }

    /** What the wallet is debited: the price for MONEY, nothing for FREE_TRIES (those spend one try per share). */
    public Money amount() {
        return paymentMethod == PaymentMethod.MONEY
                ? new Money(Math.multiplyExact((long) shares, pricePerShare), currency)
                : Money.zero(currency);
    }

    /** Free tries spent: one per share when paying with FREE_TRIES. */
    public int freeTries() {
        return paymentMethod == PaymentMethod.FREE_TRIES ? shares : 0;
    }

    /** The fields in which {@code other} differs, for a conflict's message: "userId u-1 vs u-2, shares 2 vs 3". */
    public List<String> differencesFrom(Purchase other) {
        List<String> differences = new ArrayList<>();
        compare(differences, "userId", userId, other.userId);
        compare(differences, "roundId", roundId, other.roundId);
        compare(differences, "shares", shares, other.shares);
        compare(differences, "pricePerShare", pricePerShare, other.pricePerShare);
        compare(differences, "currency", currency, other.currency);
        compare(differences, "paymentMethod", paymentMethod, other.paymentMethod);
        return differences;
    }

    private static void compare(List<String> differences, String field, Object mine, Object theirs) {
        if (!Objects.equals(mine, theirs)) {
            differences.add(field + " " + mine + " (accepted) vs " + theirs + " (now)");
        }
    }
}

package com.luckydraw.lottery.product;

import com.luckydraw.lottery.money.Money;

import java.time.Instant;

/**
 * Something sold in rounds: every round of it sells {@code sharesPerRound} shares at {@code pricePerShare}. When
 * {@code reopenOnSellOut}, a sold-out round is followed at once by a new round of the same product.
 */
public record Product(ProductId id, String name, Money pricePerShare, int sharesPerRound, boolean reopenOnSellOut,
        Instant createdAt) {

    public Product {
        if (id == null || pricePerShare == null || createdAt == null) {
            throw new IllegalArgumentException("id, pricePerShare and createdAt are required");
        }
        validate(name, pricePerShare, sharesPerRound);
    }

    /** The rules a new product must follow; the table's CHECKs say the same. */
    public static void validate(String name, Money pricePerShare, int sharesPerRound) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new IllegalArgumentException("name must be 1-200 characters");
        }
        if (pricePerShare.minorUnits() <= 0) {
            throw new IllegalArgumentException("pricePerShare must be positive, was " + pricePerShare.minorUnits());
        }
        if (sharesPerRound <= 0) {
            throw new IllegalArgumentException("sharesPerRound must be positive, was " + sharesPerRound);
        }
    }
}

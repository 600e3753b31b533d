package com.luckydraw.lottery.round;

import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.product.ProductId;

import java.time.Instant;

/**
 * One round of a product: {@code totalShares} shares at {@code pricePerShare}, of which {@code soldShares} are
 * sold. An immutable snapshot of the row; transitions return the next snapshot and refuse what the rules forbid.
 * {@code version} changes with every write, {@code fencingToken} is the lock token of the last writer.
 * {@code seedCommitment} is the SHA-256 of the round's {@link DrawSeed}, public from the opening; only rounds drawn
 * before draws had a seed lack it.
 */
public record Round(RoundId id, ProductId productId, Money pricePerShare, int totalShares, int soldShares,
        RoundStatus status, long fencingToken, long version, Instant openedAt, Instant soldOutAt,
        String seedCommitment) {

    public Round {
        if (id == null || productId == null || pricePerShare == null || status == null || openedAt == null) {
            throw new IllegalArgumentException("id, productId, pricePerShare, status and openedAt are required");
        }
        if (totalShares <= 0) {
            throw new IllegalArgumentException("totalShares must be positive, was " + totalShares);
        }
        if (soldShares < 0 || soldShares > totalShares) {
            throw new IllegalArgumentException("soldShares " + soldShares + " outside 0.." + totalShares);
        }
        if ((status == RoundStatus.OPEN) != (soldShares < totalShares)) {
            throw new IllegalArgumentException("a round is OPEN exactly while shares are left; " + status + " with "
                    + soldShares + "/" + totalShares);
        }
        if (seedCommitment == null && status != RoundStatus.DRAWN) {
            throw new IllegalArgumentException("an undrawn round needs its seed commitment");
        }
    }

    public int sharesLeft() {
        return totalShares - soldShares;
    }

    public boolean isOpen() {
        return status == RoundStatus.OPEN;
    }

    /** The lucky number the next share sold gets. */
    public long nextNumber() {
        return LuckyNumbers.after(soldShares);
    }

    /** The highest lucky number of the round. */
    public long lastNumber() {
        return LuckyNumbers.FIRST + totalShares - 1;
    }

    /**
     * The round after {@code shares} more were sold by the holder of {@code token}: SOLD_OUT when none is left.
     * Mirrors the conditional update in {@link Rounds#applySale}.
     */
    public Round sell(int shares, long token, long newVersion, Instant now) {
        if (!isOpen()) {
            throw new IllegalStateException("round " + id + " is " + status + ": nothing can be sold");
        }
        if (shares <= 0 || shares > sharesLeft()) {
            throw new IllegalArgumentException("cannot sell " + shares + " shares, " + sharesLeft() + " left");
        }
        if (token < fencingToken) {
            throw new StaleFencingTokenException(id, token, fencingToken);
        }
        int sold = soldShares + shares;
        boolean soldOut = sold == totalShares;
        return new Round(id, productId, pricePerShare, totalShares, sold,
                soldOut ? RoundStatus.SOLD_OUT : RoundStatus.OPEN, token, newVersion, openedAt,
                soldOut ? now : null, seedCommitment);
    }

    /** SOLD_OUT to DRAWN; only a sold-out round is drawn. */
    public Round drawn(long newVersion) {
        if (status != RoundStatus.SOLD_OUT) {
            throw new IllegalStateException("round " + id + " is " + status + ", only a SOLD_OUT round is drawn");
        }
        return new Round(id, productId, pricePerShare, totalShares, soldShares, RoundStatus.DRAWN, fencingToken,
                newVersion, openedAt, soldOutAt, seedCommitment);
    }
}

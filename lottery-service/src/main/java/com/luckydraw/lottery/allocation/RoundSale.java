package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.lottery.round.LuckyNumbers;
import com.luckydraw.lottery.round.Round;

import java.time.Instant;

/**
 * Decides, in memory and in arrival order, which requests of one round fit: each gets all its shares with the
 * next contiguous numbers, or none. The total it sells is then written with one conditional update.
 */
final class RoundSale {

    private final Round round;
    private final Instant now;
    private int sold;
    private int soldHere;

    RoundSale(Round round, Instant now) {
        this.round = round;
        this.now = now;
        this.sold = round.soldShares();
    }

    Decision offer(AllocationRequest request) {
        // A round is OPEN exactly while shares are left (a CHECK on the table), so "not open" is "sold out".
        if (!round.isOpen() || sold == round.totalShares()) {
            return reject(request, AllocationRejection.SOLD_OUT, "all " + round.totalShares() + " shares of round "
                    + round.id() + " are sold");
        }
        if (!request.pricePerShare().equals(round.pricePerShare())) {
            return reject(request, AllocationRejection.PRICE_MISMATCH, "round " + round.id() + " sells at "
                    + round.pricePerShare() + " per share, the request paid " + request.pricePerShare());
        }
        int left = round.totalShares() - sold;
        if (request.shares() > left) {
            return reject(request, AllocationRejection.NOT_ENOUGH_SHARES, "asked for " + request.shares()
                    + " shares of round " + round.id() + ", " + left + " left");
        }
        long first = LuckyNumbers.after(sold);
        sold += request.shares();
        soldHere += request.shares();
        return new Allocation(round.id(), request.key(), request.userId(), request.orderId(), request.shares(),
                first, first + request.shares() - 1, request.requestHash(), now);
    }

    /** Shares this sale gives away: what the conditional update adds to the round. */
    int sharesSold() {
        return soldHere;
    }

    private Rejection reject(AllocationRequest request, AllocationRejection reason, String detail) {
        return new Rejection(request.key(), round.id(), request.userId(), request.orderId(), request.shares(), reason,
                detail, request.requestHash(), now);
    }
}

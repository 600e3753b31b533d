package com.luckydraw.lottery;

import com.luckydraw.events.OrderIds;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;

import java.util.UUID;

/** Rounds and commands for tests: every test works on rounds and keys of its own. */
public final class Fixtures {

    public static final long PRICE = 100;
    public static final String CURRENCY = "CNY";

    private Fixtures() {
    }

    public static Round openRound(OpeningRound opening, int shares) {
        return openRound(opening, shares, false);
    }

    public static Round openRound(OpeningRound opening, int shares, boolean reopen) {
        return opening.launch("test product " + UUID.randomUUID(), Money.price(PRICE, CURRENCY), shares, reopen)
                .round();
    }

    /** A unique bizId prefix for one test. */
    public static String run() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static AllocateShares allocate(Round round, String bizId, String user, int shares) {
        return allocate(round.id().value(), bizId, "pos-1", user, shares, PRICE);
    }

    public static AllocateShares allocate(long roundId, String bizId, String posId, String user, int shares,
            long price) {
        return AllocateShares.of(bizId, posId, OrderIds.of(posId, bizId), user, roundId, shares, price, CURRENCY);
    }
}

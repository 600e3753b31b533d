package com.luckydraw.lottery.opening;

import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.RoundOpened;
import com.luckydraw.lottery.money.Money;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.lottery.product.Product;
import com.luckydraw.lottery.product.ProductId;
import com.luckydraw.lottery.product.Products;
import com.luckydraw.lottery.round.LuckyNumbers;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.Rounds;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens rounds: the first one with a new product (both or neither), further ones on an operator's request or when
 * a round of a reopening product sells out. A round copies the product's price, so a later price change of the
 * product never changes what a round's buyers paid. Each opening publishes {@link RoundOpened} with the commitment to
 * the round's draw seed.
 */
@Service
public class OpeningRound {

    private final Products products;
    private final Rounds rounds;
    private final Outbox outbox;

    public OpeningRound(Products products, Rounds rounds, Outbox outbox) {
        this.products = products;
        this.rounds = rounds;
        this.outbox = outbox;
    }

    /** A product and its first round. */
    public record Launch(Product product, Round round) {
    }

    @Transactional
    public Launch launch(String name, Money pricePerShare, int sharesPerRound, boolean reopenOnSellOut) {
        Product product = products.insert(name, pricePerShare, sharesPerRound, reopenOnSellOut);
        return new Launch(product, next(product, null));
    }

    /** Another round of the product, with the product's number of shares unless {@code totalShares} is given. */
    @Transactional
    public Round next(ProductId productId, Integer totalShares) {
        return next(products.get(productId), totalShares);
    }

    /** In the caller's transaction when there is one (the sell-out of a reopening product). */
    @Transactional
    public Round next(Product product, Integer totalShares) {
        int shares = totalShares == null ? product.sharesPerRound() : totalShares;
        if (shares <= 0) {
            throw new IllegalArgumentException("totalShares must be positive, was " + shares);
        }
        Round round = rounds.open(product.id(), product.pricePerShare(), shares);
        // The commitment goes public with the round, in its transaction: before anyone can buy a share of it.
        outbox.append(Topics.LOTTERY_EVENTS, round.id().toString(), RoundOpened.of(round.id().value(),
                product.id().value(), round.totalShares(), LuckyNumbers.FIRST, round.pricePerShare().minorUnits(),
                round.pricePerShare().currency(), round.seedCommitment(), round.openedAt()));
        return round;
    }
}

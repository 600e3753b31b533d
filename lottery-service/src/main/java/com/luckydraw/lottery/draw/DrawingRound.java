package com.luckydraw.lottery.draw;

import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.lottery.RoundOpened;
import com.luckydraw.lottery.product.Product;
import com.luckydraw.lottery.product.Products;
import com.luckydraw.lottery.round.DrawSeed;
import com.luckydraw.lottery.round.LuckyNumbers;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundStatus;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Draws a round in the transaction that sold its last share: computes the winning number with {@link DrawFormula}
 * from the round's seed and allocations, records the draw, moves the round SOLD_OUT to DRAWN, publishes
 * {@link RoundDrawn} (keyed by round id, revealing the seed) and, if the
 * product says so, opens the product's next round.
 */
@Service
public class DrawingRound {

    private static final Logger log = LoggerFactory.getLogger(DrawingRound.class);

    private final Draws draws;
    private final Rounds rounds;
    private final Products products;
    private final OpeningRound opening;
    private final Outbox outbox;

    public DrawingRound(Draws draws, Rounds rounds, Products products, OpeningRound opening, Outbox outbox) {
        this.draws = draws;
        this.rounds = rounds;
        this.products = products;
        this.opening = opening;
        this.outbox = outbox;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Draw draw(Round soldOut) {
        if (soldOut.status() != RoundStatus.SOLD_OUT) {
            throw new IllegalStateException("round " + soldOut.id() + " is " + soldOut.status()
                    + ", only a SOLD_OUT round is drawn");
        }
        List<Ticket> tickets = draws.tickets(soldOut.id());
        requireEveryNumberSoldOnce(soldOut, tickets);
        DrawSeed seed = rounds.seed(soldOut.id()).orElseThrow(() -> new IllegalStateException("round "
                + soldOut.id() + " has no draw seed"));
        DrawFormula.Result result = DrawFormula.apply(seed, tickets, soldOut.totalShares());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Draw draw = new Draw(soldOut.id(), result.winningNumber(), result.winner().userId(), result.winner().bizId(),
                result.winner().posId(), result.digest(), tickets.size(), now, DrawFormula.VERSION);
        draws.insert(draw);
        rounds.markDrawn(soldOut);
        outbox.append(Topics.LOTTERY_EVENTS, soldOut.id().toString(), new RoundDrawn(UUID.randomUUID(),
                RoundDrawn.SCHEMA_VERSION, "draw-" + soldOut.id(), "lottery", correlationOf(soldOut), now,
                soldOut.id().value(), soldOut.productId().value(), soldOut.totalShares(), LuckyNumbers.FIRST,
                result.digest(), result.winningNumber(), result.winner().userId(), seed.commitment(), seed.hex()));
        Product product = products.get(soldOut.productId());
        if (product.reopenOnSellOut()) {
            Round next = opening.next(product, null);
            log.info("round {} drawn ({}), product {} continues with round {}", soldOut.id(),
                    result.winningNumber(), product.id(), next.id());
        } else {
            log.info("round {} drawn: winning number {}", soldOut.id(), result.winningNumber());
        }
        return draw;
    }

    /** A name-based UUID of the round: its RoundOpened and RoundDrawn correlate, whoever computes it. */
    public static UUID correlationOf(Round round) {
        return RoundOpened.correlationOf(round.id().value());
    }

    private static void requireEveryNumberSoldOnce(Round round, List<Ticket> tickets) {
        long expected = LuckyNumbers.FIRST;
        for (Ticket t : tickets) {
            if (t.firstNumber() != expected) {
                throw new IllegalStateException("round " + round.id() + ": numbers jump from " + (expected - 1)
                        + " to " + t.firstNumber());
            }
            expected = t.lastNumber() + 1;
        }
        if (expected != round.lastNumber() + 1) {
            throw new IllegalStateException("round " + round.id() + ": allocations end at " + (expected - 1)
                    + ", its numbers at " + round.lastNumber());
        }
    }
}

package com.luckydraw.lottery.web;

import com.luckydraw.lottery.allocation.Allocation;
import com.luckydraw.lottery.draw.Draw;
import com.luckydraw.lottery.draw.DrawFormula;
import com.luckydraw.lottery.draw.PublishedDraws;
import com.luckydraw.lottery.product.Product;
import com.luckydraw.lottery.round.LuckyNumbers;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundStatus;

import java.time.Instant;
import java.util.UUID;

/** What the HTTP API shows: plain records, decoupled from the domain's types. */
final class Views {

    private Views() {
    }

    record ProductView(long id, String name, long pricePerShare, String currency, int sharesPerRound,
            boolean reopenOnSellOut, Instant createdAt) {

        static ProductView of(Product p) {
            return new ProductView(p.id().value(), p.name(), p.pricePerShare().minorUnits(),
                    p.pricePerShare().currency(), p.sharesPerRound(), p.reopenOnSellOut(), p.createdAt());
        }
    }

    record LaunchView(ProductView product, RoundView round) {
    }

    record RoundView(long id, long productId, long pricePerShare, String currency, int totalShares, int soldShares,
            int sharesLeft, RoundStatus status, long version, long fencingToken, Instant openedAt,
            Instant soldOutAt, String seedCommitment) {

        static RoundView of(Round r) {
            return new RoundView(r.id().value(), r.productId().value(), r.pricePerShare().minorUnits(),
                    r.pricePerShare().currency(), r.totalShares(), r.soldShares(), r.sharesLeft(), r.status(),
                    r.version(), r.fencingToken(), r.openedAt(), r.soldOutAt(), r.seedCommitment());
        }
    }

    /**
     * A round as anybody sees it. {@code seedCommitment} is there from the opening; {@code draw} (with the seed)
     * only once the round is DRAWN.
     */
    record PublicRoundView(long id, long productId, long pricePerShare, String currency, int soldShares,
            int totalShares, RoundStatus status, long firstNumber, String seedCommitment, PublicDrawView draw) {

        static PublicRoundView of(Round r, PublishedDraws.Revealed draw) {
            return new PublicRoundView(r.id().value(), r.productId().value(), r.pricePerShare().minorUnits(),
                    r.pricePerShare().currency(), r.soldShares(), r.totalShares(), r.status(), LuckyNumbers.FIRST,
                    r.seedCommitment(), draw == null ? null : PublicDrawView.of(draw));
        }
    }

    /** A drawn round's result and the seed it came from; {@code formula} names the rules (DrawFormula). */
    record PublicDrawView(int formula, String seed, String allocationsDigest, long winningNumber, String winnerUser,
            int allocationCount, Instant drawnAt) {

        static PublicDrawView of(PublishedDraws.Revealed d) {
            return new PublicDrawView(d.formula(), d.seed(), d.allocationsDigest(), d.winningNumber(), d.winnerUser(),
                    d.allocationCount(), d.drawnAt());
        }
    }

    /** One allocation as anybody sees it: its numbers and its holder's pseudonym (DrawFormula#pseudonym). */
    record PublicAllocationView(long firstNumber, long lastNumber, String user) {

        static PublicAllocationView of(DrawFormula.Line line) {
            return new PublicAllocationView(line.firstNumber(), line.lastNumber(), line.user());
        }
    }

    record AllocationView(long roundId, String userId, String bizId, String posId, UUID orderId, int shares,
            long firstNumber, long lastNumber, Instant createdAt) {

        static AllocationView of(Allocation a) {
            return new AllocationView(a.roundId().value(), a.userId(), a.key().bizId(), a.key().posId(),
                    a.orderId(), a.shares(), a.firstNumber(), a.lastNumber(), a.createdAt());
        }
    }

    record DrawView(long roundId, long winningNumber, String winnerUserId, String winnerBizId, String winnerPosId,
            String allocationsDigest, int allocationCount, Instant drawnAt, int formulaVersion, String formula) {

        static final String FORMULA_1 = "digest = SHA-256 over the round's allocations ordered by first_number, one"
                + " line each 'first_number:last_number:user_id:biz_id:pos_id\\n'; winning_number = 10000001 +"
                + " (first 8 bytes of digest as unsigned big-endian integer mod total_shares)";

        static final String FORMULA_2 = "user = first 32 hex of HMAC-SHA256(seed, 'user:' + user_id); digest ="
                + " SHA-256 over the allocations ordered by first_number, one line each"
                + " 'first_number:last_number:user\\n'; winning_number = 10000001 + (first 8 bytes of"
                + " HMAC-SHA256(seed, digest as hex) as unsigned big-endian integer mod total_shares);"
                + " SHA-256(seed) = the seed commitment published at the opening";

        static DrawView of(Draw d) {
            return new DrawView(d.roundId().value(), d.winningNumber(), d.winnerUserId(), d.winnerBizId(),
                    d.winnerPosId(), d.allocationsDigest(), d.allocationCount(), d.drawnAt(), d.formula(),
                    d.formula() == 1 ? FORMULA_1 : FORMULA_2);
        }
    }
}

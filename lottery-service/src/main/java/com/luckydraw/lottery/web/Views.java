package com.luckydraw.lottery.web;

import com.luckydraw.lottery.allocation.Allocation;
import com.luckydraw.lottery.draw.Draw;
import com.luckydraw.lottery.product.Product;
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
            Instant soldOutAt) {

        static RoundView of(Round r) {
            return new RoundView(r.id().value(), r.productId().value(), r.pricePerShare().minorUnits(),
                    r.pricePerShare().currency(), r.totalShares(), r.soldShares(), r.sharesLeft(), r.status(),
                    r.version(), r.fencingToken(), r.openedAt(), r.soldOutAt());
        }
    }

    /** A round as buyers see it. */
    record PublicRoundView(long id, long productId, long pricePerShare, String currency, int soldShares,
            int totalShares, RoundStatus status) {

        static PublicRoundView of(Round r) {
            return new PublicRoundView(r.id().value(), r.productId().value(), r.pricePerShare().minorUnits(),
                    r.pricePerShare().currency(), r.soldShares(), r.totalShares(), r.status());
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
            String allocationsDigest, int allocationCount, Instant drawnAt, String formula) {

        static final String FORMULA = "digest = SHA-256 over the round's allocations ordered by first_number, one"
                + " line each 'first_number:last_number:user_id:biz_id:pos_id\\n'; winning_number = 10000001 +"
                + " (first 8 bytes of digest as unsigned big-endian integer mod total_shares)";

        static DrawView of(Draw d) {
            return new DrawView(d.roundId().value(), d.winningNumber(), d.winnerUserId(), d.winnerBizId(),
                    d.winnerPosId(), d.allocationsDigest(), d.allocationCount(), d.drawnAt(), FORMULA);
        }
    }
}

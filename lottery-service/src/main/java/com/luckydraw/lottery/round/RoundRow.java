package com.luckydraw.lottery.round;

import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.product.ProductId;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.InsertOnlyProperty;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;

/**
 * A {@code round} row as Spring Data JDBC reads and writes it; {@link Rounds} hands out {@link Round}s. {@code version}
 * is the one the row was read at: a save writes it plus one, where the row still holds it, or throws. The seed is
 * written with the new round and never again.
 */
@Table("round")
record RoundRow(@Id Long id, long productId, long pricePerShare, String currency, int totalShares, int soldShares,
        RoundStatus status, long fencingToken, @Version Long version, Instant openedAt, Instant soldOutAt,
        @InsertOnlyProperty byte[] seed, String seedCommitment) {

    /** The row that writes {@code round} over the version it was read at. */
    static RoundRow of(Round round, long readVersion) {
        return new RoundRow(round.id().value(), round.productId().value(), round.pricePerShare().minorUnits(),
                round.pricePerShare().currency(), round.totalShares(), round.soldShares(), round.status(),
                round.fencingToken(), readVersion, round.openedAt(), round.soldOutAt(), null, round.seedCommitment());
    }

    Round toRound() {
        return new Round(new RoundId(id), new ProductId(productId), Money.price(pricePerShare, currency), totalShares,
                soldShares, status, fencingToken, version, openedAt, soldOutAt, seedCommitment);
    }
}

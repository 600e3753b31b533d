package com.luckydraw.lottery.round;

import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.product.ProductId;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The round table. A round is read and written whole through Spring Data JDBC, version-checked ({@link RoundRow}).
 * A sale is the exception: one conditional update that the database refuses when it would oversell, when the round
 * moved on, or when the writer's fencing token is older than the row's.
 */
@Repository
public class Rounds {

    /*
     * The whole concurrency story of a sale in one statement: the version says nobody wrote since we read, the
     * sum says no oversell, the token says no newer lock holder wrote before us. status and sold_out_at follow
     * sold_shares (the table's CHECKs insist).
     */
    private static final String SELL = """
            UPDATE round
               SET sold_shares = sold_shares + :shares,
                   version = version + 1,
                   fencing_token = :token,
                   status = CASE WHEN sold_shares + :shares = total_shares THEN 'SOLD_OUT' ELSE status END,
                   sold_out_at = CASE WHEN sold_shares + :shares = total_shares THEN now() ELSE sold_out_at END
             WHERE id = :id
               AND version = :version
               AND status = 'OPEN'
               AND sold_shares + :shares <= total_shares
               AND fencing_token <= :token
            RETURNING version, sold_out_at
            """;

    private final RoundRows rows;
    private final JdbcClient jdbc;

    Rounds(RoundRows rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    /** A new OPEN round with a fresh {@link DrawSeed}: its commitment is public from now on, the seed is not. */
    public Round open(ProductId productId, Money pricePerShare, int totalShares) {
        if (totalShares <= 0) {
            throw new IllegalArgumentException("totalShares must be positive, was " + totalShares);
        }
        DrawSeed seed = DrawSeed.random();
        // Microseconds: what the timestamptz column keeps, so the round returned equals the one read back.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return rows.save(new RoundRow(null, productId.value(), pricePerShare.minorUnits(), pricePerShare.currency(),
                totalShares, 0, RoundStatus.OPEN, 0, null, now, null, seed.bytes(), seed.commitment())).toRound();
    }

    /** The round's secret seed: for the draw, and for pseudonyms; revealed to the public only once DRAWN. */
    public Optional<DrawSeed> seed(RoundId id) {
        return rows.findById(id.value()).map(RoundRow::seed).map(DrawSeed::of);
    }

    public Optional<Round> find(RoundId id) {
        return rows.findById(id.value()).map(RoundRow::toRound);
    }

    /** The round with its row locked until the transaction ends: the database's own lock, used without Redis. */
    public Optional<Round> findForUpdate(RoundId id) {
        return rows.findLockedById(id.value()).map(RoundRow::toRound);
    }

    public Round get(RoundId id) {
        return find(id).orElseThrow(() -> new RoundNotFoundException(id));
    }

    /** Rounds, newest first, optionally only those in one status. */
    public List<Round> list(Optional<RoundStatus> status, int limit) {
        Limit max = Limit.of(limit);
        return status.map(s -> rows.findByStatusOrderByIdDesc(s, max)).orElseGet(() -> rows.findAllByOrderByIdDesc(max))
                .stream().map(RoundRow::toRound).toList();
    }

    /**
     * Sells {@code shares} more of the round as read in {@code read}, writing {@code token}. Returns the round
     * after the sale, or empty when the row is no longer as read (another version, a concurrent sale): re-read and
     * try again. Throws {@link StaleFencingTokenException} when the row carries a newer token than {@code token}.
     */
    public Optional<Round> applySale(Round read, int shares, long token) {
        read.sell(shares, token, read.version() + 1, Instant.EPOCH); // the rules first: refuses what SQL would
        var written = jdbc.sql(SELL)
                .param("shares", shares).param("token", token).param("id", read.id().value())
                .param("version", read.version())
                .query((rs, row) -> {
                    Timestamp soldOutAt = rs.getTimestamp("sold_out_at");
                    return read.sell(shares, token, rs.getLong("version"),
                            soldOutAt == null ? null : soldOutAt.toInstant());
                })
                .optional();
        if (written.isEmpty()) {
            long current = jdbc.sql("SELECT fencing_token FROM round WHERE id = ?").param(read.id().value())
                    .query(Long.class).single();
            if (current > token) {
                throw new StaleFencingTokenException(read.id(), token, current);
            }
        }
        return written;
    }

    /**
     * SOLD_OUT to DRAWN, written over the version the round was read at.
     *
     * @throws StaleRoundException if the round was written since
     */
    public Round markDrawn(Round soldOut) {
        Round drawn = soldOut.drawn(soldOut.version() + 1);
        try {
            rows.save(RoundRow.of(drawn, soldOut.version()));
        } catch (OptimisticLockingFailureException e) {
            throw new StaleRoundException(soldOut.id(), soldOut.version());
        }
        return drawn;
    }
}

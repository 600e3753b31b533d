package com.luckydraw.lottery.round;

import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.product.ProductId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The round table. Every write is version-checked; a sale is one conditional update that the database refuses
 * when it would oversell, when the round moved on, or when the writer's fencing token is older than the row's.
 */
@Repository
public class Rounds {

    private static final String COLUMNS = "id, product_id, price_per_share, currency, total_shares, sold_shares,"
            + " status, fencing_token, version, opened_at, sold_out_at, seed_commitment";

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

    private final JdbcClient jdbc;

    public Rounds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new OPEN round with a fresh {@link DrawSeed}: its commitment is public from now on, the seed is not. */
    public Round open(ProductId productId, Money pricePerShare, int totalShares) {
        if (totalShares <= 0) {
            throw new IllegalArgumentException("totalShares must be positive, was " + totalShares);
        }
        DrawSeed seed = DrawSeed.random();
        return jdbc.sql("INSERT INTO round (product_id, price_per_share, currency, total_shares, seed,"
                        + " seed_commitment) VALUES (?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)
                .params(productId.value(), pricePerShare.minorUnits(), pricePerShare.currency(), totalShares,
                        seed.bytes(), seed.commitment())
                .query(Rounds::map).single();
    }

    /** The round's secret seed: for the draw, and for pseudonyms; revealed to the public only once DRAWN. */
    public Optional<DrawSeed> seed(RoundId id) {
        return jdbc.sql("SELECT seed FROM round WHERE id = ? AND seed IS NOT NULL").param(id.value())
                .query((rs, row) -> DrawSeed.of(rs.getBytes("seed"))).optional();
    }

    public Optional<Round> find(RoundId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM round WHERE id = ?").param(id.value()).query(Rounds::map)
                .optional();
    }

    /** The round with its row locked until the transaction ends: the database's own lock, used without Redis. */
    public Optional<Round> findForUpdate(RoundId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM round WHERE id = ? FOR UPDATE").param(id.value())
                .query(Rounds::map).optional();
    }

    public Round get(RoundId id) {
        return find(id).orElseThrow(() -> new RoundNotFoundException(id));
    }

    /** Rounds, newest first, optionally only those in one status. */
    public List<Round> list(Optional<RoundStatus> status, int limit) {
        return status.map(s -> jdbc.sql("SELECT " + COLUMNS + " FROM round WHERE status = ? ORDER BY id DESC LIMIT ?")
                        .params(s.name(), limit))
                .orElseGet(() -> jdbc.sql("SELECT " + COLUMNS + " FROM round ORDER BY id DESC LIMIT ?").param(limit))
                .query(Rounds::map).list();
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
                .query((rs, row) -> read.sell(shares, token, rs.getLong("version"), instant(rs, "sold_out_at")))
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

    /** SOLD_OUT to DRAWN, version-checked. */
    public Round markDrawn(Round soldOut) {
        Round drawn = soldOut.drawn(soldOut.version() + 1);
        int updated = jdbc.sql("UPDATE round SET status = 'DRAWN', version = version + 1"
                        + " WHERE id = ? AND version = ? AND status = 'SOLD_OUT'")
                .params(soldOut.id().value(), soldOut.version()).update();
        if (updated != 1) {
            throw new StaleRoundException(soldOut.id(), soldOut.version());
        }
        return drawn;
    }

    static Round map(ResultSet rs, int row) throws SQLException {
        return new Round(new RoundId(rs.getLong("id")), new ProductId(rs.getLong("product_id")),
                Money.price(rs.getLong("price_per_share"), rs.getString("currency")), rs.getInt("total_shares"),
                rs.getInt("sold_shares"), RoundStatus.valueOf(rs.getString("status")), rs.getLong("fencing_token"),
                rs.getLong("version"), instant(rs, "opened_at"), instant(rs, "sold_out_at"),
                rs.getString("seed_commitment"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.RoundId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/** The draw table, and the round's allocations as the draw reads them. */
@Repository
public class Draws {

    private final JdbcClient jdbc;

    public Draws(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every allocation of the round, by first number: the input of the formula. */
    public List<Ticket> tickets(RoundId roundId) {
        return jdbc.sql("SELECT first_number, last_number, user_id, biz_id, pos_id FROM allocation"
                        + " WHERE round_id = ? ORDER BY first_number")
                .param(roundId.value())
                .query((rs, row) -> new Ticket(rs.getLong("first_number"), rs.getLong("last_number"),
                        rs.getString("user_id"), rs.getString("biz_id"), rs.getString("pos_id")))
                .list();
    }

    public void insert(Draw draw) {
        jdbc.sql("""
                INSERT INTO draw (round_id, winning_number, winner_user_id, winner_biz_id, winner_pos_id,
                                  allocations_digest, allocation_count, drawn_at, formula)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(draw.roundId().value(), draw.winningNumber(), draw.winnerUserId(), draw.winnerBizId(),
                        draw.winnerPosId(), draw.allocationsDigest(), draw.allocationCount(),
                        Timestamp.from(draw.drawnAt()), draw.formula())
                .update();
    }

    public Optional<Draw> find(RoundId roundId) {
        return jdbc.sql("SELECT * FROM draw WHERE round_id = ?").param(roundId.value())
                .query((rs, row) -> new Draw(roundId, rs.getLong("winning_number"), rs.getString("winner_user_id"),
                        rs.getString("winner_biz_id"), rs.getString("winner_pos_id"),
                        rs.getString("allocations_digest"), rs.getInt("allocation_count"),
                        rs.getTimestamp("drawn_at").toInstant(), rs.getInt("formula")))
                .optional();
    }
}

package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.RoundId;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** The draw table (written once, read whole: Spring Data JDBC), and the round's allocations as the draw reads them. */
@Repository
public class Draws {

    private final DrawRows rows;
    private final JdbcAggregateOperations aggregates;
    private final JdbcClient jdbc;

    Draws(DrawRows rows, JdbcAggregateOperations aggregates, JdbcClient jdbc) {
        this.rows = rows;
        this.aggregates = aggregates;
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

    /** Records the draw; a round is drawn once (its id is the draw's key, so a second insert fails). */
    public void insert(Draw draw) {
        // insert, not save: the id is the round's, so save would take the draw for an existing one and update it.
        aggregates.insert(DrawRow.of(draw));
    }

    public Optional<Draw> find(RoundId roundId) {
        return rows.findById(roundId.value()).map(DrawRow::toDraw);
    }
}

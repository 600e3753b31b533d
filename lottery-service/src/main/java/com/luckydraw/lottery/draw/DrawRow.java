package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.RoundId;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;

/** A {@code draw} row as Spring Data JDBC reads and writes it; {@link Draws} hands out {@link Draw}s. */
@Table("draw")
record DrawRow(@Id long roundId, long winningNumber, String winnerUserId, String winnerBizId, String winnerPosId,
        String allocationsDigest, int allocationCount, Instant drawnAt, int formula) {

    static DrawRow of(Draw d) {
        return new DrawRow(d.roundId().value(), d.winningNumber(), d.winnerUserId(), d.winnerBizId(),
                d.winnerPosId(), d.allocationsDigest(), d.allocationCount(), d.drawnAt(), d.formula());
    }

    Draw toDraw() {
        return new Draw(new RoundId(roundId), winningNumber, winnerUserId, winnerBizId, winnerPosId,
                allocationsDigest, allocationCount, drawnAt, formula);
    }
}

package com.luckydraw.lottery;

import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database keeps the invariants even against code that forgets them. */
@LotteryIntegrationTest
class SchemaIT {

    @Autowired JdbcClient jdbc;
    @Autowired OpeningRound opening;

    @Test
    void databaseRefusesToOversellARound() {
        Round round = Fixtures.openRound(opening, 10);

        assertThatThrownBy(() -> jdbc.sql("UPDATE round SET sold_shares = 11, status = 'SOLD_OUT', sold_out_at = now() WHERE id = ?")
                .param(round.id().value()).update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("round_sold_within_total");
        assertThat(jdbc.sql("SELECT sold_shares FROM round WHERE id = ?").param(round.id().value())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void databaseRefusesOverlappingLuckyNumbers() {
        Round round = Fixtures.openRound(opening, 10);
        insertAllocation(round, 10000001, 10000003);
        insertAllocation(round, 10000004, 10000006);

        // Inside another allocation, across the end of one, sharing a start, sharing an end.
        assertThatThrownBy(() -> insertAllocation(round, 10000002, 10000002))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("allocation_numbers_chained");
        assertThatThrownBy(() -> insertAllocation(round, 10000003, 10000004))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("allocation_numbers_chained");
        assertThatThrownBy(() -> insertAllocation(round, 10000004, 10000008))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("allocation_first_number");
        assertThatThrownBy(() -> insertAllocation(round, 10000005, 10000006))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("allocation_last_number");
        assertThat(jdbc.sql("SELECT count(*) FROM allocation WHERE round_id = ?").param(round.id().value())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void databaseRefusesSkippedLuckyNumbers() {
        Round round = Fixtures.openRound(opening, 10);

        assertThatThrownBy(() -> insertAllocation(round, 10000002, 10000003))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("allocation_numbers_chained");
        insertAllocation(round, 10000001, 10000001);
        assertThatThrownBy(() -> insertAllocation(round, 10000003, 10000004))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("allocation_numbers_chained");
        insertAllocation(round, 10000002, 10000004);
    }

    @Test
    void allocationsInsertedTogetherMayChainToEachOther() {
        Round round = Fixtures.openRound(opening, 10);

        int inserted = jdbc.sql("""
                INSERT INTO allocation (round_id, user_id, biz_id, pos_id, order_id, shares, first_number, last_number,
                                        request_hash)
                SELECT ?, 'u-1', 'together-' || gen_random_uuid(), 'pos-1', gen_random_uuid(), 2, n, n + 1, 'h'
                  FROM generate_series(10000001, 10000009, 2) AS n
                """).param(round.id().value()).update();

        assertThat(inserted).isEqualTo(5);
    }

    @Test
    void databaseRefusesAnOpenRoundWithoutSharesLeft() {
        Round round = Fixtures.openRound(opening, 10);

        assertThatThrownBy(() -> jdbc.sql("UPDATE round SET sold_shares = 10 WHERE id = ?")
                .param(round.id().value()).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("round_open_while_shares_left");
    }

    private void insertAllocation(Round round, long first, long last) {
        String biz = "schema-" + UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO allocation (round_id, user_id, biz_id, pos_id, order_id, shares, first_number,
                                        last_number, request_hash)
                VALUES (?, 'u-1', ?, 'pos-1', ?, ?, ?, ?, 'h')
                """).params(round.id().value(), biz, UUID.randomUUID(), (int) (last - first + 1), first, last)
                .update();
    }
}

package com.luckydraw.lottery;

import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.lottery.allocation.Allocation;
import com.luckydraw.lottery.allocation.AllocationOutcome;
import com.luckydraw.lottery.allocation.AllocationOutcome.Allocated;
import com.luckydraw.lottery.allocation.AllocationOutcome.Rejected;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the answers of a race for one round must show, whoever answered them. */
public record Outcomes(List<Allocated> allocated, List<Rejected> rejected) {

    public static Outcomes of(List<AllocationOutcome> outcomes) {
        return new Outcomes(outcomes.stream().filter(Allocated.class::isInstance).map(Allocated.class::cast).toList(),
                outcomes.stream().filter(Rejected.class::isInstance).map(Rejected.class::cast).toList());
    }

    public int sharesSold() {
        return allocated.stream().mapToInt(a -> a.allocation().shares()).sum();
    }

    /**
     * Exactly {@code total} shares sold, every number 10000001.. given once, each allocation's numbers contiguous
     * and as many as its shares, every other request rejected for lack of shares; and the database agrees.
     */
    public void assertSoldOutExactly(long roundId, int total, JdbcClient jdbc) {
        assertThat(sharesSold()).isEqualTo(total);
        assertThat(allocated).allSatisfy(a -> {
            Allocation x = a.allocation();
            assertThat(x.lastNumber() - x.firstNumber() + 1).isEqualTo(x.shares())
                    .isEqualTo(a.request().shares());
        });
        assertThat(allocated.stream().flatMap(a -> LongStream.rangeClosed(a.allocation().firstNumber(),
                a.allocation().lastNumber()).boxed()))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(10000001, 10000001 + total).boxed().toList());
        assertThat(rejected).allSatisfy(r -> assertThat(r.reason())
                .isIn(AllocationRejection.SOLD_OUT, AllocationRejection.NOT_ENOUGH_SHARES));
        assertThat(jdbc.sql("SELECT sold_shares FROM round WHERE id = ?").param(roundId).query(Integer.class)
                .single()).isEqualTo(total);
        assertThat(jdbc.sql("SELECT coalesce(sum(shares), 0) FROM allocation WHERE round_id = ?").param(roundId)
                .query(Integer.class).single()).isEqualTo(total);
        assertThat(jdbc.sql("SELECT count(*) FROM allocation WHERE round_id = ?").param(roundId)
                .query(Integer.class).single()).isEqualTo(allocated.size());
        assertThat(jdbc.sql("SELECT count(*) FROM draw WHERE round_id = ?").param(roundId).query(Integer.class)
                .single()).isEqualTo(1);
    }
}

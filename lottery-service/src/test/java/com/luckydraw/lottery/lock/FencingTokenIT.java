package com.luckydraw.lottery.lock;

import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.allocation.AllocatingShares;
import com.luckydraw.lottery.allocation.AllocationOutcome;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.lottery.round.StaleFencingTokenException;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A writer whose lock expired cannot write after a newer holder: the round's row refuses its older token. */
@LotteryIntegrationTest
class FencingTokenIT {

    @Autowired RedissonClient redisson;
    @Autowired RoundLocks locks;
    @Autowired Rounds rounds;
    @Autowired OpeningRound opening;
    @Autowired AllocatingShares allocating;
    @Autowired JdbcClient jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired MeterRegistry meters;

    @Test
    void holderWhoseLockExpiredIsRefusedWithAStaleTokenAndWritesNothing() {
        Round round = Fixtures.openRound(opening, 10);
        RFencedLock lock = redisson.getFencedLock(locks.name(round.id()));
        // The old holder: a lease so short that it runs out while the holder "pauses".
        Long oldToken = lock.tryLockAndGetToken(0, 200, TimeUnit.MILLISECONDS);
        Round readByOldHolder = rounds.get(round.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> !lock.isLocked());
        // The new holder takes the free lock and sells.
        Long newToken = lock.tryLockAndGetToken(0, 10_000, TimeUnit.MILLISECONDS);
        Round readByNewHolder = rounds.get(round.id());
        Round afterNewSale = inTransaction(() -> rounds.applySale(readByNewHolder, 2, newToken)).orElseThrow();
        lock.unlock();

        // The old holder wakes up and writes what it decided from its (now stale) read, with its token; even a
        // fresh read does not help it: its token is older than the row's.
        Round freshRead = rounds.get(round.id());
        assertThatThrownBy(() -> inTransaction(() -> rounds.applySale(freshRead, 1, oldToken)))
                .isInstanceOfSatisfying(StaleFencingTokenException.class, e -> {
                    assertThat(e.roundId()).isEqualTo(round.id());
                    assertThat(e.token()).isEqualTo(oldToken);
                    assertThat(e.currentToken()).isEqualTo(newToken);
                });
        assertThatThrownBy(() -> inTransaction(() -> rounds.applySale(readByOldHolder, 1, oldToken)))
                .isInstanceOf(StaleFencingTokenException.class);

        Round now = rounds.get(round.id());
        assertThat(oldToken).isLessThan(newToken);
        assertThat(now.soldShares()).isEqualTo(2);
        assertThat(now.fencingToken()).isEqualTo(newToken);
        assertThat(now.version()).isEqualTo(afterNewSale.version());
        assertThat(jdbc.sql("SELECT count(*) FROM allocation WHERE round_id = ?").param(round.id().value())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void tokenCounterBehindTheRowIsRaisedAndTheAllocationGoesOnUnderTheRowLock() {
        Round round = Fixtures.openRound(opening, 10);
        // As if Redis had restarted without persistence: the row carries a token the counter has not reached.
        long rowToken = 1_000_000_000L;
        jdbc.sql("UPDATE round SET fencing_token = ? WHERE id = ?").params(rowToken, round.id().value()).update();
        double staleBefore = meters.counter("luckydraw.lottery.lock.failures", "reason", "stale-token").count();

        List<AllocationOutcome> outcomes = allocating.allocate(List.of(
                Fixtures.allocate(round, Fixtures.run() + "-behind", "ann", 4)));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(AllocationOutcome.Allocated.class,
                a -> assertThat(a.allocation().firstNumber()).isEqualTo(10000001L));
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(4);
        assertThat(meters.counter("luckydraw.lottery.lock.failures", "reason", "stale-token").count())
                .isEqualTo(staleBefore + 1);
        RoundLock next = inTransaction(() -> locks.acquire(round.id()));
        assertThat(next).isInstanceOfSatisfying(RoundLock.Fenced.class,
                f -> assertThat(f.token()).isGreaterThan(rowToken));
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return new TransactionTemplate(transactions).execute(status -> work.get());
    }
}

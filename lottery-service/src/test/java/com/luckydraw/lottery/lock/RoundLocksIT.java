package com.luckydraw.lottery.lock;

import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.RoundId;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The round lock on the real Redis: held for exactly one transaction (released after commit and after rollback),
 * queued within the instance, and each holder gets a newer fencing token than the one before.
 */
@LotteryIntegrationTest
class RoundLocksIT {

    @Autowired RoundLocks locks;
    @Autowired RedissonClient redisson;
    @Autowired OpeningRound opening;
    @Autowired PlatformTransactionManager transactions;
    @Autowired MeterRegistry meters;

    private RoundId newRound() {
        return Fixtures.openRound(opening, 10).id();
    }

    private RoundLock lockInTransaction(RoundId round, boolean rollback) {
        return new TransactionTemplate(transactions).execute(status -> {
            RoundLock lock = locks.acquire(round);
            assertThat(redisson.getFencedLock(locks.name(round)).isLocked()).isTrue();
            if (rollback) {
                status.setRollbackOnly();
            }
            return lock;
        });
    }

    private double timeouts() {
        return meters.counter("luckydraw.lottery.lock.failures", "reason", "wait-timeout").count();
    }

    @Test
    void lockIsReleasedAfterCommitAndAfterRollbackAndEveryHolderGetsANewerToken() throws Exception {
        RoundId round = newRound();
        double timeoutsBefore = timeouts();

        RoundLock committed = lockInTransaction(round, false);
        boolean freeAfterCommit = !redisson.getFencedLock(locks.name(round)).isLocked();
        // Another thread: a lock still held by the first (locally or on Redis) would make it wait and time out.
        RoundLock rolledBack = CompletableFuture.supplyAsync(() -> lockInTransaction(round, true))
                .get(30, TimeUnit.SECONDS);
        boolean freeAfterRollback = !redisson.getFencedLock(locks.name(round)).isLocked();
        long start = System.nanoTime();
        RoundLock next = CompletableFuture.supplyAsync(() -> lockInTransaction(round, false)).get(30, TimeUnit.SECONDS);
        Duration third = Duration.ofNanos(System.nanoTime() - start);

        assertThat(freeAfterCommit).isTrue();
        assertThat(freeAfterRollback).isTrue();
        assertThat(committed).isInstanceOf(RoundLock.Fenced.class);
        assertThat(rolledBack).isInstanceOf(RoundLock.Fenced.class);
        assertThat(next).isInstanceOf(RoundLock.Fenced.class);
        long t1 = ((RoundLock.Fenced) committed).token();
        long t2 = ((RoundLock.Fenced) rolledBack).token();
        long t3 = ((RoundLock.Fenced) next).token();
        assertThat(t1).isLessThan(t2);
        assertThat(t2).isLessThan(t3);
        assertThat(third).isLessThan(Duration.ofSeconds(2));
        assertThat(timeouts()).isEqualTo(timeoutsBefore);
    }

    @Test
    void secondThreadOfTheInstanceWaitsForTheFirstsTransactionToEnd() throws Exception {
        RoundId round = newRound();
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        AtomicReference<RoundLock> firstLock = new AtomicReference<>();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(status -> {
                    firstLock.set(locks.acquire(round));
                    firstHolds.countDown();
                    await().atMost(Duration.ofSeconds(30)).until(() -> firstMayCommit.getCount() == 0);
                }));
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();

        AtomicReference<RoundLock> secondLock = new AtomicReference<>();
        Thread second = new Thread(() -> secondLock.set(lockInTransaction(round, false)), "second-holder");
        second.start();
        // The second thread parks on the instance's queue for the round (not on Redis) while the first holds it.
        await().atMost(Duration.ofSeconds(2)).until(() -> second.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(second.getStackTrace()).anyMatch(f -> f.getClassName().endsWith("ReentrantLock")));
        assertThat(secondLock.get()).isNull();
        firstMayCommit.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(firstLock.get()).isInstanceOf(RoundLock.Fenced.class);
        assertThat(secondLock.get()).isInstanceOfSatisfying(RoundLock.Fenced.class, s -> assertThat(s.token())
                .isGreaterThan(((RoundLock.Fenced) firstLock.get()).token()));
        assertThat(redisson.getFencedLock(locks.name(round)).isLocked()).isFalse();
    }

    @Test
    void lockIsOnlyTakenInsideATransaction() {
        RoundId round = newRound();

        assertThatThrownBy(() -> locks.acquire(round)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside one");
        assertThat(redisson.getFencedLock(locks.name(round)).isLocked()).isFalse();
    }
}

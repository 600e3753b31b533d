package com.luckydraw.lottery.lock;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LockFigures;
import com.luckydraw.lottery.LotteryInstance;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.Outcomes;
import com.luckydraw.lottery.allocation.AllocatingShares;
import com.luckydraw.lottery.allocation.AllocationOutcome;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundId;
import com.luckydraw.testing.PrivateRedis;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis dies in the middle of a hot round. The instance under test locks on a redis-server of this test's own
 * (killed and restarted here; the shared Redis is never touched) and shares the database with the tests' context.
 */
@LotteryIntegrationTest
class RedisOutageIT {

    private static PrivateRedis redis;
    private static LotteryInstance instance;

    @Autowired OpeningRound opening;
    @Autowired JdbcClient jdbc;
    @Autowired AllocatingShares sharedAllocating;
    @Autowired MeterRegistry sharedMeters;

    @BeforeAll
    static void start() {
        redis = PrivateRedis.start();
        instance = LotteryInstance.start(Map.of(
                "spring.data.redis.port", Integer.toString(redis.port()),
                "luckydraw.lottery.lock.wait", "1s",
                "luckydraw.lottery.lock.redis-retry-after", "500ms"));
    }

    @AfterAll
    static void stop() {
        instance.close();
        redis.close();
    }

    @Test
    void redisKilledInTheMiddleOfARaceStillSellsExactlyTheRoundAndHealthShowsRedisDown() throws Exception {
        Round round = Fixtures.openRound(opening, 150);
        String run = Fixtures.run();
        List<AllocateShares> commands = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            commands.add(Fixtures.allocate(round, run + "-" + i, "user-" + (i % 31), 1 + i % 2));
        }
        AllocatingShares allocating = instance.bean(AllocatingShares.class);
        MeterRegistry meters = instance.bean(MeterRegistry.class);
        assertThat(redisHealth().get("status").asString()).isEqualTo("UP");
        LockFigures before = LockFigures.of(meters);
        AtomicInteger done = new AtomicInteger();
        CountDownLatch redisKilled = new CountDownLatch(1);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<AllocationOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            AllocateShares command = commands.get(i);
            boolean afterKill = i >= 150; // the second half surely meets a dead Redis
            futures.add(pool.submit(() -> {
                if (afterKill) {
                    redisKilled.await();
                }
                AllocationOutcome outcome = allocating.allocate(List.of(command)).get(0);
                done.incrementAndGet();
                return outcome;
            }));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> done.get() >= 50);
        int doneAtKill = done.get();
        redis.kill(); // while the first half is still in flight, some of it holding the round's Redis lock
        redisKilled.countDown();
        List<AllocationOutcome> outcomes = new ArrayList<>();
        for (Future<AllocationOutcome> f : futures) {
            outcomes.add(f.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();

        Outcomes answered = Outcomes.of(outcomes);
        LockFigures figures = LockFigures.of(meters).since(before);
        JsonNode down = redisHealth();
        System.out.printf("RACE redis-killed: killed after %d of 300 answers; %d shares sold in %d allocations, %d"
                + " rejected; %s%n", doneAtKill, answered.sharesSold(), answered.allocated().size(),
                answered.rejected().size(), figures);
        answered.assertSoldOutExactly(round.id().value(), 150, jdbc);
        assertThat(figures.locks()).isEqualTo(300);
        assertThat(figures.unavailable()).isPositive();
        assertThat(down.get("status").asString()).isEqualTo("DOWN");
        assertThat(down.get("details").get("roundLocks").asString()).contains("database row locks");
        assertThat(http().get().uri("/actuator/health/readiness").retrieve().body(JsonNode.class).get("status")
                .asString()).as("Redis is not part of readiness").isEqualTo("UP");

        // Without Redis the instance's own lock is still released after commit and after rollback: the next
        // thread gets on at once instead of waiting out the lock's wait time.
        RoundId other = Fixtures.openRound(opening, 10).id();
        double timeoutsBefore = LockFigures.of(meters).timeouts();
        RoundLock committed = lockOn(other, false);
        RoundLock rolledBack = CompletableFuture.supplyAsync(() -> lockOn(other, true)).get(30, TimeUnit.SECONDS);
        RoundLock next = CompletableFuture.supplyAsync(() -> lockOn(other, false)).get(30, TimeUnit.SECONDS);
        assertThat(List.of(committed, rolledBack, next)).allSatisfy(l -> assertThat(l)
                .isInstanceOfSatisfying(RoundLock.DatabaseOnly.class, d -> assertThat(d.why()).contains("Redis")));
        assertThat(LockFigures.of(meters).timeouts()).isEqualTo(timeoutsBefore);

        // Redis back: health says so, and locks are fenced again.
        redis.startAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(redisHealth().get("status").asString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> lockOn(other, false) instanceof RoundLock.Fenced);
        List<AllocationOutcome> afterwards = allocating.allocate(List.of(
                Fixtures.allocate(other.value(), run + "-back", "pos-1", "ann", 2, Fixtures.PRICE)));
        assertThat(afterwards).singleElement().isInstanceOf(AllocationOutcome.Allocated.class);
    }

    @Test
    void roundLockHeldElsewhereBeyondTheWaitFallsBackToTheRowLockAndStillSellsCorrectly() throws Exception {
        Round round = Fixtures.openRound(opening, 10);
        RoundLocks locks = instance.bean(RoundLocks.class);
        RFencedLock lock = instance.bean(RedissonClient.class).getFencedLock(locks.name(round.id()));
        // Another holder (another thread, as another instance would be) keeps the round's Redis lock.
        Long held = CompletableFuture.supplyAsync(() -> lock.tryLockAndGetToken(0, 30_000, TimeUnit.MILLISECONDS))
                .get(30, TimeUnit.SECONDS);
        MeterRegistry meters = instance.bean(MeterRegistry.class);
        LockFigures before = LockFigures.of(meters);

        long start = System.nanoTime();
        List<AllocationOutcome> outcomes = instance.bean(AllocatingShares.class).allocate(List.of(
                Fixtures.allocate(round, Fixtures.run() + "-busy", "ann", 3)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        lock.forceUnlock();

        assertThat(held).isNotNull();
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(AllocationOutcome.Allocated.class,
                a -> assertThat(a.allocation().firstNumber()).isEqualTo(10000001L));
        assertThat(LockFigures.of(meters).since(before).timeouts()).isEqualTo(1);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)); // the configured wait
        assertThat(jdbc.sql("SELECT sold_shares FROM round WHERE id = ?").param(round.id().value())
                .query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void twoInstancesWhoseRedisLocksDoNotExcludeEachOtherStillNeverOversell() throws Exception {
        // Split brain: the tests' context locks on the shared Redis, the instance on its private one, so both hold
        // "the" round's lock at once. Only the database's conditional update and the fencing tokens stand between
        // them and an oversell.
        Round round = Fixtures.openRound(opening, 100);
        String run = Fixtures.run();
        List<AllocateShares> commands = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            commands.add(Fixtures.allocate(round, run + "-" + i, "user-" + (i % 19), 1 + i % 2));
        }
        MeterRegistry instanceMeters = instance.bean(MeterRegistry.class);
        LockFigures sharedBefore = LockFigures.of(sharedMeters);
        LockFigures privateBefore = LockFigures.of(instanceMeters);

        ExecutorService pool = Executors.newFixedThreadPool(commands.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AllocationOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            AllocateShares command = commands.get(i);
            AllocatingShares by = i % 2 == 0 ? sharedAllocating : instance.bean(AllocatingShares.class);
            futures.add(pool.submit(() -> {
                go.await();
                return by.allocate(List.of(command)).get(0);
            }));
        }
        go.countDown();
        List<AllocationOutcome> outcomes = new ArrayList<>();
        for (Future<AllocationOutcome> f : futures) {
            outcomes.add(f.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();

        Outcomes answered = Outcomes.of(outcomes);
        System.out.printf("RACE split-brain: %d shares sold in %d allocations, %d rejected; shared Redis: %s;"
                + " private Redis: %s%n", answered.sharesSold(), answered.allocated().size(),
                answered.rejected().size(), LockFigures.of(sharedMeters).since(sharedBefore),
                LockFigures.of(instanceMeters).since(privateBefore));
        answered.assertSoldOutExactly(round.id().value(), 100, jdbc);
    }

    private RoundLock lockOn(RoundId round, boolean rollback) {
        return new TransactionTemplate(instance.bean(PlatformTransactionManager.class)).execute(status -> {
            RoundLock lock = instance.bean(RoundLocks.class).acquire(round);
            if (rollback) {
                status.setRollbackOnly();
            }
            return lock;
        });
    }

    private static RestClient http() {
        return RestClient.builder().baseUrl("http://localhost:" + instance.port())
                // Health shows its components (redis among them) to the admin only.
                .defaultHeaders(headers -> headers.setBasicAuth("test-admin", "test-password"))
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    private static JsonNode redisHealth() {
        return http().get().uri("/actuator/health").retrieve().body(JsonNode.class).get("components").get("redis");
    }
}

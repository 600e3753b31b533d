package com.luckydraw.lottery.lock;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LockFigures;
import com.luckydraw.lottery.LotteryInstance;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.Outcomes;
import com.luckydraw.lottery.SentinelRedis;
import com.luckydraw.lottery.allocation.AllocatingShares;
import com.luckydraw.lottery.allocation.AllocationOutcome;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundId;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one hot round, their round locks on a Redis master with a replica, watched by three Sentinels
 * (infra/bin/redis-ha, ports of the test's own). The master is killed in the middle of the race: the instances fall
 * back to database row locks while the Sentinels promote the replica, then find the new master through them and lock
 * on Redis again, without a restart.
 */
@LotteryIntegrationTest
class RedisSentinelFailoverIT {

    private static SentinelRedis redis;
    private static List<LotteryInstance> instances;

    @Autowired OpeningRound opening;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void start() {
        redis = SentinelRedis.start();
        Map<String, String> sentinel = Map.of(
                "spring.data.redis.sentinel.master", SentinelRedis.MASTER_NAME,
                "spring.data.redis.sentinel.nodes", redis.sentinels(),
                "luckydraw.lottery.lock.wait", "1s",
                "luckydraw.lottery.lock.redis-retry-after", "500ms");
        instances = List.of(LotteryInstance.start(sentinel), LotteryInstance.start(sentinel));
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.forEach(LotteryInstance::close);
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theRedisMasterKilledMidRaceOfTwoInstancesSellsTheRoundExactlyAndLocksMoveToThePromotedReplica()
            throws Exception {
        Round round = Fixtures.openRound(opening, 150);
        String run = Fixtures.run();
        List<AllocateShares> commands = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            commands.add(Fixtures.allocate(round, run + "-" + i, "user-" + (i % 31), 1 + i % 2));
        }
        for (LotteryInstance instance : instances) {
            assertThat(redisHealth(instance).get("status").asString()).isEqualTo("UP");
        }
        List<LockFigures> before = instances.stream().map(i -> LockFigures.of(i.bean(MeterRegistry.class))).toList();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch masterKilled = new CountDownLatch(1);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<AllocationOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            AllocateShares command = commands.get(i);
            AllocatingShares by = instances.get(i % 2).bean(AllocatingShares.class);
            boolean afterKill = i >= 150; // the second half surely meets the failover
            futures.add(pool.submit(() -> {
                if (afterKill) {
                    masterKilled.await();
                }
                AllocationOutcome outcome = by.allocate(List.of(command)).get(0);
                done.incrementAndGet();
                return outcome;
            }));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> done.get() >= 50);
        int doneAtKill = done.get();
        int oldMasterPort = redis.masterPort();
        int oldMaster = redis.serverOn(oldMasterPort);
        redis.kill(oldMaster); // while the first half is in flight, some of it holding the round's Redis lock
        long killedAt = System.nanoTime();
        masterKilled.countDown();
        // No command is left hanging: each is answered, allocated or refused for want of shares.
        List<AllocationOutcome> outcomes = new ArrayList<>();
        for (Future<AllocationOutcome> f : futures) {
            outcomes.add(f.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();

        Outcomes answered = Outcomes.of(outcomes);
        answered.assertSoldOutExactly(round.id().value(), 150, jdbc);

        await("the Sentinels promote the replica").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> redis.masterPort() != oldMasterPort);
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        RoundId next = Fixtures.openRound(opening, 10).id();
        for (LotteryInstance instance : instances) {
            await("health UP through the new master").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> "UP".equals(redisHealth(instance).get("status").asString()));
            // Without a restart, the instance finds the new master through the Sentinels and locks on Redis again.
            await("fenced Redis locks again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> lockOn(instance, next) instanceof RoundLock.Fenced);
        }
        Duration locksBack = Duration.ofNanos(System.nanoTime() - killedAt);
        List<AllocationOutcome> afterwards = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            afterwards.addAll(instances.get(i).bean(AllocatingShares.class).allocate(List.of(
                    Fixtures.allocate(next.value(), run + "-after-" + i, "pos-1", "ann", 2, Fixtures.PRICE))));
        }
        assertThat(afterwards).hasSize(2).allMatch(AllocationOutcome.Allocated.class::isInstance);

        // The killed server comes back as the new master's replica.
        redis.startAgain(oldMaster);
        assertThat(redis.masterPort()).isNotEqualTo(oldMasterPort);

        List<String> figures = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            figures.add("instance " + (i + 1) + ": "
                    + LockFigures.of(instances.get(i).bean(MeterRegistry.class)).since(before.get(i)));
        }
        System.out.printf("RACE sentinel-failover: master killed after %d of 300 answers; %d shares sold in %d"
                + " allocations, %d rejected; replica promoted after %.1f s, both instances on fenced Redis locks"
                + " again after %.1f s; %s%n", doneAtKill, answered.sharesSold(), answered.allocated().size(),
                answered.rejected().size(), failover.toMillis() / 1000.0, locksBack.toMillis() / 1000.0, figures);
    }

    private static RoundLock lockOn(LotteryInstance instance, RoundId round) {
        return new TransactionTemplate(instance.bean(PlatformTransactionManager.class))
                .execute(status -> instance.bean(RoundLocks.class).acquire(round));
    }

    private static JsonNode redisHealth(LotteryInstance instance) {
        return RestClient.builder().baseUrl("http://localhost:" + instance.port())
                // Health shows its components (redis among them) to the admin only.
                .defaultHeaders(headers -> headers.setBasicAuth("test-admin", "test-password"))
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build()
                .get().uri("/actuator/health").retrieve().body(JsonNode.class).get("components").get("redis");
    }
}

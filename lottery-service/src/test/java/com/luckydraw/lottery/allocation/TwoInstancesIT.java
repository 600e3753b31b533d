package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LockFigures;
import com.luckydraw.lottery.LotteryInstance;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.Outcomes;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service (the tests' context and a second application context with its own pool, Redisson
 * client and local locks) selling one round at the same time, on the same PostgreSQL and Redis.
 */
@LotteryIntegrationTest
class TwoInstancesIT {

    private static LotteryInstance second;

    @Autowired AllocatingShares first;
    @Autowired MeterRegistry firstMeters;
    @Autowired OpeningRound opening;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void startSecondInstance() {
        second = LotteryInstance.start(Map.of());
    }

    @AfterAll
    static void stopSecondInstance() {
        second.close();
    }

    @Test
    void twoInstancesRacingForOneRoundNeverOversell() throws Exception {
        Round round = Fixtures.openRound(opening, 100);
        String run = Fixtures.run();
        List<AllocateShares> commands = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            commands.add(Fixtures.allocate(round, run + "-" + i, "user-" + (i % 23), 1 + i % 2));
        }
        LockFigures firstBefore = LockFigures.of(firstMeters);
        LockFigures secondBefore = LockFigures.of(second.bean(MeterRegistry.class));

        // Even requests to the first instance, odd ones to the second: 100 threads each, released together.
        List<AllocationOutcome> outcomes = race(commands,
                i -> i % 2 == 0 ? first : second.bean(AllocatingShares.class));

        Outcomes answered = Outcomes.of(outcomes);
        LockFigures firstFigures = LockFigures.of(firstMeters).since(firstBefore);
        LockFigures secondFigures = LockFigures.of(second.bean(MeterRegistry.class)).since(secondBefore);
        System.out.printf("RACE two-instances: %d shares sold in %d allocations, %d rejected; first: %s; second: %s%n",
                answered.sharesSold(), answered.allocated().size(), answered.rejected().size(), firstFigures,
                secondFigures);
        answered.assertSoldOutExactly(round.id().value(), 100, jdbc);
        assertThat(answered.allocated().size() + answered.rejected().size()).isEqualTo(200);
        // Both instances sold: the round's lock really was contended across them.
        assertThat(IntStream.range(0, outcomes.size()).filter(i -> outcomes.get(i) instanceof AllocationOutcome.Allocated)
                .map(i -> i % 2).distinct().boxed()).containsExactlyInAnyOrder(0, 1);
        // One lock acquisition per request on each side (the first also serves the Kafka listener, hence "at least").
        assertThat(firstFigures.locks()).isGreaterThanOrEqualTo(100);
        assertThat(secondFigures.locks()).isEqualTo(100);
    }

    @Test
    void oneRequestDeliveredToBothInstancesAtOnceIsAllocatedOnce() throws Exception {
        Round round = Fixtures.openRound(opening, 1000);
        String run = Fixtures.run();
        List<AllocateShares> commands = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AllocateShares command = Fixtures.allocate(round, run + "-" + i, "user-" + i, 3);
            commands.add(command);
            commands.add(command); // the same record, consumed by both instances (a rebalance, a resend)
        }

        List<AllocationOutcome> outcomes = race(commands,
                i -> i % 2 == 0 ? first : second.bean(AllocatingShares.class));

        for (int i = 0; i < commands.size(); i += 2) {
            AllocationOutcome a = outcomes.get(i);
            AllocationOutcome b = outcomes.get(i + 1);
            assertThat(a).isInstanceOf(AllocationOutcome.Allocated.class);
            assertThat(b).isInstanceOf(AllocationOutcome.Allocated.class);
            assertThat(((AllocationOutcome.Allocated) a).allocation())
                    .isEqualTo(((AllocationOutcome.Allocated) b).allocation());
            assertThat(a.repeat() != b.repeat()).as("exactly one of the two made the allocation").isTrue();
        }
        assertThat(jdbc.sql("SELECT sold_shares FROM round WHERE id = ?").param(round.id().value())
                .query(Integer.class).single()).isEqualTo(120);
        assertThat(jdbc.sql("SELECT count(*) FROM allocation WHERE round_id = ?").param(round.id().value())
                .query(Integer.class).single()).isEqualTo(40);
    }

    private static List<AllocationOutcome> race(List<AllocateShares> commands,
            java.util.function.IntFunction<AllocatingShares> instanceOf) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(commands.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AllocationOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                AllocateShares command = commands.get(i);
                AllocatingShares instance = instanceOf.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return instance.allocate(List.of(command)).get(0);
                }));
            }
            start.countDown();
            List<AllocationOutcome> outcomes = new ArrayList<>();
            for (Future<AllocationOutcome> f : futures) {
                outcomes.add(f.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}

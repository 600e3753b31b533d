package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LockFigures;
import com.luckydraw.lottery.Outcomes;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.allocation.AllocationOutcome.Allocated;
import com.luckydraw.lottery.allocation.AllocationOutcome.Rejected;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundStatus;
import com.luckydraw.lottery.round.Rounds;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The allocation use case, called directly by racing threads as the listener's batches call it. */
@LotteryIntegrationTest
class AllocatingSharesIT {

    @Autowired AllocatingShares allocating;
    @Autowired OpeningRound opening;
    @Autowired Rounds rounds;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;

    @Test
    void twoHundredConcurrentRequestsSellExactlyTheHundredShares() throws Exception {
        Round round = Fixtures.openRound(opening, 100);
        String run = Fixtures.run();
        List<AllocateShares> commands = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // One or two shares each: 300 asked for, and the 100 single-share requests alone could sell the round.
            commands.add(Fixtures.allocate(round, run + "-" + i, "user-" + (i % 17), 1 + i % 2));
        }
        LockFigures before = LockFigures.of(meters);

        List<AllocationOutcome> outcomes = race(commands, 200);

        Outcomes answered = Outcomes.of(outcomes);
        LockFigures figures = LockFigures.of(meters).since(before);
        System.out.printf("RACE one-instance: %d shares sold in %d allocations, %d rejected; %s%n",
                answered.sharesSold(), answered.allocated().size(), answered.rejected().size(), figures);
        answered.assertSoldOutExactly(round.id().value(), 100, jdbc);
        assertThat(answered.allocated().size() + answered.rejected().size()).isEqualTo(200);
        assertThat(rounds.get(round.id()).status()).isEqualTo(RoundStatus.DRAWN);
        assertThat(figures.locks()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void eachRequestGetsAllItsSharesOrNone() {
        Round round = Fixtures.openRound(opening, 10);
        String run = Fixtures.run();

        List<AllocationOutcome> outcomes = allocating.allocate(List.of(
                Fixtures.allocate(round, run + "-a", "ann", 4),
                Fixtures.allocate(round, run + "-b", "bob", 4),
                Fixtures.allocate(round, run + "-c", "cid", 4),
                Fixtures.allocate(round, run + "-d", "dan", 2)));

        assertThat(numbers(outcomes.get(0))).containsExactly(10000001L, 10000004L);
        assertThat(numbers(outcomes.get(1))).containsExactly(10000005L, 10000008L);
        assertThat(((Rejected) outcomes.get(2)).reason()).isEqualTo(AllocationRejection.NOT_ENOUGH_SHARES);
        assertThat(((Rejected) outcomes.get(2)).detail()).contains("2 left");
        assertThat(numbers(outcomes.get(3))).containsExactly(10000009L, 10000010L);
        assertThat(rounds.get(round.id()).status()).isEqualTo(RoundStatus.DRAWN);
        assertThat(soldInAllocations(round)).isEqualTo(10);
    }

    @Test
    void duplicateDeliveryGetsTheOriginalAllocationAgain() throws Exception {
        Round round = Fixtures.openRound(opening, 50);
        String biz = Fixtures.run() + "-dup";
        AllocateShares original = Fixtures.allocate(round, biz, "ann", 3);
        // The same purchase delivered again: a redelivery keeps the message id, a resend gets a new one.
        AllocateShares resend = Fixtures.allocate(round, biz, "ann", 3);

        List<AllocationOutcome> racing = race(List.of(original, resend, original, resend), 4);
        List<AllocationOutcome> later = allocating.allocate(List.of(resend, resend));

        List<Allocation> seen = new ArrayList<>();
        racing.forEach(o -> seen.add(((Allocated) o).allocation()));
        later.forEach(o -> seen.add(((Allocated) o).allocation()));
        assertThat(seen).extracting(Allocation::firstNumber).containsOnly(10000001L);
        assertThat(racing.stream().filter(o -> !o.repeat())).hasSize(1);
        assertThat(later).allMatch(AllocationOutcome::repeat);
        // Every answer's reply is the first one again, but for its message id.
        var firstReply = racing.get(0).reply();
        assertThat(java.util.stream.Stream.concat(racing.stream(), later.stream()).map(AllocationOutcome::reply))
                .allSatisfy(r -> assertThat(r).usingRecursiveComparison().ignoringFields("messageId")
                        .isEqualTo(firstReply));
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(3);
        assertThat(soldInAllocations(round)).isEqualTo(3);
    }

    @Test
    void sameKeyWithAnotherPayloadIsAConflictAndChangesNothing() {
        Round round = Fixtures.openRound(opening, 50);
        String biz = Fixtures.run() + "-conflict";
        allocating.allocate(List.of(Fixtures.allocate(round, biz, "ann", 3)));

        List<AllocationOutcome> outcomes = allocating.allocate(List.of(
                Fixtures.allocate(round, biz, "ann", 5),
                Fixtures.allocate(round, biz, "eve", 3),
                Fixtures.allocate(round, biz, "ann", 3)));

        assertThat(((Rejected) outcomes.get(0)).reason()).isEqualTo(AllocationRejection.IDEMPOTENCY_CONFLICT);
        assertThat(((Rejected) outcomes.get(1)).reason()).isEqualTo(AllocationRejection.IDEMPOTENCY_CONFLICT);
        assertThat(outcomes.get(2)).isInstanceOf(Allocated.class);
        assertThat(outcomes.get(2).repeat()).isTrue();
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM allocation_rejection WHERE biz_id = ?").param(biz)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void keyRejectedAsSoldOutIsRejectedAgainAfterTheProductReopens() {
        Round round = Fixtures.openRound(opening, 2, true);
        String run = Fixtures.run();
        AllocateShares late = Fixtures.allocate(round, run + "-late", "bob", 1);

        List<AllocationOutcome> first = allocating.allocate(List.of(
                Fixtures.allocate(round, run + "-all", "ann", 2), late));
        Round next = rounds.list(java.util.Optional.of(RoundStatus.OPEN), 1000).stream()
                .filter(r -> r.productId().equals(round.productId())).findFirst().orElseThrow();
        List<AllocationOutcome> again = allocating.allocate(List.of(late));

        assertThat(((Rejected) first.get(1)).reason()).isEqualTo(AllocationRejection.SOLD_OUT);
        assertThat(((Rejected) again.get(0)).reason()).isEqualTo(AllocationRejection.SOLD_OUT);
        assertThat(again.get(0).repeat()).isTrue();
        assertThat(rounds.get(round.id()).status()).isEqualTo(RoundStatus.DRAWN);
        assertThat(next.id()).isNotEqualTo(round.id());
        assertThat(rounds.get(next.id()).soldShares()).isZero();
    }

    @Test
    void unknownRoundAndWrongPriceAreRejectedAndRemembered() {
        Round round = Fixtures.openRound(opening, 10);
        String run = Fixtures.run();
        AllocateShares unknown = Fixtures.allocate(Long.MAX_VALUE, run + "-unknown", "pos-1", "ann", 1, Fixtures.PRICE);
        AllocateShares cheap = Fixtures.allocate(round.id().value(), run + "-cheap", "pos-1", "ann", 1, 99);

        List<AllocationOutcome> outcomes = allocating.allocate(List.of(unknown, cheap));
        List<AllocationOutcome> repeated = allocating.allocate(List.of(unknown, cheap));

        assertThat(outcomes).extracting(o -> ((Rejected) o).reason())
                .containsExactly(AllocationRejection.UNKNOWN_ROUND, AllocationRejection.PRICE_MISMATCH);
        assertThat(repeated).extracting(o -> ((Rejected) o).reason())
                .containsExactly(AllocationRejection.UNKNOWN_ROUND, AllocationRejection.PRICE_MISMATCH);
        assertThat(repeated).allMatch(AllocationOutcome::repeat);
        assertThat(rounds.get(round.id()).soldShares()).isZero();
    }

    @Test
    void allocationsPerSecondThroughTheUseCase() {
        int batches = 40;
        int batchSize = 250;
        Round round = Fixtures.openRound(opening, batches * batchSize);
        String run = Fixtures.run();
        allocating.allocate(List.of(Fixtures.allocate(round, run + "-warm", "warm", 1)));

        long start = System.nanoTime();
        int allocated = 0;
        for (int b = 0; b < batches; b++) {
            List<AllocateShares> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(Fixtures.allocate(round, run + "-" + b + "-" + i, "user-" + i, 1));
            }
            allocated += (int) allocating.allocate(batch).stream().filter(Allocated.class::isInstance).count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("THROUGHPUT allocating-shares: %d allocations in %d batches of %d in %.2f s = %.0f/s%n",
                allocated, batches, batchSize, seconds, allocated / seconds);
        assertThat(allocated).isEqualTo(batches * batchSize - 1);
        assertThat(rounds.get(round.id()).status()).isEqualTo(RoundStatus.DRAWN);
    }

    private List<AllocationOutcome> race(List<AllocateShares> commands, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AllocationOutcome>> futures = new ArrayList<>();
            for (AllocateShares command : commands) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return allocating.allocate(List.of(command)).get(0);
                }));
            }
            start.countDown();
            List<AllocationOutcome> outcomes = new ArrayList<>();
            for (Future<AllocationOutcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> numbers(AllocationOutcome outcome) {
        assertThat(outcome).isInstanceOf(Allocated.class);
        Allocation a = ((Allocated) outcome).allocation();
        return List.of(a.firstNumber(), a.lastNumber());
    }

    private int soldInAllocations(Round round) {
        return jdbc.sql("SELECT coalesce(sum(shares), 0) FROM allocation WHERE round_id = ?")
                .param(round.id().value()).query(Integer.class).single();
    }
}

package com.luckydraw.wallet.freetries;

import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.wallet.UserId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily reset runs on every instance and takes effect once per day. */
@WalletIntegrationTest
class FreeTriesResetIT {

    @Autowired ResettingFreeTries resetting;
    @Autowired DailyFreeTries freeTries;
    @Autowired TestWallets wallets;
    @Autowired JdbcClient jdbc;

    /** A day no other run of these tests used: the marker of a day is forever. */
    private static LocalDate freshDay() {
        return LocalDate.of(2200, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(1_000_000));
    }

    private long markers(LocalDate day) {
        return jdbc.sql("SELECT count(*) FROM free_try_reset WHERE day = ?").param(day).query(Long.class).single();
    }

    private long rowsOf(LocalDate day) {
        return jdbc.sql("SELECT count(*) FROM free_tries WHERE day = ?").param(day).query(Long.class).single();
    }

    private long wallets() {
        return jdbc.sql("SELECT count(*) FROM wallet").query(Long.class).single();
    }

    /** Runs {@code runner} on two threads released at the same instant; returns both outcomes. */
    private static List<ResettingFreeTries.Outcome> race(Function<String, ResettingFreeTries.Outcome> runner)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ResettingFreeTries.Outcome>> futures = new ArrayList<>();
            for (String name : List.of("instance-1", "instance-2")) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return runner.apply(name);
                }));
            }
            ready.await();
            start.countDown();
            List<ResettingFreeTries.Outcome> outcomes = new ArrayList<>();
            for (Future<ResettingFreeTries.Outcome> f : futures) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoResetJobsRacingForADayResetItOnceAndARerunChangesNothing() throws Exception {
        wallets.open("reset", 0);
        LocalDate day = freshDay();
        long walletCount = wallets();

        List<ResettingFreeTries.Outcome> outcomes = race(runner -> resetting.resetFor(day, runner));

        assertThat(outcomes).filteredOn(o -> o.result() == ResettingFreeTries.Result.RESET).singleElement()
                .satisfies(o -> assertThat(o.wallets()).isEqualTo(walletCount));
        assertThat(outcomes).filteredOn(o -> o.result() != ResettingFreeTries.Result.RESET).singleElement()
                .satisfies(o -> assertThat(o.result()).isIn(ResettingFreeTries.Result.LOCKED_BY_ANOTHER_RUNNER,
                        ResettingFreeTries.Result.ALREADY_RAN));
        assertThat(markers(day)).isEqualTo(1);
        assertThat(rowsOf(day)).isEqualTo(walletCount);

        ResettingFreeTries.Outcome rerun = resetting.resetFor(day, "instance-3");

        assertThat(rerun.result()).isEqualTo(ResettingFreeTries.Result.ALREADY_RAN);
        assertThat(markers(day)).isEqualTo(1);
        assertThat(rowsOf(day)).isEqualTo(walletCount);
    }

    @Test
    void theMarkerRowAloneMakesTheResetExactlyOnceWhenTheLockIsUnavailable() throws Exception {
        LocalDate day = freshDay();

        // Both runners skip Redis, as when it is down: only the database decides.
        List<ResettingFreeTries.Outcome> outcomes = race(runner -> resetting.markAndGrant(day, runner));

        assertThat(outcomes).extracting(ResettingFreeTries.Outcome::result).containsExactlyInAnyOrder(
                ResettingFreeTries.Result.RESET, ResettingFreeTries.Result.ALREADY_RAN);
        assertThat(markers(day)).isEqualTo(1);
    }

    @Test
    void aResetKeepsWhatWasSpentBeforeItRan() {
        UserId user = wallets.open("early", 0);
        LocalDate day = freshDay();
        FreeTries spent = freeTries.ofDay(user, day, 3).spend(2); // a purchase just after midnight, before the reset
        freeTries.update(spent);

        resetting.resetFor(day, "instance-1");

        assertThat(freeTries.find(user, day)).hasValueSatisfying(t -> {
            assertThat(t.used()).isEqualTo(2);
            assertThat(t.left()).isEqualTo(1);
        });
    }
}

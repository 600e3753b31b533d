package com.luckydraw.infra.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    /** A clock that moves only when the limiter sleeps, or when the test says so. */
    static final class FakeClock implements RateLimiter.Clock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void permitsFollowTheScheduleAtTheAskedRate() throws InterruptedException {
        var clock = new FakeClock();
        var limiter = new RateLimiter(1000, clock);
        long start = clock.now;

        List<Long> due = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            due.add(limiter.acquire());
        }

        assertThat(due).containsExactly(start, start + 1_000_000, start + 2_000_000, start + 3_000_000,
                start + 4_000_000);
        assertThat(clock.sleeps).containsExactly(1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L);
        assertThat(limiter.behindNanos()).isZero();
    }

    @Test
    void thousandPermitsAtFiveHundredPerSecondTakeTwoSeconds() throws InterruptedException {
        var clock = new FakeClock();
        var limiter = new RateLimiter(500, clock);
        long start = clock.now;

        for (int i = 0; i < 1001; i++) {
            limiter.acquire();
        }

        assertThat(clock.now - start).isEqualTo(2_000_000_000L);
        assertThat(limiter.granted()).isEqualTo(1001);
    }

    @Test
    void aLateSenderCatchesUpWithoutSleepingThenFollowsTheScheduleAgain() throws InterruptedException {
        var clock = new FakeClock();
        var limiter = new RateLimiter(100, clock);
        long start = clock.now;
        limiter.acquire();

        clock.now += 55_000_000; // a 55 ms pause: permits at 10, 20, 30, 40 and 50 ms are late
        clock.sleeps.clear();
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        assertThat(clock.sleeps).isEmpty();
        assertThat(limiter.behindNanos()).isEqualTo(5_000_000);

        assertThat(limiter.acquire()).isEqualTo(start + 60_000_000);
        assertThat(clock.sleeps).containsExactly(5_000_000L);
        assertThat(limiter.behindNanos()).isZero();
    }

    @Test
    void withATickPermitsDueWithinItAreTakenAtOneWakeUpAndNoneEarly() throws InterruptedException {
        var clock = new FakeClock();
        var limiter = new RateLimiter(1000, 5_000_000, clock);
        long start = clock.now;

        List<Long> due = new ArrayList<>();
        List<Long> takenAt = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            due.add(limiter.acquire());
            takenAt.add(clock.now);
        }

        // Permit 0 is due at once; 1 makes the sender wait until 5 is due, 6 until 10: two wake-ups for ten permits.
        assertThat(clock.sleeps).containsExactly(5_000_000L, 5_000_000L);
        for (int i = 0; i < 11; i++) {
            assertThat(due.get(i)).isEqualTo(start + i * 1_000_000L);
            assertThat(takenAt.get(i)).isGreaterThanOrEqualTo(due.get(i));
        }
        assertThat(takenAt.subList(1, 6)).containsOnly(start + 5_000_000);
        assertThat(takenAt.subList(6, 11)).containsOnly(start + 10_000_000);
        assertThat(limiter.granted()).isEqualTo(11);
    }

    @Test
    void aTickKeepsTheRate() throws InterruptedException {
        var clock = new FakeClock();
        var limiter = new RateLimiter(500, 5_000_000, clock);
        long start = clock.now;

        for (int i = 0; i < 1001; i++) {
            limiter.acquire();
        }

        // The last permit is due at 2 s and taken within a tick of it.
        assertThat(clock.now - start).isBetween(2_000_000_000L, 2_005_000_000L);
    }

    @Test
    void rateZeroNeverWaits() throws InterruptedException {
        var clock = new FakeClock();
        var limiter = new RateLimiter(0, clock);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire()).isEqualTo(clock.now);
        }
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void fractionalRatesKeepTheirAverage() throws InterruptedException {
        var clock = new FakeClock();
        var limiter = new RateLimiter(3, clock);
        long start = clock.now;

        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }

        assertThat(clock.now - start).isEqualTo(1_000_000_000L);
    }

    @Test
    void realClockPacesARealSender() throws InterruptedException {
        var limiter = new RateLimiter(2000, RateLimiter.Clock.SYSTEM);
        long start = System.nanoTime();

        for (int i = 0; i < 401; i++) {
            limiter.acquire();
        }

        // 400 intervals of 0.5 ms: never faster than the schedule, and not much slower on a busy machine.
        assertThat(System.nanoTime() - start).isBetween(200_000_000L, 400_000_000L);
    }

    @Test
    void negativeTickIsRefused() {
        assertThatThrownBy(() -> new RateLimiter(100, -1, new FakeClock()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tick");
    }

    @Test
    void negativeRateIsRefused() {
        assertThatThrownBy(() -> new RateLimiter(-5, new FakeClock()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

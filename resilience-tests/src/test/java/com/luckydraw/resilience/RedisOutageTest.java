package com.luckydraw.resilience;

import com.luckydraw.infra.process.Service;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisOutageTest {

    /** Small enough that the load sells it out, with and without Redis: the race for the last shares is real. */
    private static final int SCARCE_SHARES = 60;

    private final FaultSystem system = FaultSystem.get();

    @Test
    void redis_stopped_and_started_again_mid_load_oversells_nothing_and_lottery_health_shows_the_outage() {
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            long scarce = system.launchRound("scarce round " + repetition, SCARCE_SHARES);
            long plenty = system.launchRound("plenty round " + repetition, 10_000_000);
            List<String> healthSeen = new ArrayList<>();
            var report = new FaultUnderLoad(system).run("redis stop and start", List.of(scarce, plenty),
                    new Fault() {
                        @Override
                        public void inject() {
                            system.redis.stop();
                            await("lottery health shows Redis DOWN").atMost(Duration.ofSeconds(60))
                                    .pollInterval(Duration.ofMillis(250))
                                    .until(() -> system.healthOf(Service.LOTTERY, "redis"), "DOWN"::equals);
                            healthSeen.add("DOWN");
                        }

                        @Override
                        public void repair() {
                            system.redis.startAgain();
                            await("lottery health shows Redis UP again").atMost(Duration.ofSeconds(60))
                                    .pollInterval(Duration.ofMillis(250))
                                    .until(() -> system.healthOf(Service.LOTTERY, "redis"), "UP"::equals);
                            healthSeen.add("UP");
                        }
                    });
            assertThat(healthSeen).as("lottery health of Redis during the fault").containsExactly("DOWN", "UP");
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations").isEmpty();
            assertThat(soldShares(scarce)).as("shares sold in a round of " + SCARCE_SHARES)
                    .isLessThanOrEqualTo(SCARCE_SHARES);
        }
    }

    private long soldShares(long round) {
        try (var c = DriverManager.getConnection(system.databases.lotteryUrl(), "auditor", "auditor");
             var st = c.prepareStatement("SELECT coalesce(sum(shares), 0) FROM allocation WHERE round_id = ?")) {
            st.setLong(1, round);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading round " + round + ": " + e.getMessage(), e);
        }
    }
}

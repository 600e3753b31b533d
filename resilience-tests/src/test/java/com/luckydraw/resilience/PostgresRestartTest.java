package com.luckydraw.resilience;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresRestartTest {

    private final FaultSystem system = FaultSystem.get();

    @Test
    void a_database_restart_mid_load_loses_no_purchase_and_leaves_a_clean_audit() {
        long round = system.launchRound("database restart round", 10_000_000);
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            var report = new FaultUnderLoad(system).run("postgresql restart", List.of(round), new Fault() {
                @Override
                public void inject() {
                    system.postgres.stopServer();
                }

                @Override
                public void repair() {
                    system.postgres.startServer();
                }
            });
            assertThat(report.sent()).as("requests sent").isPositive();
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations").isEmpty();
        }
    }
}

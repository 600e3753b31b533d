package com.luckydraw.resilience;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRestartTest {

    private final FaultSystem system = FaultSystem.get();

    @Test
    void a_broker_restart_mid_load_loses_no_purchase_and_leaves_a_clean_audit() {
        long round = system.launchRound("broker restart round", 10_000_000);
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            var report = new FaultUnderLoad(system).run("kafka broker restart", List.of(round), new Fault() {
                @Override
                public void inject() {
                    system.kafka.restart();
                }

                @Override
                public void repair() {
                    // The restart brings the broker back; producers and consumers reconnect by themselves.
                }
            });
            assertThat(report.sent()).as("requests sent").isPositive();
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations").isEmpty();
        }
    }
}

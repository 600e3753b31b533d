package com.luckydraw.resilience;

import com.luckydraw.infra.process.Service;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceCrashTest {

    private final FaultSystem system = FaultSystem.get();

    @Test
    void each_service_killed_with_sigkill_mid_load_and_restarted_loses_no_purchase_and_leaves_a_clean_audit() {
        long round = system.launchRound("crash round", 10_000_000);
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            for (Service service : Service.values()) {
                var report = new FaultUnderLoad(system).run("kill -9 " + service.module(), List.of(round), new Fault() {
                    @Override
                    public void inject() {
                        system.services.kill(service);
                    }

                    @Override
                    public void repair() {
                        system.services.start(service);
                    }
                });
                assertThat(report.sent()).as("requests sent").isPositive();
                assertThat(report.lost()).as("requests without a terminal order").isZero();
                assertThat(report.violations()).as("audit violations").isEmpty();
                assertThat(report.timeToRecover()).as("time to recover").isNotNull();
            }
        }
    }
}

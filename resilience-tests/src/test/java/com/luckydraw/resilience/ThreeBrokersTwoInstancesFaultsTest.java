package com.luckydraw.resilience;

import com.luckydraw.events.Topics;
import com.luckydraw.infra.process.Service;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The system scaled out as in production, on one machine: two processes of every service on a private Kafka cluster
 * of three nodes (topics with 3 replicas, 2 in sync). Faults that only a scaled-out system survives: an instance of
 * every service killed while its twin takes over its partitions, and the broker leading the hot round's partition
 * killed while a follower takes over. Light load (FaultUnderLoad's), each fault followed by the audit. Larger runs:
 * {@code infra/bin/faults --soak 2m scaled}.
 */
class ThreeBrokersTwoInstancesFaultsTest {

    private final FaultSystem system = FaultSystem.get(2, 3);

    @Test
    void one_instance_of_each_service_killed_with_sigkill_mid_load_loses_and_doubles_nothing() {
        long round = system.launchRound("scaled-out kill round", 10_000_000);
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            var report = new FaultUnderLoad(system).run("2x3: kill -9 one instance of each service",
                    List.of(round), new Fault() {
                        @Override
                        public void inject() {
                            for (Service service : Service.values()) {
                                system.services.kill(service, 1);
                            }
                        }

                        @Override
                        public void repair() {
                            system.services.startAll();
                        }
                    });
            assertThat(report.sent()).as("requests sent").isPositive();
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations (doubled, oversold, ...)").isEmpty();
        }
    }

    @Test
    void the_broker_leading_the_hot_rounds_partition_killed_mid_load_and_brought_back_loses_and_doubles_nothing() {
        long round = system.launchRound("scaled-out hot round", 10_000_000);
        String topic = Topics.LOTTERY_COMMANDS.name();
        // Every command of one round goes to one partition (keyed by the round): the hot one.
        int partition = Utils.toPositive(Utils.murmur2(Long.toString(round).getBytes(StandardCharsets.UTF_8)))
                % Topics.LOTTERY_COMMANDS.partitions();
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            int[] killed = new int[1];
            var report = new FaultUnderLoad(system).run("2x3: kill -9 the hot partition leader",
                    List.of(round), new Fault() {
                        @Override
                        public void inject() {
                            killed[0] = system.kafka.leaderOf(topic, partition);
                            system.kafka.kill(killed[0]);
                            // A follower takes over: the partition has a leader again without the killed node.
                            await("a new leader of " + topic + "-" + partition).atMost(Duration.ofMinutes(1))
                                    .pollInterval(Duration.ofMillis(500))
                                    .until(() -> system.kafka.leaderOf(topic, partition) != killed[0]);
                        }

                        @Override
                        public void repair() {
                            system.kafka.start(killed[0]);
                        }
                    });
            assertThat(report.sent()).as("requests sent").isPositive();
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations (doubled, oversold, ...)").isEmpty();
            await("every replica of the luckydraw topics back in sync").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> system.kafka.fullyInSync(Topics.all().stream().map(t -> t.name()).toList()));
        }
    }
}

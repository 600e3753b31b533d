package com.luckydraw.resilience;

import com.luckydraw.events.Topics;
import com.luckydraw.infra.process.LocalServices;
import com.luckydraw.infra.process.Service;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The system scaled out as in production, on one machine: two processes of every service on a private Kafka cluster
 * of three nodes (topics with 3 replicas, 2 in sync). Faults that only a scaled-out system survives: an instance of
 * every service killed while its twin takes over its partitions, the broker leading the hot round's partition killed
 * while a follower takes over, the active KRaft controller killed while the two other voters elect a new one; and the
 * planned restarts, with SIGTERM while the others carry on: a deploy of the services and a rolling restart of the
 * brokers (the next node once every replica is in sync again), one step of each here and all of them in the soak
 * ({@link #ROLLING_ALL}). Light load (FaultUnderLoad's), each fault followed by the audit; one private system for
 * all of them, so the class costs one start-up. Larger runs: {@code infra/bin/faults --soak 2m scaled}.
 */
class ThreeBrokersTwoInstancesFaultsTest {

    /**
     * The planned restarts: {@code -Dfaults.rolling=all} (the soak's) restarts every service process and every
     * broker, one at a time; by default (CI) one step of each, which costs a fraction of the time: instance 2 of
     * every service at once (the kill -9 scenario replaces instance 1), and the broker leading the hot partition.
     */
    private static final boolean ROLLING_ALL = "all".equals(System.getProperty("faults.rolling", "one"));

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
        int partition = hotPartition(round);
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

    @Test
    void a_deploy_restarting_service_instances_with_sigterm_while_their_twins_carry_on_loses_and_doubles_nothing() {
        long round = system.launchRound("scaled-out deploy round", 10_000_000);
        // One step (CI): instance 2 of every service at once, as three deploys' first step; all (soak): every
        // process in turn, wallet's two, then lottery's, then order's, each back UP before the next goes down.
        List<int[]> steps = new ArrayList<>();
        if (ROLLING_ALL) {
            for (Service service : Service.values()) {
                for (int n = 1; n <= system.services.instances(); n++) {
                    steps.add(new int[] {service.ordinal(), n});
                }
            }
        }
        String scenario = ROLLING_ALL ? "2x3: rolling restart of every service"
                : "2x3: deploy, one instance of each service";
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            List<String> stops = new ArrayList<>();
            var report = new FaultUnderLoad(system).run(scenario, List.of(round), new Fault() {
                @Override
                public void inject() {
                    if (ROLLING_ALL) {
                        for (int[] step : steps) {
                            Service service = Service.values()[step[0]];
                            stops.add(LocalServices.name(service, step[1]) + " "
                                    + system.services.stop(service, step[1]));
                            system.services.start(service, step[1]);
                        }
                    } else {
                        int n = system.services.instances();
                        for (Service service : Service.values()) {
                            stops.add(LocalServices.name(service, n) + " " + system.services.stop(service, n));
                        }
                        system.services.startAll();
                    }
                }

                @Override
                public void repair() {
                    // The restart is its own repair: every instance runs again when inject() returns.
                }
            });
            assertThat(stops).as("every instance ended by its SIGTERM within the grace period")
                    .isNotEmpty().allMatch(s -> s.endsWith(" stopped"));
            assertThat(report.sent()).as("requests sent").isPositive();
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations (doubled, oversold, ...)").isEmpty();
        }
    }

    @Test
    void brokers_restarted_with_sigterm_one_at_a_time_lose_and_double_nothing() {
        long round = system.launchRound("scaled-out broker restart round", 10_000_000);
        String scenario = ROLLING_ALL ? "2x3: rolling restart of every broker"
                : "2x3: graceful restart of the hot leader";
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            List<Integer> sigkilled = new ArrayList<>();
            var report = new FaultUnderLoad(system).run(scenario, List.of(round), new Fault() {
                @Override
                public void inject() {
                    // One step (CI): the node leading the hot round's partition, which hands it over in its
                    // controlled shutdown (unlike the kill -9 above); all (soak): node 1, 2, 3 in turn.
                    List<Integer> nodes = new ArrayList<>();
                    if (ROLLING_ALL) {
                        for (int node = 1; node <= system.kafka.brokers(); node++) {
                            nodes.add(node);
                        }
                    } else {
                        nodes.add(system.kafka.leaderOf(Topics.LOTTERY_COMMANDS.name(), hotPartition(round)));
                    }
                    for (int node : nodes) {
                        if (!system.kafka.stop(node)) {
                            sigkilled.add(node);
                        }
                        system.kafka.start(node);
                        // The next node goes down only once this one holds a copy of everything again: with two
                        // nodes down a partition would fall below its min ISR and its writes would stop.
                        awaitEveryReplicaInSync("node " + node + " restarted");
                    }
                }

                @Override
                public void repair() {
                    // The restart is its own repair: every node runs and is in sync when inject() returns.
                }
            });
            assertThat(sigkilled).as("nodes that did not end by their SIGTERM within 30 s").isEmpty();
            assertThat(report.sent()).as("requests sent").isPositive();
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations (doubled, oversold, ...)").isEmpty();
        }
    }

    @Test
    void the_active_controller_killed_mid_load_and_brought_back_loses_and_doubles_nothing() {
        long round = system.launchRound("scaled-out controller round", 10_000_000);
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            int[] killed = new int[1];
            long[] restartedAt = new long[1];
            var report = new FaultUnderLoad(system).run("2x3: kill -9 the active controller", List.of(round),
                    new Fault() {
                        @Override
                        public void inject() {
                            killed[0] = system.kafka.activeController();
                            assertThat(killed[0]).as("the quorum's leader before the fault").isPositive();
                            system.kafka.kill(killed[0]);
                            // The two other voters elect a leader among themselves; the cluster's metadata goes on.
                            await("a new active controller").atMost(Duration.ofMinutes(1))
                                    .pollInterval(Duration.ofMillis(500))
                                    .until(() -> {
                                        int leader = system.kafka.activeController();
                                        return leader > 0 && leader != killed[0];
                                    });
                        }

                        @Override
                        public void repair() {
                            restartedAt[0] = System.currentTimeMillis();
                            system.kafka.start(killed[0]);
                        }
                    });
            assertThat(report.sent()).as("requests sent").isPositive();
            assertThat(report.lost()).as("requests without a terminal order").isZero();
            assertThat(report.violations()).as("audit violations (doubled, oversold, ...)").isEmpty();
            await("the restarted voter caught up with the quorum's leader").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> system.kafka.quorumCaughtUp(restartedAt[0]));
            awaitEveryReplicaInSync("node " + killed[0] + " back");
        }
    }

    /** Every command of one round goes to one partition of lottery.commands (keyed by the round): the hot one. */
    private static int hotPartition(long round) {
        return Utils.toPositive(Utils.murmur2(Long.toString(round).getBytes(StandardCharsets.UTF_8)))
                % Topics.LOTTERY_COMMANDS.partitions();
    }

    private void awaitEveryReplicaInSync(String after) {
        await("every replica in sync again after " + after).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500)).until(system.kafka::everyReplicaInSync);
    }
}

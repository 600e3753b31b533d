package com.luckydraw.resilience;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.Topics;
import com.luckydraw.infra.audit.Audit;
import com.luckydraw.infra.process.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplayTest {

    private final FaultSystem system = FaultSystem.get();

    @Test
    void every_consumer_group_reset_to_earliest_and_consumed_again_changes_no_balance_order_or_allocation() {
        long round = system.launchRound("replay round", 10_000_000);
        for (int repetition = 1; repetition <= FaultUnderLoad.REPETITIONS; repetition++) {
            String runId = "replay-" + repetition + "-" + Long.toString(System.currentTimeMillis(), 36);
            long sent;
            long ended;
            long completed;
            try (var load = PurchaseLoad.start(system.kafka, runId, List.of(round), FaultSystem.USERS,
                    FaultUnderLoad.RATE)) {
                long target = Math.max(1, (long) (FaultUnderLoad.RATE * FaultUnderLoad.LOAD.toMillis() / 1000.0));
                await("replay: purchases sent").atMost(FaultUnderLoad.LOAD.plusMinutes(1))
                        .pollInterval(Duration.ofMillis(200)).until(() -> load.sent() >= target);
                load.stopSending();
                await("replay: every request ends as an order").atMost(FaultUnderLoad.SETTLE)
                        .pollInterval(Duration.ofMillis(250)).until(load::allEnded);
                sent = load.sent();
                ended = load.ended();
                completed = load.completed();
            }
            await("replay: the services committed every offset").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> totalLag(serviceGroups()) == 0);
            Snapshot before = Snapshot.of(system.databases);

            // The tool refuses to move the offsets of a group with members: the services are stopped first.
            system.services.close();
            List<String> groups = serviceGroups();
            assertThat(groups).as("the services' consumer groups").isNotEmpty();
            long replayed = committedTotal(groups);
            var reset = new java.util.ArrayList<>(List.of("--reset-offsets", "--to-earliest", "--all-topics",
                    "--execute"));
            groups.forEach(g -> reset.addAll(List.of("--group", g)));
            system.kafka.consumerGroups(reset.toArray(String[]::new));
            assertThat(committedTotal(groups)).as("offsets committed after the reset to earliest")
                    .isLessThan(replayed);

            long restarted = System.nanoTime();
            system.services.startAll();
            await("replay: everything consumed again").atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500)).until(() -> totalLag(groups) == 0);
            Duration consumedAgainIn = Duration.ofNanos(System.nanoTime() - restarted);
            Map<Service, Double> duplicates = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                duplicates.put(service, duplicatesCounted(service));
            }
            double totalDuplicates = duplicates.values().stream().mapToDouble(Double::doubleValue).sum();

            Snapshot after = Snapshot.of(system.databases);
            var audit = new Audit(system.databases, system.kafka.credentialsDir()).run(system.kafka.bootstrap(), Topics.PURCHASE_REQUESTS.name());
            List<String> anomalies = new java.util.ArrayList<>(after.differencesFrom(before));
            anomalies.addAll(audit.violations());
            new ScenarioReport("replay from earliest", sent, ended, completed, 0, sent - ended, anomalies,
                    Duration.ZERO, consumedAgainIn, "records re-consumed " + replayed + ", rows compared "
                    + before.rowCount() + ", duplicates counted " + duplicates.entrySet().stream()
                    .map(e -> e.getKey().module() + " " + e.getValue().longValue()).collect(Collectors.joining(", ")))
                    .publish();

            assertThat(after.differencesFrom(before)).as("balances, orders and allocations after the replay").isEmpty();
            assertThat(audit.violations()).as("audit violations").isEmpty();
            assertThat(totalDuplicates).as("duplicates counted in luckydraw_inbox_duplicates_total").isPositive();
        }
    }

    private List<String> serviceGroups() {
        try (Admin admin = admin()) {
            // The audit's own readers (audit-<uuid>) are not the services'.
            return admin.listGroups().all().get().stream().map(g -> g.groupId())
                    .filter(id -> !id.startsWith("audit-")).sorted().toList();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("listing consumer groups: " + e.getMessage(), e);
        }
    }

    /** Sum over the groups of (end offset - committed offset) of every partition they committed. */
    private long totalLag(List<String> groups) {
        try (Admin admin = admin()) {
            long lag = 0;
            for (String group : groups) {
                Map<TopicPartition, Long> committed = committed(admin, group);
                var ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
                for (var entry : committed.entrySet()) {
                    lag += ends.get(entry.getKey()).offset() - entry.getValue();
                }
            }
            return lag;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("reading consumer lag: " + e.getMessage(), e);
        }
    }

    private long committedTotal(List<String> groups) {
        try (Admin admin = admin()) {
            long total = 0;
            for (String group : groups) {
                total += committed(admin, group).values().stream().mapToLong(Long::longValue).sum();
            }
            return total;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("reading committed offsets: " + e.getMessage(), e);
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** luckydraw_inbox_duplicates_total of one service, summed over its consumers, from /actuator/prometheus. */
    private double duplicatesCounted(Service service) {
        return Arrays.stream(system.prometheus(service).split("\n"))
                .filter(line -> line.startsWith("luckydraw_inbox_duplicates_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private Admin admin() {
        return Admin.create(KafkaLogin.as(KafkaPrincipal.OPERATOR, system.kafka.credentialsDir(),
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka.bootstrap())));
    }
}

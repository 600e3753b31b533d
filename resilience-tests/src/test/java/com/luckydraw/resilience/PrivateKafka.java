package com.luckydraw.resilience;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.kafka.TopicReplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kafka broker of the suite's own, started by infra/bin/kafka from the same jars as the shared one but with its own
 * ports, data, config, pid and lock ({@code KAFKA_INSTANCE_DIR}), so restarting it leaves 9092 alone. One node by
 * default; {@code -Dfaults.brokers=3} makes it a cluster of three KRaft nodes (each broker and controller) whose
 * ports are one block of free ports: client, controller and internal listener of node 1, then of node 2, ...
 */
final class PrivateKafka implements AutoCloseable {

    private final Path script;
    private final Path kafkaTool;
    private final Map<String, String> environment;
    private final Path log;
    private final int brokers;
    private final int port;

    private PrivateKafka(Path workDir, Path projectRoot, int brokers) {
        this.script = Commands.requireExecutable(projectRoot.resolve("infra/bin/kafka"), "the project's Kafka launcher");
        this.kafkaTool = projectRoot.resolve("infra/bin/kafka-tool");
        this.brokers = brokers;
        this.port = freeBlock(3 * brokers);
        this.log = workDir.resolve("logs").resolve("kafka-commands.log");
        this.environment = Map.of(
                "KAFKA_PORT", Integer.toString(port),
                "KAFKA_CONTROLLER_PORT", Integer.toString(port + 1),
                "KAFKA_INTERNAL_PORT", Integer.toString(port + 2),
                "KAFKA_NODE_PORT_STEP", "3",
                "KAFKA_INSTANCE_DIR", workDir.resolve("kafka").toString(),
                "KAFKA_DATA_DIR", workDir.resolve("kafka").resolve("data").toString(),
                "KAFKA_HEAP_OPTS", "-Xms128m -Xmx384m",
                "KAFKA_START_TIMEOUT", "150");
    }

    static PrivateKafka start(Path workDir, Path projectRoot, int brokers) {
        var kafka = new PrivateKafka(workDir, projectRoot, brokers);
        // A broker an earlier, killed run left behind on the same folder; its data is formatted for other ports.
        kafka.command("reset");
        kafka.command("start", "--no-tls", "--brokers", Integer.toString(brokers));
        return kafka;
    }

    /** The same with SASL over TLS on its client and internal listeners ({@code infra/bin/kafka start --tls}). */
    static PrivateKafka startWithTls(Path workDir, Path projectRoot) {
        var kafka = new PrivateKafka(workDir, projectRoot, 1);
        kafka.command("reset");
        kafka.command("start", "--tls");
        return kafka;
    }

    /** The principals' client configs of this broker: its own passwords, written by infra/bin/kafka. */
    Path credentialsDir() {
        return Path.of(environment.get("KAFKA_INSTANCE_DIR")).resolve("credentials");
    }

    /** Every node's client listener. */
    String bootstrap() {
        List<String> nodes = new ArrayList<>();
        for (int node = 1; node <= brokers; node++) {
            nodes.add("127.0.0.1:" + (port + 3 * (node - 1)));
        }
        return String.join(",", nodes);
    }

    int brokers() {
        return brokers;
    }

    /** What the luckydraw topics get here: 3 copies and 2 in sync on three nodes or more, else one per node. */
    TopicReplication topicReplication() {
        int replicas = Math.min(brokers, 3);
        return new TopicReplication(replicas, Math.max(1, replicas - 1));
    }

    /** SIGTERM, then a new broker process on the same data (every node): what an operator's restart does. */
    void restart() {
        command("restart");
    }

    /** SIGKILL to one node, as a crash would. */
    void kill(int node) {
        command("kill", "--node", Integer.toString(node));
    }

    /** Starts one node again and waits until it answers. */
    void start(int node) {
        command("start", "--node", Integer.toString(node));
    }

    /**
     * SIGTERM to one node: a controlled shutdown that hands its leaderships over first, as a restart's. Returns
     * whether it ended so; false when infra/bin/kafka had to SIGKILL it after 30 s.
     */
    boolean stop(int node) {
        return !command("stop", "--node", Integer.toString(node)).contains("sending SIGKILL");
    }

    /** The node whose controller leads the KRaft quorum now (the active controller), or -1 while there is none. */
    int activeController() {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Whether the quorum has a leader and every voter has caught up with it since {@code sinceEpochMillis} (a voter
     * that was down has replayed the metadata it missed).
     */
    boolean quorumCaughtUp(long sinceEpochMillis) {
        try (Admin admin = admin()) {
            var quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            return quorum.leaderId() >= 0 && quorum.voters().size() == brokers && quorum.voters().stream()
                    .allMatch(v -> v.lastCaughtUpTimestamp().orElse(0) >= sinceEpochMillis);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether every partition of every topic, the internal ones (offsets, transactions) too, has its replicas in sync. */
    boolean everyReplicaInSync() {
        try (Admin admin = admin()) {
            var topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
            return inSync(admin, List.copyOf(topics));
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The node that leads a partition now. */
    int leaderOf(String topic, int partition) {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return description.partitions().get(partition).leader().id();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("describing " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether every partition of these topics has all its replicas in sync. */
    boolean fullyInSync(List<String> topics) {
        try (Admin admin = admin()) {
            return inSync(admin, topics);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean inSync(Admin admin, List<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size());
    }

    private Admin admin() {
        return Admin.create(KafkaLogin.as(KafkaPrincipal.OPERATOR, credentialsDir(), Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)));
    }

    /** Kafka's own consumer-groups tool, through infra/bin/kafka-tool, against this broker. */
    String consumerGroups(String... arguments) {
        var command = new ArrayList<>(List.of(kafkaTool.toString(), "consumer-groups", "--bootstrap-server",
                bootstrap()));
        command.addAll(List.of(arguments));
        return Commands.run(command, environment, log, 180);
    }

    private String command(String... arguments) {
        var command = new ArrayList<String>();
        command.add(script.toString());
        command.addAll(List.of(arguments));
        return Commands.run(command, environment, log, 240);
    }

    /**
     * The first of {@code size} consecutive free ports on 127.0.0.1, from a random place between 20000 and 32000:
     * below Linux's ephemeral range (32768-60999), where any client's outgoing connection may take a port between
     * this check and the broker's start.
     */
    private static int freeBlock(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            boolean free = true;
            for (int p = first; p < first + size && free; p++) {
                free = isFree(p);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no " + size + " consecutive free ports on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        command("stop");
    }
}

package com.luckydraw.resilience;

import com.luckydraw.infra.process.LocalServices;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A single-node Kafka broker of the suite's own, started by infra/bin/kafka from the same jars as the shared one but
 * with its own ports, data, config, pid and lock ({@code KAFKA_INSTANCE_DIR}), so restarting it leaves 9092 alone.
 */
final class PrivateKafka implements AutoCloseable {

    private final Path script;
    private final Path kafkaTool;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;

    private PrivateKafka(Path workDir, Path projectRoot) {
        this.script = Commands.requireExecutable(projectRoot.resolve("infra/bin/kafka"), "the project's Kafka launcher");
        this.kafkaTool = projectRoot.resolve("infra/bin/kafka-tool");
        this.port = LocalServices.freePort();
        this.log = workDir.resolve("logs").resolve("kafka-commands.log");
        this.environment = Map.of(
                "KAFKA_PORT", Integer.toString(port),
                "KAFKA_CONTROLLER_PORT", Integer.toString(LocalServices.freePort()),
                "KAFKA_INTERNAL_PORT", Integer.toString(LocalServices.freePort()),
                "KAFKA_INSTANCE_DIR", workDir.resolve("kafka").toString(),
                "KAFKA_DATA_DIR", workDir.resolve("kafka").resolve("data").toString(),
                "KAFKA_HEAP_OPTS", "-Xms128m -Xmx384m",
                "KAFKA_START_TIMEOUT", "150");
    }

    static PrivateKafka start(Path workDir, Path projectRoot) {
        var kafka = new PrivateKafka(workDir, projectRoot);
        // A broker an earlier, killed run left behind on the same folder; its data is formatted for other ports.
        kafka.command("reset");
        kafka.command("start", "--no-tls");
        return kafka;
    }

    /** The same with SASL over TLS on its client and internal listeners ({@code infra/bin/kafka start --tls}). */
    static PrivateKafka startWithTls(Path workDir, Path projectRoot) {
        var kafka = new PrivateKafka(workDir, projectRoot);
        kafka.command("reset");
        kafka.command("start", "--tls");
        return kafka;
    }

    /** The principals' client configs of this broker: its own passwords, written by infra/bin/kafka. */
    Path credentialsDir() {
        return Path.of(environment.get("KAFKA_INSTANCE_DIR")).resolve("credentials");
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** SIGTERM, then a new broker process on the same data: what an operator's rolling restart does. */
    void restart() {
        command("restart");
    }

    /** Kafka's own consumer-groups tool, through infra/bin/kafka-tool, against this broker. */
    String consumerGroups(String... arguments) {
        var command = new java.util.ArrayList<>(List.of(kafkaTool.toString(), "consumer-groups", "--bootstrap-server",
                bootstrap()));
        command.addAll(List.of(arguments));
        return Commands.run(command, environment, log, 180);
    }

    private void command(String... arguments) {
        var command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        Commands.run(command, environment, log, 240);
    }

    @Override
    public void close() {
        command("stop");
    }
}

package com.luckydraw.e2e;

import com.luckydraw.infra.process.GeneratedSecrets;
import com.luckydraw.infra.process.LocalServices;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's run command, as a newcomer runs it, on a clean state: a home folder of its own (so a broker of its own,
 * formatted and secured from nothing, with credentials generated for it), ports of its own, topics of its own. It must
 * end with every order terminal and a clean audit, say where the principals' Kafka configs are, and print no secret.
 */
class RunCommandE2eTest {

    private static final List<String> DATABASE_PASSWORDS = List.of("WALLET_DB_PASSWORD", "LOTTERY_DB_PASSWORD",
            "ORDERS_DB_PASSWORD", "MESSAGING_DB_PASSWORD", "AUDITOR_DB_PASSWORD");

    @Test
    void theRunCommandOnACleanStateEndsWithEveryOrderTerminalAndACleanAudit() throws Exception {
        Path root = E2eSystem.projectRoot();
        Path home = root.resolve("e2e-tests/target/run-command-home");
        deleteRecursively(home);
        Files.createDirectories(home);

        var command = new ProcessBuilder(root.resolve("infra/bin/run").toString(), "--no-build", "--purchases", "60")
                .directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = command.environment();
        env.put("LUCKYDRAW_HOME", home.toString());
        // The machine's database roles keep their passwords: another suite may be using them right now.
        for (String name : DATABASE_PASSWORDS) {
            env.put(name, GeneratedSecrets.value(name));
        }
        for (String name : List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "KAFKA_INTERNAL_PORT", "WALLET_PORT",
                "LOTTERY_PORT", "ORDER_PORT", "DASHBOARD_PORT")) {
            env.put(name, Integer.toString(LocalServices.freePort()));
        }
        env.remove("KAFKA_BOOTSTRAP_SERVERS");
        env.remove("KAFKA_CREDENTIALS_DIR");
        env.remove("KAFKA_INSTANCE_DIR");
        env.remove("SERVICE_ADMIN_PASSWORD");
        env.remove("DASHBOARD_PASSWORD");
        env.remove("TERMINALS_MASTER_KEY");
        env.put("KAFKA_HEAP_OPTS", "-Xms256m -Xmx512m");
        env.put("LUCKYDRAW_TOPICS_NAMESPACE", "run-e2e");

        Process process = command.start();
        process.getOutputStream().close();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("infra/bin/run did not end within 10 minutes:\n" + output);
        }
        Files.writeString(root.resolve("e2e-tests/target/run-command.log"), output);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("every order ended and the audit is clean");
        assertThat(output).contains("Kafka client configs (SASL logins, mode 600) of every principal: "
                + home.resolve("run/kafka"));
        assertThat(home.resolve("run/kafka/terminal.librdkafka.conf")).isRegularFile();
        for (String secret : secretsWrittenUnder(home)) {
            assertThat(output).as("the run's output shows no secret").doesNotContain(secret);
        }
    }

    /** Every password the run generated: its secrets file, and the Kafka principals' password files. */
    private static List<String> secretsWrittenUnder(Path home) throws IOException {
        List<String> secrets = new ArrayList<>();
        Path env = home.resolve("run/secrets.env");
        if (Files.exists(env)) {
            for (String line : Files.readAllLines(env)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0 && line.length() > eq + 8) {
                    secrets.add(line.substring(eq + 1).replace("'", "").replace("\"", ""));
                }
            }
        }
        try (Stream<Path> files = Files.list(home.resolve("run/kafka"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".secret")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("# password=")) {
                        secrets.add(line.substring("# password=".length()));
                    }
                }
            }
        }
        assertThat(secrets).as("secrets generated under " + home).isNotEmpty();
        return secrets;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

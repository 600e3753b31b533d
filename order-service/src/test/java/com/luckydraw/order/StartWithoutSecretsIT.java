package com.luckydraw.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service, run as an operating-system process ({@code java -jar}, as an operator would), refuses to start
 * without its secrets and says what to set, before it connects anywhere. Its environment holds only what each test
 * gives it: no developer profile, a home without a generated secrets file, and a database and a broker on ports where
 * nothing listens, so that getting as far as connecting would fail with another message.
 */
class StartWithoutSecretsIT {

    private static final long EXIT_WITHIN_SECONDS = 60;

    @TempDir
    Path home;

    @Test
    void withoutTheAdminPasswordTheProcessExitsNamingServiceAdminPassword() throws Exception {
        var env = environment();
        env.put("TERMINALS_MASTER_KEY", Base64.getEncoder().encodeToString(random(32)));

        Exit exit = run(env);

        assertThat(exit.code()).as(exit.output()).isNotZero();
        assertThat(exit.output()).contains("APPLICATION FAILED TO START",
                "luckydraw.web.admin.password is not set (set SERVICE_ADMIN_PASSWORD)",
                "Set SERVICE_ADMIN_PASSWORD to a password of your own");
        assertNothingConnected(exit, env);
    }

    @Test
    void withoutTheTerminalsMasterKeyTheProcessExitsNamingTerminalsMasterKey() throws Exception {
        var env = environment();
        env.put("SERVICE_ADMIN_PASSWORD", HexFormat.of().formatHex(random(12)));

        Exit exit = run(env);

        assertThat(exit.code()).as(exit.output()).isNotZero();
        assertThat(exit.output()).contains("APPLICATION FAILED TO START",
                "luckydraw.terminals.master-key (TERMINALS_MASTER_KEY) must be set");
        assertNothingConnected(exit, env);
    }

    private record Exit(int code, String output) {
    }

    /** Everything the service needs but the secret a test leaves out. */
    private Map<String, String> environment() throws IOException {
        // The Kafka login's file must exist to be read; its password is never used, as nothing connects.
        Path kafkaLogin = Files.writeString(home.resolve("order-service.properties"), """
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
                username="order-service" password="%s";
                """.formatted(HexFormat.of().formatHex(random(12))));
        return new HashMap<>(Map.of(
                "LUCKYDRAW_HOME", home.toString(),
                "KAFKA_CLIENT_CONFIG", kafkaLogin.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort(),
                "PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(closedPort()),
                "ORDERS_DB_PASSWORD", HexFormat.of().formatHex(random(12)),
                "ORDER_PORT", "0"));
    }

    private Exit run(Map<String, String> env) throws Exception {
        Path jar = Path.of(System.getProperty("luckydraw.service.jar", "target/order-service.jar"));
        assertThat(jar).as("the packaged service: package the module first (Failsafe runs this test after it)")
                .isRegularFile();
        Path log = home.resolve("order-service.log");
        var builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Nothing inherited: a password or profile exported by the test run must not reach the service.
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("order-service was still running after " + EXIT_WITHIN_SECONDS + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Exit(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    /** Neither the database nor the broker was tried: their ports appear in no message, no migration ran. */
    private static void assertNothingConnected(Exit exit, Map<String, String> env) {
        assertThat(exit.output()).doesNotContain(":" + env.get("PGPORT"), env.get("KAFKA_BOOTSTRAP_SERVERS"),
                "org.flywaydb", "Tomcat started");
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

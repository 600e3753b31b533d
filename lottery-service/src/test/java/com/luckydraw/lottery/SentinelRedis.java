package com.luckydraw.lottery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Redis master, its replica and three Sentinels of the test's own, started by the project's {@code infra/bin/redis-ha}
 * on five free loopback ports (the shared Redis is never touched). Fails with the script's message when Redis Sentinel
 * is not installed ({@code infra/bin/install-redis-sentinel}).
 */
public final class SentinelRedis implements AutoCloseable {

    public static final String MASTER_NAME = "luckydraw";

    private final Path script;
    private final Map<String, String> environment;
    private final int port;

    private SentinelRedis(Path projectRoot, int port) {
        this.script = projectRoot.resolve("infra/bin/redis-ha");
        this.port = port;
        this.environment = Map.of(
                "REDIS_HA_PORT", Integer.toString(port),
                "REDIS_HA_DIR", Path.of("target", "redis-ha-" + port).toAbsolutePath().toString(),
                "REDIS_HA_MASTER_NAME", MASTER_NAME);
    }

    public static SentinelRedis start() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isExecutable(root.resolve("infra/bin/redis-ha"))) {
            throw new IllegalStateException("infra/bin/redis-ha not found under " + root);
        }
        var redis = new SentinelRedis(root, freeBlock(5));
        redis.run("start");
        return redis;
    }

    /** The Sentinels' addresses, for {@code spring.data.redis.sentinel.nodes}. */
    public String sentinels() {
        return run("sentinels").strip();
    }

    /** The port of the master the Sentinels name now. */
    public int masterPort() {
        String address = run("master").strip();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The server (1 or 2) listening on a port of this set. */
    public int serverOn(int serverPort) {
        return serverPort - port + 1;
    }

    /** SIGKILL to server 1 or 2, as a crash would. */
    public void kill(int server) {
        run("kill", "--server", Integer.toString(server));
    }

    /** Starts server 1 or 2 again, as a replica of the current master, and waits until it is in sync. */
    public void startAgain(int server) {
        run("start", "--server", Integer.toString(server));
    }

    private String run(String... arguments) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        try {
            var builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Path output = Files.createTempFile("redis-ha", ".out");
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
            }
            String text = Files.readString(output);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "):\n" + text);
            }
            // The script logs on stderr and answers on stdout; both are here, the answer is the last line.
            List<String> lines = text.lines().filter(l -> !l.startsWith("redis-ha: ")).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static int freeBlock(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Below Linux's ephemeral range, where a client's outgoing connection could take one meanwhile.
            int first = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            boolean free = true;
            for (int p = first; p < first + size && free; p++) {
                try (var socket = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no " + size + " consecutive free ports on 127.0.0.1");
    }

    @Override
    public void close() {
        run("stop");
    }
}

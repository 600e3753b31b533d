package com.luckydraw.resilience;

import com.luckydraw.infra.process.LocalServices;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A redis-server of the suite's own on a free port, in memory only, that a scenario stops and starts again. */
final class PrivateRedis implements AutoCloseable {

    private final Path log;
    private final Path pidFile;
    private final int port;
    private Process process;

    private PrivateRedis(Path workDir) {
        this.log = workDir.resolve("logs").resolve("redis.log");
        this.pidFile = workDir.resolve("redis.pid");
        this.port = LocalServices.freePort();
    }

    static PrivateRedis start(Path workDir) {
        var redis = new PrivateRedis(workDir);
        redis.stopLeftover();
        redis.startServer();
        return redis;
    }

    int port() {
        return port;
    }

    void startServer() {
        String program = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("redis-server not found: the fault tests run a private"
                        + " Redis (apt-get install redis-server)"));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(program, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save",
                    "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
        await("private redis on port " + port).atMost(Duration.ofSeconds(30)).until(this::answers);
        try {
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /** A redis-server an earlier, killed run left behind: recognised by its pid file and its command line. */
    private void stopLeftover() {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("redis-server"))
                    .ifPresent(ProcessHandle::destroy);
            Files.delete(pidFile);
        } catch (IOException | NumberFormatException e) {
            System.out.println("faults: ignoring " + pidFile + ": " + e.getMessage());
        }
    }

    void stopServer() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited at start; see " + log);
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            return socket.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stopServer();
    }
}

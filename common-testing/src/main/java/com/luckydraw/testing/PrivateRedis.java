package com.luckydraw.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own, on a free port of 127.0.0.1, in memory only, that a test stops, kills and starts
 * again at will; the shared Redis is never touched. Fails with the command that installs redis-server when it is
 * missing.
 *
 * <p>{@link #start()} logs to the temporary folder. {@link #start(Path)} keeps its log and pid file in a work folder
 * and first stops a server that an earlier, killed run left there.
 */
public final class PrivateRedis implements AutoCloseable {

    private static final List<Path> KNOWN_PLACES = List.of(Path.of("/usr/bin/redis-server"),
            Path.of("/usr/local/bin/redis-server"));

    private final int port;
    private final Path log;
    private final Path pidFile;
    private Process process;

    private PrivateRedis(int port, Path log, Path pidFile) {
        this.port = port;
        this.log = log;
        this.pidFile = pidFile;
    }

    public static PrivateRedis start() {
        int port = freePort();
        var redis = new PrivateRedis(port,
                Path.of(System.getProperty("java.io.tmpdir"), "luckydraw-test-redis-" + port + ".log"), null);
        redis.startAgain();
        return redis;
    }

    public static PrivateRedis start(Path workDir) {
        var redis = new PrivateRedis(freePort(), workDir.resolve("logs").resolve("redis.log"),
                workDir.resolve("redis.pid"));
        redis.stopLeftover();
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again, on the same port) and waits until it answers PING. */
    public void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is running");
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(program(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start a private redis-server: " + e.getMessage()
                    + ". Install it: apt-get install redis-server", e);
        }
        await("private redis-server on port " + port).atMost(Duration.ofSeconds(30)).until(this::answersOrDied);
        if (pidFile != null) {
            try {
                Files.writeString(pidFile, Long.toString(process.pid()));
            } catch (IOException e) {
                throw new IllegalStateException("could not write " + pidFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** Stops the server politely (SIGTERM, as an operator's stop), forcibly if it lingers, and waits until it is gone. */
    public void stop() {
        if (process == null) {
            return;
        }
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

    /** Stops the server the hard way (SIGKILL: no goodbye to clients) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private boolean answersOrDied() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited at start; see " + log);
        }
        return answers();
    }

    /** The first redis-server on the PATH, else where Debian's and a source build put it. */
    private static String program() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "redis-server"));
            }
        }
        candidates.addAll(KNOWN_PLACES);
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("redis-server not found: these tests run a private"
                        + " Redis. Install it: apt-get install redis-server"));
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
            System.out.println("private redis: ignoring " + pidFile + ": " + e.getMessage());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}

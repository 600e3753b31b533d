package com.luckydraw.infra.process;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One service running as an operating-system process of its own: started with {@code java -jar}, output appended to
 * a log file, pid recorded in a file so another JVM (or {@code kill}) can stop it later.
 */
public final class ServiceProcess {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final int port;
    private final ProcessHandle handle;
    // Only for a process this JVM started: it knows the exit code.
    private final Process process;
    private final Path log;
    private final Path pidFile;

    private ServiceProcess(Service service, int port, ProcessHandle handle, Process process, Path log, Path pidFile) {
        this.service = service;
        this.port = port;
        this.handle = handle;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * Starts the process and returns at once; {@link #awaitHealthy(Duration)} waits for it to serve. The pid goes to
     * {@code pidFile} and the URL to a {@code .url} file beside it.
     */
    static ServiceProcess start(Service service, int port, List<String> command, java.util.Map<String, String> env,
            Path workingDirectory, Path log, Path pidFile) {
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(pidFile.getParent());
            Files.writeString(log, "---- " + java.time.Instant.now() + " starting: " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            var builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            Files.writeString(pidFile, process.pid() + System.lineSeparator());
            Files.writeString(urlFile(pidFile), "http://127.0.0.1:" + port + System.lineSeparator());
            return new ServiceProcess(service, port, process.toHandle(), process, log, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service.module() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The process recorded in {@code pidFile} by an earlier start, if it still runs and is that service's jar (a pid
     * reused by an unrelated process is not touched).
     */
    public static Optional<ServiceProcess> attach(Service service, Path pidFile, Path log) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            int port = readPort(urlFile(pidFile));
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(service.module() + "-")).orElse(false))
                    .map(h -> new ServiceProcess(service, port, h, null, log, pidFile));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int readPort(Path urlFile) throws IOException {
        if (!Files.isRegularFile(urlFile)) {
            return -1;
        }
        return URI.create(Files.readString(urlFile).trim()).getPort();
    }

    private static Path urlFile(Path pidFile) {
        String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
        return pidFile.resolveSibling(name + ".url");
    }

    public Service service() {
        return service;
    }

    public long pid() {
        return handle.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** The status {@code /actuator/health} reports now ({@code UP}, {@code DOWN}, ...), or empty if no answer. */
    public Optional<String> health() {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode status = JSON.readTree(response.body()).path("status");
            return status.isString() ? Optional.of(status.asString()) : Optional.empty();
        } catch (ConnectException | HttpTimeoutException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + service.module() + " for its health", e);
        }
    }

    /**
     * Polls {@code /actuator/health} until it says UP. Fails at once if the process exits, or after {@code timeout},
     * with the end of its log.
     */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            if (!handle.isAlive()) {
                throw new ServiceStartException(service.module() + " exited before it was healthy"
                        + exitCode().map(c -> " (exit code " + c + ")").orElse("") + "; end of " + log + ":\n"
                        + logTail(60));
            }
            Optional<String> status = health();
            if (status.filter("UP"::equals).isPresent()) {
                return;
            }
            last = status.map(s -> "health " + s).orElse("no answer");
            if (System.nanoTime() > deadline) {
                throw new ServiceStartException(service.module() + " (pid " + pid() + ") was not healthy at "
                        + baseUrl() + "/actuator/health within " + timeout.toSeconds() + " s (last: " + last
                        + "); end of " + log + ":\n" + logTail(60));
            }
            pause(Duration.ofMillis(500));
        }
    }

    private Optional<Integer> exitCode() {
        if (process == null) {
            return Optional.empty();
        }
        waitForExit(Duration.ofSeconds(2));
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /**
     * SIGTERM, then SIGKILL if the process has not ended within {@code grace}. Removes the pid file. Returns how the
     * process ended: {@code "stopped"} or {@code "killed"}.
     */
    public String stop(Duration grace) {
        String how = "stopped";
        if (handle.isAlive()) {
            handle.destroy();
            if (!waitForExit(grace)) {
                how = "killed";
                handle.destroyForcibly();
                if (!waitForExit(Duration.ofSeconds(15))) {
                    throw new IllegalStateException(service.module() + " (pid " + pid() + ") survived SIGKILL");
                }
            }
        }
        try {
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(urlFile(pidFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return how;
    }

    /** Ends the process with SIGKILL at once, as a crash would. */
    public void kill() {
        handle.destroyForcibly();
        waitForExit(Duration.ofSeconds(15));
    }

    private boolean waitForExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** The last {@code lines} lines of the log (read from its last 256 KiB). */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - 256 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return service.module() + " pid " + pid() + " at " + baseUrl();
    }
}

package com.luckydraw.e2e;

import com.luckydraw.infra.process.GeneratedSecrets;
import com.luckydraw.infra.process.LocalServices;
import com.luckydraw.infra.process.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The admin dashboard's jar as a fourth process beside the three services of an {@link E2eSystem}: it watches
 * those services (their URLs, and the {@code *_test} databases for lock waits), with a login of its own. Its log is
 * {@code e2e-tests/target/service-logs/admin-dashboard.log}.
 */
final class AdminDashboard implements AutoCloseable {

    static final String USER = "admin";
    static final String PASSWORD = "e2e-dashboard-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final String url;

    private AdminDashboard(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static AdminDashboard start(E2eSystem system) throws IOException {
        Path root = E2eSystem.projectRoot();
        Path jar = root.resolve("admin-dashboard").resolve("target")
                .resolve("admin-dashboard-" + Service.VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The dashboard test runs " + jar + ", which does not exist: run"
                    + " ./mvnw verify (or infra/bin/test) so that admin-dashboard is packaged before e2e-tests");
        }
        int port = LocalServices.freePort();
        Path log = root.resolve("e2e-tests").resolve("target").resolve("service-logs").resolve("admin-dashboard.log");
        Files.createDirectories(log.getParent());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LocalServices.SMALL_JVM);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("DASHBOARD_PORT", Integer.toString(port));
        env.put("DASHBOARD_USER", USER);
        env.put("DASHBOARD_PASSWORD", PASSWORD);
        // Trends sampled every 2 s instead of 10: a short test still draws charts of many points.
        env.put("DASHBOARD_TRENDS_INTERVAL", "2s");
        env.put("WALLET_SERVICE_URL", system.services.urls(Service.WALLET));
        env.put("LOTTERY_SERVICE_URL", system.services.urls(Service.LOTTERY));
        env.put("ORDER_SERVICE_URL", system.services.urls(Service.ORDER));
        // The services' login, so the dashboard can read their admin APIs, metrics and health details.
        env.put("SERVICE_ADMIN_USER", system.services.serviceAdmin().user());
        env.put("SERVICE_ADMIN_PASSWORD", system.services.serviceAdmin().password());
        // The auditor role's password for the lock-wait page: the environment's or the machine's generated one.
        env.put("AUDITOR_DB_PASSWORD", GeneratedSecrets.value("AUDITOR_DB_PASSWORD"));
        String suffix = System.getProperty("e2e.databaseSuffix", "_test");
        for (Service service : Service.values()) {
            env.put(service.databaseVariable(), service.database() + suffix);
        }
        var dashboard = new AdminDashboard(builder.start(), "http://127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close, "e2e-dashboard-stop"));
        dashboard.awaitReady(log);
        return dashboard;
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long started = System.nanoTime();
        await("the admin dashboard to be ready (log: " + log + ")").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the admin dashboard exited with " + process.exitValue()
                                + "; see " + log);
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        System.out.printf("e2e: admin dashboard up at %s in %.1f s%n", url, (System.nanoTime() - started) / 1e9);
    }

    String url() {
        return url;
    }

    /** {@code GET /luckydraw/api/trends}: the data the trends page charts, as the page's script reads it. */
    JsonNode trends() throws IOException, InterruptedException {
        String login = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url + "/luckydraw/api/trends")).header("Authorization", "Basic " + login)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /luckydraw/api/trends answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

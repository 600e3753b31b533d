package com.luckydraw.resilience;

import com.luckydraw.events.Topics;
import com.luckydraw.kafka.GrantingKafkaAccess;
import com.luckydraw.infra.audit.AuditConfig;
import com.luckydraw.infra.process.LocalServices;
import com.luckydraw.infra.process.ServiceAdmin;
import com.luckydraw.infra.process.Service;
import com.luckydraw.infra.terminal.TerminalEnrolment;
import com.luckydraw.infra.terminal.TerminalKeyring;
import com.luckydraw.testing.PrivateRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The system the faults are done to: a private PostgreSQL, Redis and Kafka broker, started here and nowhere else
 * used, and the three service jars as processes on them. One per test JVM, shared by the scenarios, stopped by a
 * shutdown hook. The shared PostgreSQL, Redis and Kafka of the machine are never touched.
 *
 * <p>{@code -Dfaults.instances=N} runs N processes of each service, {@code -Dfaults.brokers=B} a private Kafka
 * cluster of B nodes (topics replicated 3 times, 2 in sync, from three on); both default to 1, or to
 * {@code FAULTS_INSTANCES} / {@code FAULTS_BROKERS}. A test class that needs a given shape asks for it with
 * {@link #get(int, int)}: the system of another shape is stopped first.
 */
final class FaultSystem implements AutoCloseable {

    static final long PRICE = 100;
    static final String CURRENCY = "CNY";
    static final int USERS = 50;
    /** Enough for every purchase a soak can make: no purchase is refused for want of money. */
    static final long BALANCE = 1_000_000_000L;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int INSTANCES = shape("faults.instances", "FAULTS_INSTANCES");
    static final int BROKERS = shape("faults.brokers", "FAULTS_BROKERS");

    private static FaultSystem instance;
    private static RuntimeException startFailure;
    private static Thread stopHook;

    final Path projectRoot;
    final Path workDir;
    final PrivatePostgres postgres;
    final PrivateRedis redis;
    final PrivateKafka kafka;
    final LocalServices services;
    final AuditConfig databases;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private FaultSystem(Path projectRoot, Path workDir, PrivatePostgres postgres, PrivateRedis redis,
            PrivateKafka kafka, LocalServices services) {
        this.projectRoot = projectRoot;
        this.workDir = workDir;
        this.postgres = postgres;
        this.redis = redis;
        this.kafka = kafka;
        this.services = services;
        this.databases = new AuditConfig(postgres.jdbcUrl("wallet"), postgres.jdbcUrl("lottery"),
                postgres.jdbcUrl("orders"), "auditor", "auditor", Duration.ofMinutes(2));
    }

    private static int shape(String property, String variable) {
        String value = System.getProperty(property, "");
        if (value.isBlank()) {
            value = System.getenv().getOrDefault(variable, "");
        }
        return value.isBlank() ? 1 : Integer.parseInt(value.trim());
    }

    /** The system of the configured shape ({@code faults.instances}, {@code faults.brokers}). */
    static FaultSystem get() {
        return get(INSTANCES, BROKERS);
    }

    /** The system with this many instances per service and Kafka nodes; one of another shape is stopped first. */
    static synchronized FaultSystem get(int instances, int brokers) {
        if (instance != null && (instance.services.instances() != instances || instance.kafka.brokers() != brokers)) {
            instance.close();
            Runtime.getRuntime().removeShutdownHook(stopHook);
            instance = null;
            startFailure = null;
        }
        if (startFailure != null) {
            throw new IllegalStateException("the private system did not start (see the first test's error)",
                    startFailure);
        }
        if (instance == null) {
            try {
                instance = start(instances, brokers);
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            stopHook = new Thread(instance::close, "fault-system-stop");
            Runtime.getRuntime().addShutdownHook(stopHook);
        }
        return instance;
    }

    private static FaultSystem start(int instances, int brokers) {
        Path root = Path.of(System.getProperty("luckydraw.project.root", "..")).toAbsolutePath().normalize();
        List<String> missing = List.of(Service.values()).stream().map(s -> s.jar(root))
                .filter(j -> !Files.isRegularFile(j)).map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the fault tests run the service jars, and " + missing + " do not exist:"
                    + " ./mvnw -o -q -B install -pl wallet-service,lottery-service,order-service -DskipTests");
        }
        Path work = Path.of(System.getProperty("faults.workDir", "target/private")).toAbsolutePath();
        List<AutoCloseable> begun = new java.util.ArrayList<>();
        try {
            return startOn(root, work, begun, instances, brokers);
        } catch (RuntimeException e) {
            // Nothing private is left running when the start fails half-way.
            for (AutoCloseable part : begun) {
                try {
                    part.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static FaultSystem startOn(Path root, Path work, List<AutoCloseable> begun, int instances, int brokers) {
        long started = System.nanoTime();
        var postgres = PrivatePostgres.start(work, root);
        begun.add(postgres);
        var redis = PrivateRedis.start(work);
        begun.add(redis);
        var kafka = PrivateKafka.start(work, root, brokers);
        begun.add(kafka);
        GrantingKafkaAccess.grant(kafka.credentialsDir(), kafka.topicReplication());
        Path state = work.resolve("run");
        // A killed earlier run's services would hold the folder's pids: stop them first.
        LocalServices.stopRecorded(state, work.resolve("service-logs"), Duration.ofSeconds(10));
        var settings = LocalServices.settings(root)
                .instanceName("resilience-tests")
                .stateDirectory(state)
                .logDirectory(work.resolve("service-logs"))
                .databaseSuffix("")
                .topicsNamespace(Topics.NAMESPACE)
                .kafkaBootstrap(kafka.bootstrap())
                .postgres("127.0.0.1", postgres.port())
                .environment("REDIS_HOST", "127.0.0.1")
                .environment("REDIS_PORT", Integer.toString(redis.port()))
                // The services log in to the private broker with its principals.
                .environment("KAFKA_CREDENTIALS_DIR", kafka.credentialsDir().toString())
                // order-service seals its terminals' keys under this; a fresh one per private system.
                .environment("TERMINALS_MASTER_KEY", masterKey())
                .jvmOptions(LocalServices.SMALL_JVM)
                .instances(instances)
                .topicReplication(kafka.topicReplication().replicationFactor(),
                        kafka.topicReplication().minInsyncReplicas())
                .startTimeout(Duration.ofSeconds(300))
                .stopGrace(Duration.ofSeconds(20))
                // The operators' login the services start with; every admin and actuator call below presents it.
                .serviceAdmin(new ServiceAdmin("faults-operator", "faults-" + java.util.UUID.randomUUID()))
                // Short saga steps: an order whose peer is down is retried, then ends, within the scenario.
                .property("luckydraw.saga.step-timeout", "3000ms")
                .property("luckydraw.saga.sweep-interval", "250ms")
                .property("luckydraw.saga.max-attempts", "6");
        for (Service service : Service.values()) {
            for (int n = 1; n <= instances; n++) {
                settings.port(service, n, LocalServices.freePort());
            }
        }
        var system = new FaultSystem(root, work, postgres, redis, kafka, settings.build(System.out));
        begun.add(0, system.services);
        system.services.startAll();
        system.openWallets();
        system.terminals = new TerminalEnrolment(system.url(Service.ORDER), system.services.serviceAdmin())
                .enrol(PurchaseLoad.TERMINALS);
                System.out.printf("faults: private system up in %.1f s (postgres %d, redis %d, kafka %s, %d instance(s) of"
                + " each service)%n", (System.nanoTime() - started) / 1e9, postgres.port(), redis.port(),
                kafka.bootstrap(), instances);
        return system;
    }

    /** The terminals the load buys as, registered with order-service once the services are up. */
    volatile TerminalKeyring terminals;

    private static String masterKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    String url(Service service) {
        return services.url(service);
    }

    private void openWallets() {
        for (int u = 1; u <= USERS; u++) {
            String user = "user-" + u;
            var response = post(url(Service.WALLET) + "/admin/wallets", Map.of("userId", user, "currency", CURRENCY,
                    "initialCredit", Map.of("amount", BALANCE, "bizId", "faults-credit-" + user, "posId", "faults")));
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw new IllegalStateException("opening wallet " + user + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
        }
    }

    /** Launches a product and returns its first round's id. */
    long launchRound(String name, int shares) {
        var response = post(url(Service.LOTTERY) + "/admin/products", Map.of("name", name, "pricePerShare", PRICE,
                "currency", CURRENCY, "sharesPerRound", shares, "reopenOnSellOut", false));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("launching " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body()).get("round").get("id").asLong();
    }

    /** The status of one component of a service's /actuator/health, or "UNREACHABLE". */
    String healthOf(Service service, String component) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/health"))
                    // Components are shown to the admin only.
                    .header("Authorization", services.serviceAdmin().authorization())
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode status = JSON.readTree(response.body()).path("components").path(component).path("status");
            return status.isMissingNode() ? "ABSENT" : status.asString();
        } catch (IOException | RuntimeException e) {
            return "UNREACHABLE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNREACHABLE";
        }
    }

    /** A service's /actuator/prometheus text. */
    String prometheus(Service service) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/prometheus"))
                    .header("Authorization", services.serviceAdmin().authorization())
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(service.module() + " /actuator/prometheus: HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(service.module() + " /actuator/prometheus: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpResponse<String> post(String url, Object body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", services.serviceAdmin().authorization())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {services, kafka, redis, postgres}) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("faults: stopping " + part + ": " + e.getMessage());
            }
        }
    }
}

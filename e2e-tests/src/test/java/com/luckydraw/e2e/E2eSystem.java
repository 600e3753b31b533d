package com.luckydraw.e2e;

import com.luckydraw.events.Topics;
import com.luckydraw.kafka.GrantingKafkaAccess;
import com.luckydraw.kafka.TopicReplication;
import com.luckydraw.infra.audit.AuditConfig;
import com.luckydraw.infra.process.LocalServices;
import com.luckydraw.infra.process.ServiceAdmin;
import com.luckydraw.infra.process.Service;
import com.luckydraw.infra.terminal.TerminalEnrolment;
import com.luckydraw.infra.terminal.TerminalKeyring;
import com.luckydraw.testing.RealInfrastructure;
import com.luckydraw.testing.RealKafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The system under test: the three service jars, each its own process, on the {@code *_test} databases, this suite's
 * topic namespace ({@code test-e2e-tests}, from the root pom's Surefire configuration) and short saga timeouts.
 * Started once per test JVM by {@link E2eExtension} and shared by every test class; stopped when the JVM's tests end
 * (and by a shutdown hook, and at the next start if the JVM was killed: the pids are kept under
 * {@code ~/.luckydraw/e2e-run}).
 *
 * <p>{@code -De2e.instances=N} ({@code E2E_INSTANCES}) runs N processes of each service (default 1). The broker is
 * the one {@code KAFKA_BOOTSTRAP_SERVERS} names: a cluster ({@code infra/bin/kafka start --brokers 3}, every node
 * listed) with {@code LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR=3} and {@code _MIN_INSYNC_REPLICAS=2} gets the
 * suite's topics replicated so.
 */
final class E2eSystem implements AutoCloseable {

    /** A saga step waits this long for its reply before its command is sent again. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(3);
    /** Sends of a step's command before the saga escalates. */
    static final int MAX_ATTEMPTS = 4;
    /** An ESCALATED order's allocation request is voided this long after the escalation (5 min in production). */
    static final Duration VOID_AFTER = Duration.ofSeconds(8);
    /** Free tries a wallet gets per day in these tests. */
    static final int FREE_TRIES_PER_DAY = 3;

    final String bootstrap;
    final String namespace;
    final AuditConfig databases;
    final LocalServices services;
    final TestDatabases read;
    final Purchases purchases;
    /** The terminals the suite buys as, registered with order-service once the services are up. */
    static final List<String> TERMINALS = List.of("pos-e2e", "pos-http-e2e");
    volatile TerminalKeyring terminals;

    private E2eSystem(String bootstrap, String namespace, AuditConfig databases, LocalServices services) {
        this.bootstrap = bootstrap;
        this.namespace = namespace;
        this.databases = databases;
        this.services = services;
        this.read = new TestDatabases(databases);
        this.purchases = new Purchases(bootstrap);
    }

    static E2eSystem start() {
        Path root = projectRoot();
        List<String> missing = List.of(Service.values()).stream().map(s -> s.jar(root)).filter(j -> !Files.isRegularFile(j))
                .map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The end-to-end tests run the service jars, and " + missing
                    + " do not exist: run ./mvnw verify (or infra/bin/test) so the service jars exist");
        }
        String bootstrap = RealKafka.bootstrap();
        // -De2e.databaseSuffix=_e2e runs the suite on databases of its own (created by hand) while other modules'
        // tests use the *_test ones; the default is the tests' databases.
        String suffix = System.getProperty("e2e.databaseSuffix", "_test");
        AuditConfig databases = AuditConfig.fromEnvironment(suffix);
        RealInfrastructure.requireLocal(databases.ordersUrl(), bootstrap);
        String namespace = Topics.NAMESPACE;
        // The services run as their own Kafka principals: the suite's namespace needs its topics and their ACLs.
        GrantingKafkaAccess.grantOnce();

        Path state = Path.of(env("LUCKYDRAW_HOME", Path.of(System.getProperty("user.home"), ".luckydraw").toString()))
                .resolve("e2e-run");
        Path logs = root.resolve("e2e-tests").resolve("target").resolve("service-logs");
        // Processes a killed earlier run left behind would consume this suite's topics: stop them first.
        LocalServices.stopRecorded(state, logs, Duration.ofSeconds(20)).forEach(s -> System.out.println("e2e: " + s
                + " left by an earlier run"));
        TestSlate.cleanIfTheAuditIsNot(databases, bootstrap, namespace, System.out);

        var settings = LocalServices.settings(root)
                .instanceName("e2e-tests")
                .stateDirectory(state)
                .logDirectory(logs)
                .databaseSuffix(suffix)
                // The PostgreSQL the suite reads (PGHOST/PGPORT, as AuditConfig), not the launcher's default.
                .postgres(env("PGHOST", "127.0.0.1"), Integer.parseInt(env("PGPORT", "5432")))
                .topicsNamespace(namespace)
                .kafkaBootstrap(bootstrap)
                .jvmOptions(LocalServices.SMALL_JVM)
                .startTimeout(Duration.ofSeconds(240))
                .stopGrace(Duration.ofSeconds(20))
                // Not the developer default: every admin call of the suite must carry this very login.
                .serviceAdmin(new ServiceAdmin("e2e-operator", "e2e-" + java.util.UUID.randomUUID()))
                // order-service seals its terminals' keys under this; a fresh one per run, like the login.
                .environment("TERMINALS_MASTER_KEY", masterKey())
                .property("luckydraw.saga.step-timeout", STEP_TIMEOUT.toMillis() + "ms")
                .property("luckydraw.saga.sweep-interval", "250ms")
                .property("luckydraw.saga.max-attempts", Integer.toString(MAX_ATTEMPTS))
                .property("luckydraw.saga.void-after", VOID_AFTER.toMillis() + "ms")
                .property("luckydraw.wallet.free-tries-per-day", Integer.toString(FREE_TRIES_PER_DAY))
                // Locks of its own in the shared Redis, apart from the demo's and lottery-service's tests.
                .property("luckydraw.lottery.lock.key-prefix", "luckydraw:e2e:lottery:round:");
        int instances = Integer.parseInt(System.getProperty("e2e.instances", env("E2E_INSTANCES", "1")));
        TopicReplication replication = TopicReplication.fromEnvironment();
        settings.instances(instances)
                .topicReplication(replication.replicationFactor(), replication.minInsyncReplicas());
        for (Service service : Service.values()) {
            for (int instance = 1; instance <= instances; instance++) {
                settings.port(service, instance, LocalServices.freePort());
            }
        }
        LocalServices services = settings.build(System.out);
        var system = new E2eSystem(bootstrap, namespace, databases, services);
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "e2e-services-stop"));
        long started = System.nanoTime();
        services.startAll();
        System.out.printf("e2e: three services (%d instance(s) each) up in %.1f s%n", instances,
                (System.nanoTime() - started) / 1e9);
        system.terminals = new TerminalEnrolment(system.url(Service.ORDER), services.serviceAdmin())
                .enrol(TERMINALS);
        system.purchases.signWith(system.terminals);
        return system;
    }

    private static String masterKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    String url(Service service) {
        return services.url(service);
    }

    String requestsTopic() {
        return Topics.PURCHASE_REQUESTS.name();
    }

    @Override
    public void close() {
        purchases.close();
        services.close();
    }

    /** The folder holding the service modules: given by the pom, else found upwards from the working directory. */
    static Path projectRoot() {
        String configured = System.getProperty("luckydraw.project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("e2e-tests")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project folder above " + Path.of("").toAbsolutePath());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

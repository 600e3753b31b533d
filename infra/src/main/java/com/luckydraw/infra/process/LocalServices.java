package com.luckydraw.infra.process;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three services, each as a separate {@code java -jar} process, configured for one environment: the demo (plain
 * databases, namespace {@code luckydraw}, ports 8081-8083) or the end-to-end tests ({@code *_test} databases, their
 * own namespace, free ports). Starts them together and waits until each says UP; stops them with SIGTERM, then
 * SIGKILL.
 *
 * <p>Port and broker go to each process as command-line properties ({@code --server.port=...},
 * {@code --spring.kafka.bootstrap-servers=...}), which Spring Boot ranks above its {@code application.yml} and
 * environment. The database goes through the variables the services' datasource URLs are built from
 * ({@code PGHOST}, {@code PGPORT}, {@code WALLET_DB}, {@code LOTTERY_DB}, {@code ORDERS_DB}), so each keeps the
 * rest of its URL (lottery-service's {@code reWriteBatchedInserts}, for one). The topic namespace goes through the
 * environment ({@code LUCKYDRAW_TOPICS_NAMESPACE}) because {@code Topics} reads it before Spring starts.
 *
 * <p>Each service may run as several instances ({@link Settings#instances(int)}): separate processes on one database
 * and one consumer group, each with its own port (the first instance's plus ten per further instance unless set), log
 * ({@code <module>-<n>.log} from the second on) and pid file. The methods that name only a service act on all its
 * instances; those that name an instance number on that one.
 */
public final class LocalServices implements AutoCloseable {

    /** JVM options that keep three services small on a two-core machine (each starts in 20-100 s there, by load). */
    public static final List<String> SMALL_JVM = List.of("-Xmx256m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    private final Settings settings;
    private final PrintStream out;
    /** Port distance between the instances of one service when their ports are not set one by one. */
    public static final int INSTANCE_PORT_STEP = 10;

    private final Map<String, ServiceProcess> running = Collections.synchronizedMap(new LinkedHashMap<>());

    private LocalServices(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static Settings settings(Path projectRoot) {
        return new Settings(projectRoot);
    }

    public Settings settings() {
        return settings;
    }

    /** Starts every service not running yet, all at once, and waits until each is healthy. */
    public void startAll() {
        startAll(List.of(Service.values()));
    }

    /** Starts every instance of these services not running yet, all at once, and waits until each is healthy. */
    public void startAll(List<Service> services) {
        List<int[]> toStart = new ArrayList<>();
        for (Service service : services) {
            for (int instance = 1; instance <= settings.instances; instance++) {
                if (!running.containsKey(name(service, instance))) {
                    toStart.add(new int[] {service.ordinal(), instance});
                }
            }
        }
        start(toStart);
    }

    private void start(List<int[]> toStart) {
        for (int[] one : toStart) {
            checkCanStart(Service.values()[one[0]], one[1]);
        }
        List<ServiceProcess> started = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (int[] one : toStart) {
                Service service = Service.values()[one[0]];
                started.add(launch(service, one[1]));
                names.add(name(service, one[1]));
            }
            for (int i = 0; i < started.size(); i++) {
                ServiceProcess process = started.get(i);
                process.awaitHealthy(settings.startTimeout);
                out.println("started " + names.get(i) + " (pid " + process.pid() + ") at " + process.baseUrl()
                        + ", log " + process.log());
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < started.size(); i++) {
                running.remove(names.get(i));
                started.get(i).stop(settings.stopGrace);
            }
            throw e;
        }
    }

    /** Starts every instance of one service and waits until each is healthy; returns the first. */
    public ServiceProcess start(Service service) {
        startAll(List.of(service));
        return process(service);
    }

    /** Starts one instance (1..{@link Settings#instances(int)}) and waits until it is healthy. */
    public ServiceProcess start(Service service, int instance) {
        checkInstance(instance);
        if (!running.containsKey(name(service, instance))) {
            start(List.<int[]>of(new int[] {service.ordinal(), instance}));
        }
        return process(service, instance);
    }

    /** Stops every instance of one service (SIGTERM, then SIGKILL after the grace period). */
    public void stop(Service service) {
        for (int instance = 1; instance <= settings.instances; instance++) {
            stop(service, instance);
        }
    }

    /**
     * Stops one instance (SIGTERM, then SIGKILL after the grace period); nothing if it is not running. Returns how it
     * ended: {@code "stopped"} (within the grace period), {@code "killed"}, or {@code "not running"}.
     */
    public String stop(Service service, int instance) {
        ServiceProcess process = running.remove(name(service, instance));
        if (process == null) {
            return "not running";
        }
        String how = process.stop(settings.stopGrace);
        out.println(how + " " + name(service, instance) + " (pid " + process.pid() + ")");
        return how;
    }

    /** Ends every instance of one service with SIGKILL, as a crash of the whole service would. */
    public void kill(Service service) {
        for (int instance = 1; instance <= settings.instances; instance++) {
            kill(service, instance);
        }
    }

    /** Ends one instance with SIGKILL, as a crash would; the others take over its partitions. */
    public void kill(Service service, int instance) {
        ServiceProcess process = running.remove(name(service, instance));
        if (process != null) {
            process.kill();
            process.stop(Duration.ZERO);
            out.println("killed " + name(service, instance) + " (pid " + process.pid() + ")");
        }
    }

    /** The first running instance of the service. */
    public ServiceProcess process(Service service) {
        for (int instance = 1; instance <= settings.instances; instance++) {
            ServiceProcess process = running.get(name(service, instance));
            if (process != null) {
                return process;
            }
        }
        throw new IllegalStateException(service.module() + " is not running");
    }

    public ServiceProcess process(Service service, int instance) {
        ServiceProcess process = running.get(name(service, instance));
        if (process == null) {
            throw new IllegalStateException(name(service, instance) + " is not running");
        }
        return process;
    }

    /** Whether any instance of the service runs. */
    public boolean isRunning(Service service) {
        for (int instance = 1; instance <= settings.instances; instance++) {
            if (running.containsKey(name(service, instance))) {
                return true;
            }
        }
        return false;
    }

    public int instances() {
        return settings.instances;
    }

    /** How an instance is named in logs, pid and log files: the module, then {@code -2}, {@code -3}... */
    public static String name(Service service, int instance) {
        return instance == 1 ? service.module() : service.module() + "-" + instance;
    }

    private void checkInstance(int instance) {
        if (instance < 1 || instance > settings.instances) {
            throw new IllegalArgumentException("no instance " + instance + ": " + settings.instances + " per service");
        }
    }

    /** The operators' login these services were started with, for calling their admin API and actuator. */
    public ServiceAdmin serviceAdmin() {
        return settings.serviceAdmin;
    }

    /** The URL of the first running instance (of the first, when none runs): any instance serves the same data. */
    public String url(Service service) {
        for (int instance = 1; instance <= settings.instances; instance++) {
            if (running.containsKey(name(service, instance))) {
                return url(service, instance);
            }
        }
        return url(service, 1);
    }

    public String url(Service service, int instance) {
        return "http://127.0.0.1:" + settings.portOf(service, instance);
    }

    /** Every instance's URL, comma-separated: what the admin dashboard takes per service. */
    public String urls(Service service) {
        List<String> urls = new ArrayList<>();
        for (int instance = 1; instance <= settings.instances; instance++) {
            urls.add(url(service, instance));
        }
        return String.join(",", urls);
    }

    /** Stops every service, order-service first so no saga step is started against a stopped peer. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Service service : List.of(Service.ORDER, Service.LOTTERY, Service.WALLET)) {
            try {
                stop(service);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkCanStart(Service service, int instance) {
        Path jar = service.jar(settings.projectRoot);
        if (!Files.isRegularFile(jar)) {
            throw new ServiceStartException(service.module() + " jar not found at " + jar
                    + ": run ./mvnw verify (or infra/bin/test) so the service jars exist"
                    + " (or ./mvnw -B -DskipTests install for the demo)");
        }
        // A process recorded by an earlier start that was never stopped (a killed test run, a --keep-running demo).
        stopLeftover(service, instance, settings.stateDirectory, settings.logDirectory, settings.stopGrace)
                .ifPresent(done -> out.println(done + ", left running by an earlier start"));
        int port = settings.portOf(service, instance);
        if (!portFree(port)) {
            throw new ServiceStartException("port " + port + " for " + name(service, instance) + " is in use by another"
                    + " process; stop it (infra/bin/run stop stops a demo left running) or choose another port with "
                    + service.portVariable());
        }
    }

    private ServiceProcess launch(Service service, int instance) {
        int port = settings.portOf(service, instance);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions);
        // Lets an operator tell these processes apart in ps: which environment started them.
        command.add("-Dluckydraw.launched-by=" + settings.instanceName);
        command.add("-Dluckydraw.instance=" + name(service, instance));
        command.add("-jar");
        command.add(runnableJar(service).toString());
        command.add("--server.port=" + port);
        command.add("--spring.kafka.bootstrap-servers=" + settings.kafkaBootstrap);
        if (settings.topicReplication != null) {
            command.add("--luckydraw.kafka.topics.replication-factor=" + settings.topicReplication[0]);
            command.add("--luckydraw.kafka.topics.min-insync-replicas=" + settings.topicReplication[1]);
        }
        command.addAll(settings.commonArguments);
        command.addAll(settings.arguments.getOrDefault(service, List.of()));

        Map<String, String> env = new LinkedHashMap<>(settings.environment);
        env.put("LUCKYDRAW_TOPICS_NAMESPACE", settings.topicsNamespace);
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap);
        env.put("PGHOST", settings.pgHost);
        env.put("PGPORT", Integer.toString(settings.pgPort));
        env.put(service.databaseVariable(), service.database() + settings.databaseSuffix);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put(service.portVariable(), Integer.toString(port));
        env.put("SERVICE_ADMIN_USER", settings.serviceAdmin.user());
        env.put("SERVICE_ADMIN_PASSWORD", settings.serviceAdmin.password());
        // The database role's password: set for this launcher, else the environment's or the machine's generated one.
        String dbPassword = service.databaseVariable() + "_PASSWORD";
        env.computeIfAbsent(dbPassword, GeneratedSecrets::value);

        ServiceProcess process = ServiceProcess.start(service, port, command, env, settings.projectRoot,
                logFile(settings.logDirectory, service, instance), pidFile(settings.stateDirectory, service, instance));
        running.put(name(service, instance), process);
        return process;
    }

    /**
     * The jar to run: a copy in the state directory, so that a rebuild of the module while the service runs (a
     * colleague's {@code mvn package}) does not pull the jar away from under its JVM, which reads classes lazily.
     */
    private Path runnableJar(Service service) {
        Path built = service.jar(settings.projectRoot);
        Path copy = settings.stateDirectory.resolve("jars").resolve(built.getFileName());
        try {
            Files.createDirectories(copy.getParent());
            // Copied beside, then renamed over the old copy in one step: an instance started a moment ago keeps
            // reading the file it opened, and the next one never opens a half-written jar.
            Path partial = Files.createTempFile(copy.getParent(), built.getFileName().toString(), ".partial");
            Files.copy(built, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(partial, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return copy;
        } catch (IOException e) {
            throw new ServiceStartException("could not copy " + built + " to " + copy + ": " + e.getMessage());
        }
    }

    /** Stops the processes recorded in {@code stateDirectory} (another JVM's start), every instance; what it did. */
    public static List<String> stopRecorded(Path stateDirectory, Path logDirectory, Duration grace) {
        List<String> done = new ArrayList<>();
        for (Service service : List.of(Service.ORDER, Service.LOTTERY, Service.WALLET)) {
            for (int instance : recordedInstances(stateDirectory, service)) {
                stopLeftover(service, instance, stateDirectory, logDirectory, grace).ifPresent(done::add);
            }
        }
        return done;
    }

    /** The processes recorded in {@code stateDirectory} that still run, every instance of every service. */
    public static List<ServiceProcess> recorded(Path stateDirectory, Path logDirectory) {
        List<ServiceProcess> result = new ArrayList<>();
        for (Service service : Service.values()) {
            for (int instance : recordedInstances(stateDirectory, service)) {
                ServiceProcess.attach(service, pidFile(stateDirectory, service, instance),
                        logFile(logDirectory, service, instance)).ifPresent(result::add);
            }
        }
        return result;
    }

    /** The instance numbers with a pid file in {@code stateDirectory}: 1 for {@code <module>.pid}, n for -n. */
    private static List<Integer> recordedInstances(Path stateDirectory, Service service) {
        List<Integer> instances = new ArrayList<>();
        var pattern = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(service.module())
                + "(?:-(\\d+))?\\.pid");
        try (var files = Files.list(stateDirectory)) {
            files.map(f -> pattern.matcher(f.getFileName().toString())).filter(java.util.regex.Matcher::matches)
                    .map(m -> m.group(1) == null ? 1 : Integer.parseInt(m.group(1))).sorted().forEach(instances::add);
        } catch (IOException e) {
            return List.of();
        }
        return instances;
    }

    private static Optional<String> stopLeftover(Service service, int instance, Path stateDirectory,
            Path logDirectory, Duration grace) {
        Path pidFile = pidFile(stateDirectory, service, instance);
        Optional<ServiceProcess> leftover = ServiceProcess.attach(service, pidFile,
                logFile(logDirectory, service, instance));
        try {
            if (leftover.isEmpty()) {
                Files.deleteIfExists(pidFile);
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        ServiceProcess process = leftover.get();
        return Optional.of(process.stop(grace) + " " + name(service, instance) + " (pid " + process.pid() + ")");
    }

    static Path pidFile(Path stateDirectory, Service service, int instance) {
        return stateDirectory.resolve(name(service, instance) + ".pid");
    }

    static Path logFile(Path logDirectory, Service service, int instance) {
        return logDirectory.resolve(name(service, instance) + ".log");
    }

    private static boolean portFree(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free TCP port on 127.0.0.1, for tests that must not collide with a running demo. */
    public static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    /** Where and how the services run. Defaults are the demo's; every setter returns this. */
    public static final class Settings {
        private final Path projectRoot;
        private Path stateDirectory;
        private Path logDirectory;
        private String instanceName = "luckydraw";
        private String databaseSuffix = "";
        private String topicsNamespace = "luckydraw";
        private String kafkaBootstrap = "127.0.0.1:9092";
        private String pgHost = "127.0.0.1";
        private int pgPort = 5432;
        private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
        private final Map<String, Integer> instancePorts = new LinkedHashMap<>();
        private int instances = 1;
        // Replication factor and min.insync.replicas of the topics the services create; null: their defaults.
        private int[] topicReplication;
        private List<String> jvmOptions = SMALL_JVM;
        private final List<String> commonArguments = new ArrayList<>();
        private final Map<Service, List<String>> arguments = new EnumMap<>(Service.class);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(180);
        private Duration stopGrace = Duration.ofSeconds(30);
        private ServiceAdmin serviceAdmin = ServiceAdmin.fromEnvironment();

        private Settings(Path projectRoot) {
            this.projectRoot = projectRoot.toAbsolutePath().normalize();
            Path home = Path.of(System.getProperty("user.home"), ".luckydraw");
            this.stateDirectory = home.resolve("run");
            this.logDirectory = home.resolve("logs");
            for (Service service : Service.values()) {
                ports.put(service, service.defaultPort());
            }
        }

        /**
         * The demo's settings from the environment, as infra/bin/run passes it: {@code LUCKYDRAW_HOME},
         * {@code WALLET_PORT}, {@code LOTTERY_PORT}, {@code ORDER_PORT}, {@code KAFKA_BOOTSTRAP_SERVERS} (or
         * {@code KAFKA_PORT}), {@code PGHOST}, {@code PGPORT}, {@code LUCKYDRAW_TOPICS_NAMESPACE},
         * {@code SERVICE_JAVA_OPTS}, {@code SERVICE_INSTANCES} (instances per service, default 1),
         * {@code LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR} and {@code LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS}.
         */
        public Settings fromEnvironment() {
            Path home = Path.of(env("LUCKYDRAW_HOME", Path.of(System.getProperty("user.home"), ".luckydraw").toString()));
            stateDirectory = home.resolve("run");
            logDirectory = home.resolve("logs");
            for (Service service : Service.values()) {
                ports.put(service, service.portFromEnvironment());
            }
            kafkaBootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + env("KAFKA_PORT", "9092"));
            pgHost = env("PGHOST", "127.0.0.1");
            pgPort = Integer.parseInt(env("PGPORT", "5432"));
            topicsNamespace = env("LUCKYDRAW_TOPICS_NAMESPACE", "luckydraw");
            instances(Integer.parseInt(env("SERVICE_INSTANCES", "1")));
            String replicas = env("LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR", "");
            if (!replicas.isBlank()) {
                topicReplication(Integer.parseInt(replicas),
                        Integer.parseInt(env("LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "1")));
            }
            String javaOpts = env("SERVICE_JAVA_OPTS", "");
            if (!javaOpts.isBlank()) {
                jvmOptions = List.of(javaOpts.trim().split("\\s+"));
            }
            return this;
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        public Settings stateDirectory(Path value) {
            stateDirectory = value;
            return this;
        }

        public Settings logDirectory(Path value) {
            logDirectory = value;
            return this;
        }

        /** Shown in each process's command line ({@code -Dluckydraw.launched-by=...}). */
        public Settings instanceName(String value) {
            instanceName = value;
            return this;
        }

        /** {@code ""} for the demo's databases, {@code "_test"} for the tests'. */
        public Settings databaseSuffix(String value) {
            databaseSuffix = value;
            return this;
        }

        public Settings topicsNamespace(String value) {
            topicsNamespace = value;
            return this;
        }

        public Settings kafkaBootstrap(String value) {
            kafkaBootstrap = value;
            return this;
        }

        public Settings postgres(String host, int port) {
            pgHost = host;
            pgPort = port;
            return this;
        }

        public Settings port(Service service, int port) {
            ports.put(service, port);
            return this;
        }

        public int port(Service service) {
            return ports.get(service);
        }

        /** Sets the port of one instance; unset, instance n listens on the first's port + 10 x (n - 1). */
        public Settings port(Service service, int instance, int port) {
            if (instance == 1) {
                return port(service, port);
            }
            instancePorts.put(name(service, instance), port);
            return this;
        }

        /** The port of one instance: the first's is {@link #port(Service)}. */
        public int portOf(Service service, int instance) {
            if (instance == 1) {
                return port(service);
            }
            return instancePorts.getOrDefault(name(service, instance),
                    port(service) + (instance - 1) * INSTANCE_PORT_STEP);
        }

        /** Instances per service, each its own process (default 1). */
        public Settings instances(int value) {
            if (value < 1 || value > 9) {
                throw new IllegalArgumentException("instances per service: 1 to 9, not " + value);
            }
            instances = value;
            return this;
        }

        public int instances() {
            return instances;
        }

        /** Replication factor and min.insync.replicas of the topics the services create (a cluster: 3 and 2). */
        public Settings topicReplication(int replicationFactor, int minInsyncReplicas) {
            topicReplication = new int[] {replicationFactor, minInsyncReplicas};
            return this;
        }

        public Settings jvmOptions(List<String> value) {
            jvmOptions = List.copyOf(value);
            return this;
        }

        /** A Spring property for every service, as a {@code --name=value} argument. */
        public Settings property(String name, String value) {
            commonArguments.add("--" + name + "=" + value);
            return this;
        }

        /** A Spring property for one service, as a {@code --name=value} argument. */
        public Settings property(Service service, String name, String value) {
            arguments.computeIfAbsent(service, k -> new ArrayList<>()).add("--" + name + "=" + value);
            return this;
        }

        /** An environment variable for every service (the launcher's own environment is inherited). */
        public Settings environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** The operators' login the services are started with (default: {@link ServiceAdmin#fromEnvironment()}). */
        public Settings serviceAdmin(ServiceAdmin value) {
            serviceAdmin = value;
            return this;
        }

        public ServiceAdmin serviceAdmin() {
            return serviceAdmin;
        }

        public Settings startTimeout(Duration value) {
            startTimeout = value;
            return this;
        }

        public Settings stopGrace(Duration value) {
            stopGrace = value;
            return this;
        }

        public Path projectRoot() {
            return projectRoot;
        }

        public Path stateDirectory() {
            return stateDirectory;
        }

        public Path logDirectory() {
            return logDirectory;
        }

        public String topicsNamespace() {
            return topicsNamespace;
        }

        public String kafkaBootstrap() {
            return kafkaBootstrap;
        }

        public String databaseSuffix() {
            return databaseSuffix;
        }

        /** The database the service uses: its name with the suffix, on PGHOST:PGPORT. */
        public String databaseName(Service service) {
            return service.database() + databaseSuffix;
        }

        /** The services with these settings; nothing runs until {@link LocalServices#startAll()}. */
        public LocalServices build(PrintStream out) {
            return new LocalServices(this, out);
        }
    }
}

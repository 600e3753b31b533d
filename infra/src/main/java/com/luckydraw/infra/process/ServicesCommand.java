package com.luckydraw.infra.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command line of the launcher, used by {@code infra/bin/run}: {@code start}, {@code stop} and {@code status} of the
 * three service processes, configured from the environment (see {@link LocalServices.Settings#fromEnvironment()}).
 * Processes started here outlive this JVM; their pids are kept under {@code $LUCKYDRAW_HOME/run}.
 */
public final class ServicesCommand {

    private static final String USAGE = """
            usage: ServicesCommand start [--property [<module>:]<name>=<value>]... | stop | status
              start    start wallet-service, lottery-service and order-service (jars under <module>/target) and
                       wait until each /actuator/health says UP; a property goes to every service, or to one
                       when prefixed with its module, e.g. order-service:luckydraw.orders.saga.timeout=30s
              stop     SIGTERM, then SIGKILL after 30 s, to the processes recorded by start
              status   the recorded processes and their health
            environment: LUCKYDRAW_HOME, WALLET_PORT, LOTTERY_PORT, ORDER_PORT, KAFKA_BOOTSTRAP_SERVERS, PGHOST,
                         PGPORT, LUCKYDRAW_TOPICS_NAMESPACE, SERVICE_JAVA_OPTS, LUCKYDRAW_ROOT (the project folder),
                         SERVICE_INSTANCES (processes per service, default 1; instance n on the first's port
                         + 10 x (n - 1), log <module>-n.log), LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR and
                         LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS (the topics the services create)
            """;

    private ServicesCommand() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        Path root = Path.of(System.getenv().getOrDefault("LUCKYDRAW_ROOT", ".")).toAbsolutePath().normalize();
        var settings = LocalServices.settings(root).fromEnvironment().instanceName("infra-bin-run");
        try {
            switch (args[0]) {
                case "start" -> {
                    for (int i = 1; i < args.length; i++) {
                        if (!args[i].equals("--property") || i + 1 == args.length) {
                            throw new IllegalArgumentException("unknown argument " + args[i]);
                        }
                        property(settings, args[++i]);
                    }
                    settings.build(System.out).startAll();
                }
                case "stop" -> {
                    List<String> done = LocalServices.stopRecorded(settings.stateDirectory(), settings.logDirectory(),
                            Duration.ofSeconds(30));
                    done.forEach(System.out::println);
                    if (done.isEmpty()) {
                        System.out.println("no service recorded in " + settings.stateDirectory() + " is running");
                    }
                }
                case "status" -> {
                    List<ServiceProcess> running = LocalServices.recorded(settings.stateDirectory(),
                            settings.logDirectory());
                    for (ServiceProcess process : running) {
                        System.out.printf("%-18s pid %-8d %-24s health %s%n",
                                process.log().getFileName().toString().replaceFirst("\\.log$", ""),
                                process.pid(), process.baseUrl(), process.health().orElse("no answer"));
                    }
                    if (running.isEmpty()) {
                        System.out.println("no service recorded in " + settings.stateDirectory() + " is running");
                        System.exit(3);
                    }
                }
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (ServiceStartException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static void property(LocalServices.Settings settings, String spec) {
        int eq = spec.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException("a property is name=value: " + spec);
        }
        String name = spec.substring(0, eq);
        String value = spec.substring(eq + 1);
        int colon = name.indexOf(':');
        if (colon < 0) {
            settings.property(name, value);
            return;
        }
        String module = name.substring(0, colon);
        Service service = java.util.Arrays.stream(Service.values()).filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
        settings.property(service, name.substring(colon + 1), value);
    }
}

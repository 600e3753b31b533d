package com.luckydraw.infra.migration;

import com.luckydraw.infra.process.GeneratedSecrets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One service database as its service sees it: where it is, the role that owns it (migrations run as the service
 * runs, never as a superuser), the folders its Flyway reads, and the tables that must exist once it is migrated.
 *
 * @param locations      Flyway locations, in the order of the service's {@code spring.flyway.locations}
 * @param requiredTables a spot check for {@code verify}: tables the service cannot start without
 */
public record MigrationTarget(String service, String host, int port, String database, String user, String password,
        List<String> locations, List<String> requiredTables) {

    public MigrationTarget {
        locations = List.copyOf(locations);
        requiredTables = List.copyOf(requiredTables);
    }

    /** The services known to {@code infra/bin/migrate}, in the order {@code all} deploys them. */
    public static final List<String> SERVICES = List.of("wallet", "lottery", "orders");

    /**
     * The service's database from the same variables its application.yml reads ({@code PGHOST}, {@code PGPORT},
     * {@code WALLET_DB}, {@code WALLET_DB_USER}, {@code WALLET_DB_PASSWORD}, ...), and its migrations from its module
     * folder plus common-messaging's outbox/inbox tables, as {@code spring.flyway.locations} lists them.
     */
    public static MigrationTarget of(String service, Path repositoryRoot, Map<String, String> env) {
        String module;
        List<String> tables;
        switch (service) {
            case "wallet" -> {
                module = "wallet-service";
                tables = List.of("wallet", "ledger_entry", "debit_request", "free_tries", "free_try_reset");
            }
            case "lottery" -> {
                module = "lottery-service";
                tables = List.of("product", "round", "allocation", "allocation_rejection", "draw");
            }
            case "orders" -> {
                module = "order-service";
                tables = List.of("purchase_order", "order_status_change");
            }
            default -> throw new IllegalArgumentException(
                    "unknown service '" + service + "' (one of " + String.join(", ", SERVICES) + ", all)");
        }
        String prefix = service.toUpperCase();
        Path messaging = repositoryRoot.resolve("common-messaging/src/main/resources/db/messaging");
        Path own = repositoryRoot.resolve(module + "/src/main/resources/db/migration/" + service);
        List<String> required = new java.util.ArrayList<>(List.of("outbox_message", "inbox_message"));
        required.addAll(tables);
        return new MigrationTarget(service,
                value(env, "PGHOST", "127.0.0.1"),
                Integer.parseInt(value(env, "PGPORT", "5432")),
                value(env, prefix + "_DB", service),
                value(env, prefix + "_DB_USER", service),
                password(env, prefix + "_DB_PASSWORD"),
                List.of("filesystem:" + messaging.toAbsolutePath().normalize(),
                        "filesystem:" + own.toAbsolutePath().normalize()),
                required);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** How the command names it in its output: service and database. */
    public String label() {
        return service + " (" + database + "@" + host + ":" + port + " as " + user + ")";
    }

    /** From the given environment, else the machine's generated password (infra/bin/db setup gave it the role). */
    private static String password(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? GeneratedSecrets.value(name) : value;
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

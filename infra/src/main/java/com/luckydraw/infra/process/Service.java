package com.luckydraw.infra.process;

import java.nio.file.Path;

/**
 * The three services as the launcher knows them: module folder (which is also the jar's name), database and default
 * HTTP port, each with the environment variable the service's {@code application.yml} reads it from.
 */
public enum Service {
    WALLET("wallet-service", "wallet", "WALLET_DB", 8081, "WALLET_PORT"),
    LOTTERY("lottery-service", "lottery", "LOTTERY_DB", 8082, "LOTTERY_PORT"),
    ORDER("order-service", "orders", "ORDERS_DB", 8083, "ORDER_PORT");

    /** Version of the jars the launcher runs; the reactor's version. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final String module;
    private final String database;
    private final String databaseVariable;
    private final int defaultPort;
    private final String portVariable;

    Service(String module, String database, String databaseVariable, int defaultPort, String portVariable) {
        this.module = module;
        this.database = database;
        this.databaseVariable = databaseVariable;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
    }

    public String module() {
        return module;
    }

    /** Name of the database without the environment suffix ({@code _test} for the tests). */
    public String database() {
        return database;
    }

    /**
     * The environment variable that names the service's database in its {@code application.yml}
     * ({@code jdbc:postgresql://${PGHOST}:${PGPORT}/${WALLET_DB:wallet}...}).
     */
    public String databaseVariable() {
        return databaseVariable;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String portVariable() {
        return portVariable;
    }

    /** The port from {@link #portVariable()} when set, else the default. */
    public int portFromEnvironment() {
        String value = System.getenv(portVariable);
        return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
    }

    /** {@code <root>/<module>/target/<module>-0.1.0-SNAPSHOT.jar}: the Spring Boot jar {@code mvn package} builds. */
    public Path jar(Path projectRoot) {
        return projectRoot.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
    }
}

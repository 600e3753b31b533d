package com.luckydraw.resilience;

import com.luckydraw.infra.process.LocalServices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL 15 cluster of the suite's own (initdb into target/, a free port), with the services' roles and
 * databases from infra/db/setup.sql: the suite restarts it while other builds keep using the shared one on 5432.
 */
final class PrivatePostgres implements AutoCloseable {

    static final Path BIN = Path.of(System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin"));

    private final Path home;
    private final Path dataDir;
    private final Path serverLog;
    private final Path log;
    private final int port;
    private final Path projectRoot;

    private PrivatePostgres(Path workDir, Path projectRoot) {
        this.home = workDir.resolve("pg");
        this.dataDir = home.resolve("data");
        this.serverLog = home.resolve("server.log");
        this.log = workDir.resolve("logs").resolve("postgres.log");
        this.port = LocalServices.freePort();
        this.projectRoot = projectRoot;
    }

    static PrivatePostgres start(Path workDir, Path projectRoot) {
        String why = "the fault tests run a private PostgreSQL 15 (apt-get install postgresql-15, or PG_BIN=<its bin>)";
        Commands.requireExecutable(BIN.resolve("initdb"), why);
        Commands.requireExecutable(BIN.resolve("pg_ctl"), why);
        var pg = new PrivatePostgres(workDir, projectRoot);
        pg.initialise();
        pg.startServer();
        // The same roles and databases as on the shared server, so the services and the audit connect unchanged.
        Commands.run(List.of(projectRoot.resolve("infra/bin/db").toString(), "setup"),
                Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(pg.port)), pg.log, 120);
        return pg;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void initialise() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            // A server an earlier, killed run left behind on this folder.
            try {
                stopServer();
            } catch (IllegalStateException e) {
                System.out.println("faults: no server left running in " + dataDir + ": " + e.getMessage());
            }
        }
        try {
            if (Files.exists(home)) {
                try (var files = Files.walk(home)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(log.getParent());
            Files.createDirectories(home);
            if (RUNNING_AS_ROOT) {
                // PostgreSQL refuses to run as root: the cluster belongs to the postgres account.
                Commands.run(List.of("chown", "postgres:postgres", home.toString()), Map.of(), log, 30);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not clear " + dataDir + ": " + e.getMessage(), e);
        }
        Commands.run(asOwner(BIN.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres", "-A",
                "trust", "-E", "UTF8", "--no-sync"), Map.of(), log, 120);
    }

    void startServer() {
        // fsync off: a test cluster, thrown away after the run; a "restart" below is a clean shutdown anyway.
        Commands.run(asOwner(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", serverLog.toString(), "-w",
                "-t", "120", "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c max_connections=100", "start"), Map.of(), log, 150);
    }

    /** Fast shutdown: every session is cut, as in a failover or a restart for maintenance. */
    void stopServer() {
        Commands.run(asOwner(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t",
                "120", "stop"), Map.of(), log, 150);
    }

    private static final boolean RUNNING_AS_ROOT = "root".equals(System.getProperty("user.name"));

    private static List<String> asOwner(String... command) {
        var full = new java.util.ArrayList<String>();
        if (RUNNING_AS_ROOT) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    @Override
    public void close() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            stopServer();
        }
    }
}

package com.luckydraw.infra.migration;

import com.luckydraw.testing.RealInfrastructure;

import java.nio.file.Path;
import com.luckydraw.infra.db.QuotedDdl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database {@code migrate_test_<random>} owned by a role of the same name, created by the superuser and dropped
 * with its role afterwards; the service databases and their *_test twins are never touched.
 */
final class ThrowawayDatabase implements AutoCloseable {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    private static final String SUPERUSER = System.getenv().getOrDefault("PGSUPERUSER", "postgres");

    final String name;
    final String password;

    private ThrowawayDatabase(String name, String password) {
        this.name = name;
        this.password = password;
    }

    static ThrowawayDatabase create() throws SQLException {
        RealInfrastructure.requireLocal(ADMIN_URL, null);
        var random = ThreadLocalRandom.current();
        String name = "migrate_test_" + HexFormat.of().toHexDigits(random.nextInt());
        String password = HexFormat.of().toHexDigits(random.nextLong());
        try (Connection c = admin()) {
            // Identifiers cannot be bound parameters: format() quotes them from bound values.
            QuotedDdl.execute(c, "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB PASSWORD %L', ?, ?)", name, password);
            QuotedDdl.execute(c, "SELECT format('CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING %L', ?, ?, 'UTF8')",
                    name, name);
        }
        return new ThrowawayDatabase(name, password);
    }

    /** The wallet service's migrations, as infra/bin/migrate finds them, pointed at this database and role. */
    MigrationTarget walletTarget() {
        return MigrationTarget.of("wallet", Path.of(".."), Map.of("PGHOST", HOST, "PGPORT", PORT,
                "WALLET_DB", name, "WALLET_DB_USER", name, "WALLET_DB_PASSWORD", password));
    }

    /** The same database with other migration folders. */
    MigrationTarget withLocations(List<String> locations) {
        MigrationTarget wallet = walletTarget();
        return new MigrationTarget(wallet.service(), wallet.host(), wallet.port(), wallet.database(), wallet.user(),
                wallet.password(), locations, wallet.requiredTables());
    }

    /** A connection as the owning role, for the test's own reads and writes. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(walletTarget().jdbcUrl(), name, password);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin()) {
            QuotedDdl.execute(c, "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', ?)", name);
            QuotedDdl.execute(c, "SELECT format('DROP ROLE IF EXISTS %I', ?)", name);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN_URL, SUPERUSER, System.getenv().getOrDefault("PGPASSWORD", ""));
    }
}

package com.luckydraw.infra;

import com.luckydraw.infra.db.QuotedDdl;
import com.luckydraw.infra.migration.MigrationTarget;
import com.luckydraw.infra.process.GeneratedSecrets;
import com.luckydraw.testing.RealInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The roles made by infra/bin/db setup: each service reaches only its own databases, the auditor only reads, and
 * never the draw's secret seed.
 */
class DatabaseIsolationTest {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String BASE = "jdbc:postgresql://" + HOST + ":" + PORT + "/";
    private static final String SUPERUSER = System.getenv().getOrDefault("PGSUPERUSER", "postgres");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @BeforeAll
    static void postgresIsThere() {
        RealInfrastructure.requireLocal(BASE + "postgres", null);
    }

    @ParameterizedTest
    @CsvSource({"wallet, lottery", "wallet, orders", "lottery, wallet", "lottery, orders", "orders, wallet",
            "orders, lottery_test", "wallet, lottery_test"})
    void serviceRoleCannotReachAnotherServicesDatabase(String role, String foreignDatabase) {
        assertThatThrownBy(() -> DriverManager.getConnection(BASE + foreignDatabase, role, role).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
    }

    @ParameterizedTest
    @CsvSource({"wallet, wallet", "wallet, wallet_test", "lottery, lottery", "orders, orders_test"})
    void serviceRoleReachesItsOwnDatabase(String role, String database) throws SQLException {
        try (var c = DriverManager.getConnection(BASE + database, role, role);
             var rs = c.createStatement().executeQuery("SELECT current_database(), current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(database);
            assertThat(rs.getString(2)).isEqualTo(role);
        }
    }

    @Test
    void auditorReadsButCannotWrite() throws SQLException {
        try (var c = DriverManager.getConnection(BASE + "wallet_test", "auditor", "auditor");
             var st = c.createStatement()) {
            assertThat(st.executeQuery("SELECT 1").next()).isTrue();
            assertThatThrownBy(() -> st.execute("CREATE TABLE audit_was_here (id int)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
        }
    }

    /**
     * A fresh install's order: the auditor's default privileges come first (setup), then the lottery's migrations
     * create round, which those privileges make readable whole, and its seed column; the migrations take the seed back.
     */
    @Test
    void auditorReadsEveryColumnOfARoundButTheSeedOnceTheLotteryMigrated() throws Exception {
        String database = "seed_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection admin = superuser("postgres")) {
            QuotedDdl.execute(admin, "SELECT format('CREATE DATABASE %I OWNER lottery TEMPLATE template0', ?)", database);
        }
        try {
            try (Connection c = superuser(database); var st = c.createStatement()) {
                // What infra/db/setup.sql gives the auditor in each lottery database before any table exists.
                st.execute("GRANT USAGE ON SCHEMA public TO auditor;"
                        + " ALTER DEFAULT PRIVILEGES FOR ROLE lottery IN SCHEMA public GRANT SELECT ON TABLES TO auditor");
            }
            migrateLottery(database);
            String commitment;
            try (Connection lottery = DriverManager.getConnection(BASE + database, "lottery",
                    GeneratedSecrets.value("LOTTERY_DB_PASSWORD"));
                 var st = lottery.createStatement()) {
                st.execute("INSERT INTO product (name, price_per_share, currency, shares_per_round)"
                        + " VALUES ('p', 100, 'CNY', 20)");
                var rs = st.executeQuery("INSERT INTO round (product_id, price_per_share, currency, total_shares, seed,"
                        + " seed_commitment) SELECT 1, 100, 'CNY', 20, s, encode(sha256(s), 'hex')"
                        + " FROM (SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) AS s) seed"
                        + " RETURNING seed_commitment");
                rs.next();
                commitment = rs.getString(1);
            }

            assertThat(auditorReadsEveryColumnOfRoundButTheSeed(database)).containsExactly(commitment);
        } finally {
            try (Connection admin = superuser("postgres")) {
                QuotedDdl.execute(admin, "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', ?)", database);
            }
        }
    }

    /** setup run again on a migrated database grants SELECT on every table anew, and takes the seed back with it. */
    @Test
    void auditorStillCannotReadTheSeedAfterSetupGrantsEveryTableAgain() throws Exception {
        migrateLottery("lottery_test");
        var setup = new ProcessBuilder(ROOT.resolve("infra/bin/db").toString(), "setup").directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        String output = new String(setup.getInputStream().readAllBytes());
        assertThat(setup.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(setup.exitValue()).as(output).isZero();

        auditorReadsEveryColumnOfRoundButTheSeed("lottery_test");
    }

    /**
     * Asserts that the auditor selects every column of round but the seed, and is refused the seed however asked;
     * returns the seed commitments it read.
     */
    private static List<String> auditorReadsEveryColumnOfRoundButTheSeed(String database) throws SQLException {
        // Every column but the seed, and the query that selects them, its names quoted by PostgreSQL (format's %s of
        // quote_ident), as QuotedDdl does for names: nothing of the statement is joined here.
        List<String> others;
        String everyColumnButTheSeed;
        try (Connection admin = superuser(database);
             var rs = admin.createStatement().executeQuery("""
                     SELECT array_agg(attname::text ORDER BY attnum),
                            format('SELECT %s FROM round', string_agg(quote_ident(attname), ', ' ORDER BY attnum))
                       FROM pg_attribute
                      WHERE attrelid = 'public.round'::regclass AND attnum > 0 AND NOT attisdropped
                        AND attname <> 'seed'""")) {
            rs.next();
            others = List.of((String[]) rs.getArray(1).getArray());
            everyColumnButTheSeed = rs.getString(2);
        }
        assertThat(others).contains("id", "total_shares", "sold_shares", "status", "seed_commitment");

        try (Connection auditor = DriverManager.getConnection(BASE + database, "auditor",
                GeneratedSecrets.value("AUDITOR_DB_PASSWORD"));
             var st = auditor.createStatement()) {
            List<String> commitments = new ArrayList<>();
            try (var rs = st.executeQuery(everyColumnButTheSeed)) {
                while (rs.next()) {
                    commitments.add(rs.getString("seed_commitment"));
                }
            }
            for (String query : List.of("SELECT seed FROM round", "SELECT * FROM round",
                    "SELECT id FROM round WHERE seed IS NOT NULL")) {
                assertThatThrownBy(() -> st.executeQuery(query).close()).as(query)
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for table round");
            }
            return commitments;
        }
    }

    /** The lottery's migrations as the service runs them: as its own role, from its module's folder. */
    private static void migrateLottery(String database) {
        MigrationTarget target = MigrationTarget.of("lottery", ROOT,
                Map.of("PGHOST", HOST, "PGPORT", PORT, "LOTTERY_DB", database));
        Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
                .locations(target.locations().toArray(String[]::new)).outOfOrder(true).load().migrate();
    }

    private static Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(BASE + database, SUPERUSER, System.getenv().getOrDefault("PGPASSWORD", ""));
    }
}

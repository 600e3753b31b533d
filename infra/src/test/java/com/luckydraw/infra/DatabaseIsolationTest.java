package com.luckydraw.infra;

import com.luckydraw.testing.RealInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The roles made by infra/bin/db setup: each service reaches only its own databases, the auditor only reads. */
class DatabaseIsolationTest {

    private static final String BASE = "jdbc:postgresql://" + System.getenv().getOrDefault("PGHOST", "127.0.0.1") + ":"
            + System.getenv().getOrDefault("PGPORT", "5432") + "/";

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
}

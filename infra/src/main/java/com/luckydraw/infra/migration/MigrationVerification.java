package com.luckydraw.infra.migration;

import org.flywaydb.core.api.MigrationInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * After a migration: Flyway's validate as the services run it (nothing pending, nothing failed, checksums equal),
 * and the service's required tables present and readable by its role.
 */
public final class MigrationVerification {

    /** Empty problems means the service would start on this schema. */
    public record Result(String version, List<String> problems) {
        public boolean verified() {
            return problems.isEmpty();
        }
    }

    public Result verify(MigrationTarget target) {
        var flyway = ServiceFlyway.afterDeploy(target);
        List<String> problems = new ArrayList<>();
        var info = flyway.info();
        for (MigrationInfo m : info.all()) {
            if (m.getState().isFailed()) {
                problems.add("version " + m.getVersion() + " (" + m.getScript() + ") is " + m.getState());
            }
        }
        Arrays.stream(info.pending())
                .forEach(m -> problems.add("version " + m.getVersion() + " (" + m.getScript() + ") is still pending"));
        var validation = flyway.validateWithResult();
        if (!validation.validationSuccessful && problems.isEmpty()) {
            problems.add("validate: " + validation.getAllErrorMessages());
        }
        problems.addAll(missingTables(target));
        MigrationInfo current = info.current();
        return new Result(current == null ? "none" : String.valueOf(current.getVersion()), problems);
    }

    private List<String> missingTables(MigrationTarget target) {
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             var exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL");
             var readable = c.prepareStatement("SELECT has_table_privilege(?, 'SELECT')")) {
            for (String table : target.requiredTables()) {
                String qualified = "public." + table;
                exists.setString(1, qualified);
                try (var rs = exists.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        problems.add("table " + table + " is missing");
                        continue;
                    }
                }
                readable.setString(1, qualified);
                try (var rs = readable.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        problems.add("table " + table + " is not readable by " + target.user());
                    }
                }
            }
        } catch (SQLException e) {
            problems.add("cannot check the tables: " + e.getMessage());
        }
        return problems;
    }
}

package com.luckydraw.infra.migration;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway configured as the services configure it (Spring Boot's defaults: history table
 * {@code flyway_schema_history}, no baseline, no out-of-order, one transaction per migration), so checksums, order
 * and history read exactly as a starting service would read them.
 */
final class ServiceFlyway {

    private ServiceFlyway() {
    }

    /**
     * Before a deploy pending migrations are expected, so only they are excused. Everything else is a problem:
     * an applied script changed (checksum), removed (missing), a pending version below the current one (out of
     * order, which the services refuse) or a version applied that these files do not know (the database is
     * ahead of the build being deployed).
     */
    static Flyway beforeDeploy(MigrationTarget target) {
        return base(target).ignoreMigrationPatterns("*:pending").load();
    }

    /** After a deploy nothing may be pending: the services' own validate-on-migrate rules. */
    static Flyway afterDeploy(MigrationTarget target) {
        return base(target).load();
    }

    /** Only a restore empties the schema, and only right before loading a backup into it. */
    static Flyway forRestore(MigrationTarget target) {
        return base(target).cleanDisabled(false).load();
    }

    private static FluentConfiguration base(MigrationTarget target) {
        return Flyway.configure()
                .dataSource(target.jdbcUrl(), target.user(), target.password())
                .locations(target.locations().toArray(String[]::new))
                // A wrong checkout path would otherwise read as "nothing to migrate".
                .failOnMissingLocations(true)
                .connectRetries(0);
    }
}

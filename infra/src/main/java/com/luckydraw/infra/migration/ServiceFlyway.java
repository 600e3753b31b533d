package com.luckydraw.infra.migration;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway configured as the services configure it (history table {@code flyway_schema_history}, no baseline, one
 * transaction per migration, and out-of-order allowed for the messaging library's 0.x lane), so checksums, order and
 * history read exactly as a starting service would read them.
 */
final class ServiceFlyway {

    private ServiceFlyway() {
    }

    /**
     * Before a deploy pending migrations are expected, so only they are excused. Everything else is a problem:
     * an applied script changed (checksum), removed (missing), or a version applied that these files do not know
     * (the database is ahead of the build being deployed). A pending version below the current one is applied out
     * of order, as the services do: the messaging library's migrations (0.x) share the history with the service's.
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
                .outOfOrder(true)
                .connectRetries(0);
    }
}

package com.luckydraw.infra.migration;

/** Applies the pending migrations, each in its own transaction, as the services' Flyway would at startup. */
public final class MigrationRun {

    /** How many ran, and the schema version before and after. */
    public record Result(int executed, String fromVersion, String toVersion) {
    }

    /** Throws Flyway's exception when a migration fails; the migrations before it stay applied. */
    public Result migrate(MigrationTarget target) {
        var result = ServiceFlyway.afterDeploy(target).migrate();
        return new Result(result.migrationsExecuted,
                result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                result.targetSchemaVersion == null ? (result.initialSchemaVersion == null ? "none"
                        : result.initialSchemaVersion) : result.targetSchemaVersion);
    }
}

package com.luckydraw.infra.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a backup back into the same database, as its owner. {@code pg_restore --clean} alone drops only the objects
 * the backup holds, so a table a later migration added would survive it; the schema is emptied first (Flyway's
 * clean, enabled for this step only), then the backup is loaded in one transaction.
 */
public final class DatabaseRestore {

    private final PostgresClientPrograms programs;

    public DatabaseRestore(MigrationSettings settings) {
        this.programs = new PostgresClientPrograms(settings);
    }

    public void restore(MigrationTarget target, Path backup) {
        if (!Files.isRegularFile(backup)) {
            throw new MigrationException("no backup at " + backup);
        }
        // Read it before emptying anything: an unreadable file must leave the database as it is.
        programs.run("pg_restore", null, List.of("--list", backup.toString()));
        ServiceFlyway.forRestore(target).clean();
        programs.run("pg_restore", target, List.of("--clean", "--if-exists", "--exit-on-error", "--single-transaction",
                // Objects belong to the role restoring them: the service's own role.
                "--no-owner", "--dbname=" + target.database(), backup.toString()));
    }
}

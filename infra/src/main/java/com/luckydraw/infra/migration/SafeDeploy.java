package com.luckydraw.infra.migration;

import org.flywaydb.core.api.FlywayException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * validate → backup → migrate → verify, and the backup put back when migrate or verify fails. Nothing is migrated
 * without a readable backup, and nothing is backed up or migrated when validation finds a problem.
 */
public final class SafeDeploy {

    public enum Status {
        /** Nothing pending, and the schema verified: no backup taken. */
        UP_TO_DATE,
        DEPLOYED,
        /** Validation found a problem: nothing was changed. */
        REFUSED,
        /** Migrate or verify failed; the database is back as the backup has it. */
        RESTORED,
        /** Migrate or verify failed and so did the restore: an operator must restore by hand. */
        RESTORE_FAILED
    }

    /** What happened, the backup taken (null when none was needed) and why it went wrong, if it did. */
    public record Outcome(Status status, String version, Path backup, List<String> reasons) {
        public boolean succeeded() {
            return status == Status.UP_TO_DATE || status == Status.DEPLOYED;
        }
    }

    private final PendingMigrations plan = new PendingMigrations();
    private final MigrationValidation validation = new MigrationValidation();
    private final MigrationRun run = new MigrationRun();
    private final MigrationVerification verification = new MigrationVerification();
    private final DatabaseBackup backups;
    private final DatabaseRestore restore;

    public SafeDeploy(DatabaseBackup backups, DatabaseRestore restore) {
        this.backups = backups;
        this.restore = restore;
    }

    public Outcome deploy(MigrationTarget target, Consumer<String> log) {
        var valid = validation.validate(target);
        if (!valid.valid()) {
            log.accept("validate: " + valid.problems().size() + " problem(s); nothing changed");
            return new Outcome(Status.REFUSED, null, null, valid.problems());
        }
        var pending = plan.plan(target);
        log.accept("validate: ok (" + valid.checked() + " migrations checked), current version "
                + pending.currentVersion() + ", " + pending.pending().size() + " pending");
        if (pending.pending().isEmpty()) {
            var verified = verification.verify(target);
            log.accept("verify: " + (verified.verified() ? "ok" : verified.problems()));
            return new Outcome(verified.verified() ? Status.UP_TO_DATE : Status.REFUSED, verified.version(), null,
                    verified.problems());
        }
        Path backup = backups.backup(target);
        log.accept("backup: " + backup);
        List<String> failure;
        try {
            var migrated = run.migrate(target);
            log.accept("migrate: " + migrated.executed() + " applied, " + migrated.fromVersion() + " -> "
                    + migrated.toVersion());
            var verified = verification.verify(target);
            if (verified.verified()) {
                log.accept("verify: ok, version " + verified.version());
                return new Outcome(Status.DEPLOYED, verified.version(), backup, List.of());
            }
            failure = verified.problems();
            log.accept("verify: failed: " + failure);
        } catch (FlywayException e) {
            failure = List.of("migrate failed: " + e.getMessage().strip());
            log.accept(failure.get(0));
        }
        try {
            log.accept("restore: loading " + backup);
            restore.restore(target, backup);
            String version = plan.plan(target).currentVersion();
            log.accept("restore: done, back at version " + version);
            return new Outcome(Status.RESTORED, version, backup, failure);
        } catch (RuntimeException e) {
            var reasons = new java.util.ArrayList<>(failure);
            reasons.add("restore failed: " + e.getMessage());
            log.accept("restore failed: " + e.getMessage() + " -- restore by hand from " + backup);
            return new Outcome(Status.RESTORE_FAILED, null, backup, reasons);
        }
    }
}

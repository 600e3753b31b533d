package com.luckydraw.infra.migration;

import org.flywaydb.core.api.FlywayException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code infra/bin/migrate <wallet|lottery|orders|all> <action> [--backup FILE] [--yes]}. Exit codes: 0 done,
 * 1 a problem found (validation, verification, a deploy that was rolled back), 2 could not run (bad arguments,
 * database unreachable, pg_dump missing), 3 a failed deploy whose restore failed too: restore by hand.
 */
public final class MigrateCommand {

    static final String USAGE = """
            Usage: infra/bin/migrate <wallet|lottery|orders|all> <action> [--backup FILE] [--yes]

              plan       dry run: the current version and the pending migrations (version, description, script)
              validate   applied migrations against the service's files: checksums, none missing, pending order
              backup     pg_dump (custom format) into MIGRATE_BACKUP_DIR; prints the file
              migrate    apply the pending migrations (no backup; prefer deploy)
              verify     nothing pending or failed, validate clean, the service's tables present
              restore    empty the schema and load a backup: --backup FILE, or the newest backup of that
                         database; needs --yes. Stop the service first.
              deploy     validate -> backup -> migrate -> verify; restores the backup if migrate or verify fails

            Exit codes: 0 done, 1 a problem found (or a deploy rolled back), 2 could not run, 3 restore failed.""";

    private static final List<String> ACTIONS = List.of("plan", "validate", "backup", "migrate", "verify", "restore",
            "deploy");

    private final Path root;
    private final Map<String, String> env;
    private final PrintStream out;

    MigrateCommand(Path root, Map<String, String> env, PrintStream out) {
        this.root = root;
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        String root = System.getProperty("luckydraw.root", System.getenv().getOrDefault("LUCKYDRAW_ROOT", "."));
        System.exit(new MigrateCommand(Path.of(root), System.getenv(), System.out).run(List.of(args)));
    }

    int run(List<String> args) {
        List<String> positional = new ArrayList<>();
        Path backupFile = null;
        boolean confirmed = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--yes" -> confirmed = true;
                case "--backup" -> {
                    if (i + 1 == args.size()) {
                        return usage("--backup needs a file");
                    }
                    backupFile = Path.of(args.get(++i));
                }
                case "-h", "--help", "help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> positional.add(args.get(i));
            }
        }
        if (positional.size() != 2) {
            return usage(null);
        }
        String service = positional.get(0);
        String action = positional.get(1);
        if (!ACTIONS.contains(action)) {
            return usage("unknown action '" + action + "'");
        }
        List<String> services = service.equals("all") ? MigrationTarget.SERVICES : List.of(service);
        if (backupFile != null && services.size() != 1) {
            return usage("--backup names one database's backup: give one service, not all");
        }
        var settings = MigrationSettings.fromEnvironment(env);
        int worst = 0;
        try {
            for (String name : services) {
                MigrationTarget target = MigrationTarget.of(name, root, env);
                out.println("== " + target.label());
                int code = perform(action, target, settings, backupFile, confirmed);
                worst = Math.max(worst, code);
                if (code != 0 && action.equals("deploy")) {
                    out.println("stopped: the services after " + name + " were not touched");
                    break;
                }
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (MigrationException | FlywayException e) {
            out.println("cannot run: " + e.getMessage().strip());
            return 2;
        }
        return worst;
    }

    private int perform(String action, MigrationTarget target, MigrationSettings settings, Path backupFile,
            boolean confirmed) {
        var backups = new DatabaseBackup(settings, Clock.systemUTC());
        switch (action) {
            case "plan" -> {
                var plan = new PendingMigrations().plan(target);
                out.println("current version: " + plan.currentVersion());
                if (plan.pending().isEmpty()) {
                    out.println("nothing pending");
                }
                plan.pending().forEach(p -> out.println(
                        "pending  " + p.version() + "  " + p.description() + "  (" + p.script() + ")"));
                return 0;
            }
            case "validate" -> {
                var result = new MigrationValidation().validate(target);
                result.problems().forEach(p -> out.println("problem  " + p));
                out.println(result.valid() ? "valid (" + result.checked() + " migrations checked)" : "INVALID");
                return result.valid() ? 0 : 1;
            }
            case "backup" -> {
                out.println("backup: " + backups.backup(target));
                return 0;
            }
            case "migrate" -> {
                var result = new MigrationRun().migrate(target);
                out.println("migrated: " + result.executed() + " applied, " + result.fromVersion() + " -> "
                        + result.toVersion());
                return 0;
            }
            case "verify" -> {
                var result = new MigrationVerification().verify(target);
                result.problems().forEach(p -> out.println("problem  " + p));
                out.println(result.verified() ? "verified at version " + result.version() : "NOT VERIFIED");
                return result.verified() ? 0 : 1;
            }
            case "restore" -> {
                Path file = backupFile != null ? backupFile : backups.latest(target).orElseThrow(
                        () -> new MigrationException("no backup of " + target.database() + " in "
                                + settings.backupDir() + "; name one with --backup FILE"));
                if (!confirmed) {
                    out.println("would empty " + target.database() + " and load " + file
                            + "; run again with --yes (stop the service first)");
                    return 1;
                }
                new DatabaseRestore(settings).restore(target, file);
                out.println("restored " + target.database() + " from " + file + ", now at version "
                        + new PendingMigrations().plan(target).currentVersion());
                return 0;
            }
            case "deploy" -> {
                var outcome = new SafeDeploy(backups, new DatabaseRestore(settings)).deploy(target, out::println);
                outcome.reasons().forEach(r -> out.println("reason   " + r));
                out.println(outcome.status() + (outcome.version() == null ? "" : " at version " + outcome.version()));
                return switch (outcome.status()) {
                    case UP_TO_DATE, DEPLOYED -> 0;
                    case REFUSED, RESTORED -> 1;
                    case RESTORE_FAILED -> 3;
                };
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'");
        }
    }

    private int usage(String problem) {
        if (problem != null) {
            out.println(problem);
        }
        out.println(USAGE);
        return 2;
    }
}

package com.luckydraw.infra.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@code pg_dump} in custom format of the whole database (schema, data, Flyway's history), taken as its owner,
 * then read back with {@code pg_restore --list}: a backup that cannot be listed would not restore either, and a
 * deploy must not migrate without one.
 */
public final class DatabaseBackup {

    // Sortable, and the milliseconds keep two backups of one second apart.
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final MigrationSettings settings;
    private final PostgresClientPrograms programs;
    private final Clock clock;

    public DatabaseBackup(MigrationSettings settings, Clock clock) {
        this.settings = settings;
        this.programs = new PostgresClientPrograms(settings);
        this.clock = clock;
    }

    public Path backup(MigrationTarget target) {
        Path file = settings.backupDir().resolve(target.database() + "-" + STAMP.format(clock.instant()) + ".dump");
        try {
            Files.createDirectories(settings.backupDir());
        } catch (IOException e) {
            throw new MigrationException("cannot create the backup folder " + settings.backupDir() + ": " + e, e);
        }
        programs.run("pg_dump", target, List.of("--format=custom", "--file=" + file, "--dbname=" + target.database()));
        programs.run("pg_restore", null, List.of("--list", file.toString()));
        return file;
    }

    /** The newest backup of the target's database in the backup folder, if any. */
    public Optional<Path> latest(MigrationTarget target) {
        if (!Files.isDirectory(settings.backupDir())) {
            return Optional.empty();
        }
        String prefix = target.database() + "-";
        try (Stream<Path> files = Files.list(settings.backupDir())) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        // "wallet-2026..." but not "wallet_test-2026...": the stamp starts with a digit.
                        return name.startsWith(prefix) && name.endsWith(".dump")
                                && Character.isDigit(name.charAt(prefix.length()));
                    })
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()));
        } catch (IOException e) {
            throw new MigrationException("cannot list " + settings.backupDir() + ": " + e, e);
        }
    }
}

package com.luckydraw.infra.migration;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where backups go and where the PostgreSQL client programs are.
 *
 * @param backupDir  {@code MIGRATE_BACKUP_DIR}, by default {@code $LUCKYDRAW_HOME/backups} ({@code ~/.luckydraw/backups})
 * @param pgBinDir   {@code PG_BIN}: a folder holding {@code pg_dump} and {@code pg_restore}; null means the PATH
 */
public record MigrationSettings(Path backupDir, Path pgBinDir) {

    public static MigrationSettings fromEnvironment(Map<String, String> env) {
        String home = env.getOrDefault("LUCKYDRAW_HOME", System.getProperty("user.home") + "/.luckydraw");
        String backups = env.get("MIGRATE_BACKUP_DIR");
        String bin = env.get("PG_BIN");
        return new MigrationSettings(
                Path.of(backups == null || backups.isBlank() ? home + "/backups" : backups),
                bin == null || bin.isBlank() ? null : Path.of(bin));
    }
}

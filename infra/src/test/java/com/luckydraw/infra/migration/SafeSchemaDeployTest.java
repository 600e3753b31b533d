package com.luckydraw.infra.migration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * infra/bin/migrate's steps on a throwaway database with the wallet service's real migrations, real PostgreSQL and
 * the real pg_dump/pg_restore.
 */
class SafeSchemaDeployTest {

    private static final Path MESSAGING = Path.of("../common-messaging/src/main/resources/db/messaging");
    private static final Path WALLET = Path.of("../wallet-service/src/main/resources/db/migration/wallet");
    private static final Path BROKEN = Path.of("src/test/resources/migration/broken-deploy");

    @TempDir
    Path backupDir;

    private ThrowawayDatabase db;
    private MigrationSettings settings;
    private DatabaseBackup backups;
    private SafeDeploy deploy;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws SQLException {
        db = ThrowawayDatabase.create();
        settings = MigrationSettings.fromEnvironment(Map.of("MIGRATE_BACKUP_DIR", backupDir.toString()));
        backups = new DatabaseBackup(settings, Clock.systemUTC());
        deploy = new SafeDeploy(backups, new DatabaseRestore(settings));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        db.close();
    }

    @Test
    void planListsThePendingMigrationsInOrderWithoutApplyingThem() throws SQLException {
        var plan = new PendingMigrations().plan(db.walletTarget());

        assertThat(plan.currentVersion()).isEqualTo("none");
        // Every script of both lanes, in version order: the library's 0.x before the wallet's own.
        List<String> scripts = scriptsOnDisk(MESSAGING, WALLET);
        assertThat(plan.pending()).extracting(PendingMigrations.Pending::script).containsExactlyElementsOf(scripts);
        assertThat(plan.pending()).extracting(PendingMigrations.Pending::version)
                .startsWith("0.1", "0.2").contains("1").endsWith(latestWalletVersion());
        assertThat(plan.pending()).filteredOn(p -> p.version().equals("1")).singleElement()
                .extracting(PendingMigrations.Pending::description).isEqualTo("wallet ledger free tries");
        assertThat(tableExists("flyway_schema_history")).isFalse();
    }

    @Test
    void deployBacksUpAppliesAndVerifiesThePendingMigrations() throws Exception {
        var outcome = deploy.deploy(db.walletTarget(), log::add);

        assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(SafeDeploy.Status.DEPLOYED);
        assertThat(outcome.version()).isEqualTo(latestWalletVersion());
        assertThat(outcome.backup()).isRegularFile().hasParent(backupDir);
        assertThat(Files.readAllBytes(outcome.backup())).startsWith("PGDMP".getBytes(StandardCharsets.US_ASCII));
        assertThat(new PendingMigrations().plan(db.walletTarget()).pending()).isEmpty();
        assertThat(new MigrationVerification().verify(db.walletTarget()).problems()).isEmpty();
        assertThat(db.walletTarget().requiredTables()).allSatisfy(t -> assertThat(tableExists(t)).as(t).isTrue());
        assertThat(log).anyMatch(l -> l.startsWith("backup: ")).anyMatch(l -> l.startsWith("migrate: " + scriptsOnDisk(MESSAGING, WALLET).size() + " applied"));

        var again = deploy.deploy(db.walletTarget(), log::add);
        assertThat(again.status()).isEqualTo(SafeDeploy.Status.UP_TO_DATE);
        assertThat(again.backup()).as("nothing to migrate, nothing to back up").isNull();
    }

    @Test
    void failingMigrationLeavesTheDatabaseRestoredFromItsBackupAndSaysWhy() throws Exception {
        assertThat(deploy.deploy(db.walletTarget(), log::add).status()).isEqualTo(SafeDeploy.Status.DEPLOYED);
        insertWallet("alice", 100);
        var broken = db.withLocations(List.of(location(MESSAGING), location(WALLET), location(BROKEN)));

        var outcome = deploy.deploy(broken, log::add);

        assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(SafeDeploy.Status.RESTORED);
        assertThat(outcome.version()).isEqualTo(latestWalletVersion());
        assertThat(String.join("\n", outcome.reasons())).contains("V99__broken.sql").contains("no_such_table");
        // V98 had committed (its own transaction) before V99 failed: only the restore takes it away.
        assertThat(columnExists("wallet", "nickname")).isFalse();
        assertThat(balanceOf("alice")).isEqualTo(100);
        assertThat(new PendingMigrations().plan(db.walletTarget()).currentVersion()).isEqualTo(latestWalletVersion());
        assertThat(new MigrationVerification().verify(db.walletTarget()).verified()).isTrue();
    }

    @Test
    void restoreBringsBackTheDataOfTheBackupAndDropsWhatCameLater() throws Exception {
        deploy.deploy(db.walletTarget(), log::add);
        insertWallet("alice", 100);
        Path backup = backups.backup(db.walletTarget());
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute("DELETE FROM wallet");
            st.execute("CREATE TABLE added_later (id int)");
        }
        insertWallet("bob", 5);

        new DatabaseRestore(settings).restore(db.walletTarget(), backup);

        assertThat(balanceOf("alice")).isEqualTo(100);
        assertThat(balanceOf("bob")).isNull();
        assertThat(tableExists("added_later")).isFalse();
        assertThat(new MigrationVerification().verify(db.walletTarget()).verified()).isTrue();
        assertThat(backups.latest(db.walletTarget())).contains(backup);
    }

    @Test
    void restoreCommandChangesNothingWithoutConfirmation() throws Exception {
        deploy.deploy(db.walletTarget(), log::add);
        insertWallet("alice", 100);
        backups.backup(db.walletTarget());
        insertWallet("bob", 5);
        Map<String, String> env = new HashMap<>(Map.of("MIGRATE_BACKUP_DIR", backupDir.toString(),
                "WALLET_DB", db.name, "WALLET_DB_USER", db.name, "WALLET_DB_PASSWORD", db.password));
        var target = db.walletTarget();
        env.put("PGHOST", target.host());
        env.put("PGPORT", String.valueOf(target.port()));

        var unconfirmed = command(env, "wallet", "restore");
        assertThat(unconfirmed.code).isEqualTo(1);
        assertThat(unconfirmed.output).contains("--yes");
        assertThat(balanceOf("bob")).isEqualTo(5);

        var confirmed = command(env, "wallet", "restore", "--yes");
        assertThat(confirmed.code).as(confirmed.output).isZero();
        assertThat(confirmed.output).contains("restored " + db.name).contains("version " + latestWalletVersion());
        assertThat(balanceOf("bob")).isNull();
        assertThat(balanceOf("alice")).isEqualTo(100);
    }

    @Test
    void validateDetectsAnAppliedScriptThatWasModifiedAndDeployRefusesIt(@TempDir Path copy) throws Exception {
        try (Stream<Path> files = Files.list(WALLET)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        var target = db.withLocations(List.of(location(MESSAGING), location(copy)));
        assertThat(deploy.deploy(target, log::add).status()).isEqualTo(SafeDeploy.Status.DEPLOYED);
        assertThat(new MigrationValidation().validate(target).valid()).isTrue();
        Files.writeString(copy.resolve("V1__wallet_ledger_free_tries.sql"), "\nCOMMENT ON TABLE wallet IS 'edited';\n",
                java.nio.file.StandardOpenOption.APPEND);

        var validation = new MigrationValidation().validate(target);

        assertThat(validation.valid()).isFalse();
        assertThat(validation.problems()).singleElement().asString()
                .contains("version 1").containsIgnoringCase("checksum mismatch");
        long backupsBefore = countBackups();
        var outcome = deploy.deploy(target, log::add);
        assertThat(outcome.status()).isEqualTo(SafeDeploy.Status.REFUSED);
        assertThat(outcome.reasons()).isEqualTo(validation.problems());
        assertThat(countBackups()).as("refused before the backup").isEqualTo(backupsBefore);
    }

    @Test
    void deployWithoutPgDumpFailsClearlyAndMigratesNothing(@TempDir Path emptyBin) {
        var noTools = new MigrationSettings(backupDir, emptyBin);
        var blind = new SafeDeploy(new DatabaseBackup(noTools, Clock.systemUTC()), new DatabaseRestore(noTools));

        assertThatThrownBy(() -> blind.deploy(db.walletTarget(), log::add))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("pg_dump not found in PG_BIN=" + emptyBin);
        assertThat(new PendingMigrations().plan(db.walletTarget()).pending()).hasSize(scriptsOnDisk(MESSAGING, WALLET)
                .size());
        assertThat(tableExists("flyway_schema_history")).isFalse();
    }

    @Test
    void aLibraryMigrationAddedAfterTheServicesIsAppliedOutOfOrder(@TempDir Path previousLibrary) throws Exception {
        // The previous release: the messaging library's lane ended at 0.1, and the wallet's V1 was applied after it.
        Files.copy(MESSAGING.resolve("V0_1__outbox_and_inbox.sql"),
                previousLibrary.resolve("V0_1__outbox_and_inbox.sql"));
        var previous = db.withLocations(List.of(location(previousLibrary), location(WALLET)));
        assertThat(deploy.deploy(previous, log::add).status()).isEqualTo(SafeDeploy.Status.DEPLOYED);
        assertThat(tableExists("outbox_pending")).isFalse();

        var plan = new PendingMigrations().plan(db.walletTarget());
        assertThat(plan.currentVersion()).isEqualTo(latestWalletVersion());
        // Every library script but the first, below the wallet's latest: applied out of order.
        assertThat(plan.pending()).extracting(PendingMigrations.Pending::script)
                .containsExactlyElementsOf(scriptsOnDisk(MESSAGING).subList(1, scriptsOnDisk(MESSAGING).size()));

        var outcome = deploy.deploy(db.walletTarget(), log::add);

        assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(SafeDeploy.Status.DEPLOYED);
        assertThat(tableExists("outbox_pending")).isTrue();
        assertThat(new PendingMigrations().plan(db.walletTarget()).pending()).isEmpty();
        assertThat(new MigrationVerification().verify(db.walletTarget()).problems()).isEmpty();
    }

    private record CommandResult(int code, String output) {
    }

    private CommandResult command(Map<String, String> env, String... args) {
        var bytes = new ByteArrayOutputStream();
        int code = new MigrateCommand(Path.of(".."), env, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new CommandResult(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static String location(Path folder) {
        return "filesystem:" + folder.toAbsolutePath().normalize();
    }

    private long countBackups() throws IOException {
        try (Stream<Path> files = Files.list(backupDir)) {
            return files.count();
        }
    }

    private void insertWallet(String user, long balance) throws SQLException {
        try (Connection c = db.connect();
             var ps = c.prepareStatement("INSERT INTO wallet (user_id, currency, balance) VALUES (?, 'EUR', ?)")) {
            ps.setString(1, user);
            ps.setLong(2, balance);
            ps.executeUpdate();
        }
    }

    private Long balanceOf(String user) throws SQLException {
        try (Connection c = db.connect();
             var ps = c.prepareStatement("SELECT balance FROM wallet WHERE user_id = ?")) {
            ps.setString(1, user);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private boolean tableExists(String table) {
        try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "public." + table);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean columnExists(String table, String column) throws SQLException {
        try (Connection c = db.connect(); var ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? "
                        + "AND column_name = ?")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The scripts of the given folders in Flyway's version order (numeric parts: 0_10 after 0_9). */
    private static List<String> scriptsOnDisk(Path... folders) {
        List<String> scripts = new java.util.ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[0-9_]+__.*\\.sql"))
                        .forEach(scripts::add);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        scripts.sort(java.util.Comparator.comparing(SafeSchemaDeployTest::versionOf, SafeSchemaDeployTest::compareVersions));
        return scripts;
    }

    private static String latestWalletVersion() {
        List<String> wallet = scriptsOnDisk(WALLET);
        return versionOf(wallet.get(wallet.size() - 1));
    }

    private static String versionOf(String script) {
        return script.substring(1, script.indexOf("__")).replace('_', '.');
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

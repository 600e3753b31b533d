package com.luckydraw.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's generated passwords, {@code $LUCKYDRAW_HOME/run/secrets.env} (mode 600, {@code KEY=value} lines), as
 * infra/bin/secrets writes them: the tools and test harnesses take a password from the environment, else from this
 * file, and add one the file lacks (infra/bin/db setup gives the database roles theirs). Never printed.
 */
public final class GeneratedSecrets {

    /** The passwords the file holds, in infra/bin/secrets' order. */
    public static final List<String> KEYS = List.of("SERVICE_ADMIN_PASSWORD", "DASHBOARD_PASSWORD",
            "WALLET_DB_PASSWORD", "LOTTERY_DB_PASSWORD", "ORDERS_DB_PASSWORD", "MESSAGING_DB_PASSWORD",
            "AUDITOR_DB_PASSWORD");

    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecrets() {
    }

    /** {@code $LUCKYDRAW_HOME/run/secrets.env}, {@code LUCKYDRAW_HOME} defaulting to {@code ~/.luckydraw}. */
    public static Path file() {
        String home = System.getenv("LUCKYDRAW_HOME");
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".luckydraw")
                : Path.of(home);
        return base.resolve("run").resolve("secrets.env");
    }

    /** The variable's value from the environment, else from the file (generated into it when absent). */
    public static String value(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fromFile(file(), name) : value;
    }

    /** The value of {@code name} in {@code file}, generated and appended (the file kept mode 600) when absent. */
    static synchronized String fromFile(Path file, String name) {
        try {
            String existing = read(file).get(name);
            if (existing != null && !existing.isBlank()) {
                return existing;
            }
            Files.createDirectories(file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            byte[] random = new byte[12];
            RANDOM.nextBytes(random);
            String generated = HexFormat.of().formatHex(random);
            Files.writeString(file, name + "=" + generated + "\n", StandardOpenOption.APPEND);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write the generated passwords in " + file, e);
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
        }
        return values;
    }
}

package com.luckydraw.infra.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/bin/db setup run against a psql that records what it gets: the passwords reach it on standard input, never
 * in its argv (which any user of the machine sees in ps), and the generated ones are kept in a file only its owner
 * reads.
 */
class DbSetupSecretsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir Path dir;

    private record Run(int exit, String output, String argv, String stdin) {
    }

    private Run setup(Map<String, String> env) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path psql = bin.resolve("psql");
        // A stand-in that writes down its arguments and its input, and succeeds.
        Files.writeString(psql, """
                #!/usr/bin/env bash
                printf '%%s\\n' "$@" >>"%1$s/psql-argv"
                cat >>"%1$s/psql-stdin"
                """.formatted(dir));
        Files.setPosixFilePermissions(psql, PosixFilePermissions.fromString("rwx------"));
        var builder = new ProcessBuilder(ROOT.resolve("infra/bin/db").toString(), "setup")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.endsWith("_DB_PASSWORD") || name.equals("LUCKYDRAW_DEV"));
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("LUCKYDRAW_HOME", dir.resolve("home").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output, read(dir.resolve("psql-argv")), read(dir.resolve("psql-stdin")));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void generatedPasswordsGoToPsqlOnItsInputNeverInItsArguments() throws Exception {
        Run run = setup(Map.of("ORDERS_DB_PASSWORD", "orders-from-the-environment-1"));

        assertThat(run.exit()).as(run.output()).isZero();
        Path secrets = dir.resolve("home/run/secrets.env");
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> lines = Files.readAllLines(secrets);
        Matcher wallet = Pattern.compile("^WALLET_DB_PASSWORD=([0-9a-f]{24})$").matcher(
                lines.stream().filter(line -> line.startsWith("WALLET_DB_PASSWORD=")).findFirst().orElseThrow());
        assertThat(wallet.matches()).isTrue();

        assertThat(run.stdin()).contains("\\set wallet_password '" + wallet.group(1) + "'",
                "\\set orders_password 'orders-from-the-environment-1'", "CREATE ROLE");
        assertThat(run.argv()).contains("-f").doesNotContain(wallet.group(1), "orders-from-the-environment-1",
                "password");
        assertThat(run.output()).doesNotContain(wallet.group(1), "orders-from-the-environment-1");
    }

    @Test
    void aWellKnownPasswordIsRefusedSayingWhatToSetUnlessTheDeveloperSwitchIsOn() throws Exception {
        Run refused = setup(Map.of("LOTTERY_DB_PASSWORD", "lottery"));

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("LOTTERY_DB_PASSWORD is a well-known password",
                "set LOTTERY_DB_PASSWORD to a password of your own", "LUCKYDRAW_DEV=1");
        assertThat(refused.stdin()).as("nothing reached the database").isEmpty();

        Run developer = setup(Map.of("LOTTERY_DB_PASSWORD", "lottery", "LUCKYDRAW_DEV", "1"));
        assertThat(developer.exit()).as(developer.output()).isZero();
        assertThat(developer.stdin()).contains("\\set lottery_password 'lottery'");
    }
}

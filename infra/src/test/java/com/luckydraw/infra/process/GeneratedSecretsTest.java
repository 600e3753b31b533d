package com.luckydraw.infra.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedSecretsTest {

    @TempDir Path home;

    @Test
    void aMissingPasswordIsGeneratedOnceIntoAFileOnlyItsOwnerReads() throws Exception {
        Path file = home.resolve("run/secrets.env");

        String first = GeneratedSecrets.fromFile(file, "AUDITOR_DB_PASSWORD");
        String again = GeneratedSecrets.fromFile(file, "AUDITOR_DB_PASSWORD");
        String other = GeneratedSecrets.fromFile(file, "WALLET_DB_PASSWORD");

        assertThat(first).matches("[0-9a-f]{24}").isEqualTo(again).isNotEqualTo(other);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readAllLines(file)).containsExactly("AUDITOR_DB_PASSWORD=" + first,
                "WALLET_DB_PASSWORD=" + other);
    }

    @Test
    void aPasswordTheScriptsWroteIsReadAsItIs() throws Exception {
        Path file = home.resolve("run/secrets.env");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "SERVICE_ADMIN_PASSWORD=0a1b2c3d4e5f60718293a4b5\n");

        assertThat(GeneratedSecrets.fromFile(file, "SERVICE_ADMIN_PASSWORD")).isEqualTo("0a1b2c3d4e5f60718293a4b5");
    }
}

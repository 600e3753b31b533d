package com.luckydraw.infra.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code pg_dump} and {@code pg_restore} as the service's role. The password goes through {@code PGPASSWORD}
 * so that it shows in no process list; {@code --no-password} makes a wrong one fail instead of prompting.
 */
final class PostgresClientPrograms {

    private final Path binDir;

    PostgresClientPrograms(MigrationSettings settings) {
        this.binDir = settings.pgBinDir();
    }

    /** Runs the program with the connection options of {@code target} (when given) and returns its stdout. */
    String run(String program, MigrationTarget target, List<String> args) {
        String executable = locate(program);
        List<String> command = new ArrayList<>(List.of(executable));
        if (target != null) {
            command.addAll(List.of("--host", target.host(), "--port", String.valueOf(target.port()),
                    "--username", target.user(), "--no-password"));
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (target != null) {
            builder.environment().put("PGPASSWORD", target.password());
        }
        try {
            Path stderr = Files.createTempFile("luckydraw-" + program, ".err");
            try {
                Process process = builder.redirectError(stderr.toFile()).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int code = process.waitFor();
                if (code != 0) {
                    throw new MigrationException(program + " exited with " + code + ": "
                            + Files.readString(stderr, StandardCharsets.UTF_8).strip());
                }
                return out;
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new MigrationException("could not run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(program + " interrupted", e);
        }
    }

    /** The program from PG_BIN or the PATH; missing, it is named with the way to get it. */
    private String locate(String program) {
        if (binDir != null) {
            Path candidate = binDir.resolve(program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
            throw new MigrationException(program + " not found in PG_BIN=" + binDir);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        throw new MigrationException(program + " not found on the PATH: install PostgreSQL's client programs "
                + "(apt-get install postgresql-client-15) or point PG_BIN at the folder that holds them");
    }
}

package com.luckydraw.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an operator's command (pg_ctl, infra/bin/kafka, ...) to its end; a failure carries the command's output. */
final class Commands {

    private Commands() {
    }

    static String run(List<String> command, Map<String, String> environment, Path log, long timeoutSeconds) {
        try {
            Files.createDirectories(log.getParent());
            var builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            long before = Files.exists(log) ? Files.size(log) : 0;
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeoutSeconds
                        + " s; see " + log);
            }
            String output = Files.readString(log).substring((int) before);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "):\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    static Path requireExecutable(Path program, String why) {
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(program + " not found: " + why);
        }
        return program;
    }
}

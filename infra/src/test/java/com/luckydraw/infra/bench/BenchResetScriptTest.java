package com.luckydraw.infra.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code infra/bin/bench services reset} deletes topics by a pattern built from the namespace. Run as the script
 * itself, with its PostgreSQL and Kafka pointed at closed ports, so that a reset that went ahead would fail
 * differently (and touch nothing real).
 */
class BenchResetScriptTest {

    @TempDir
    Path state;

    @Test
    void resetRefusesTheLiveNamespaceBeforeTouchingAnything() throws Exception {
        Path marker = Files.writeString(state.resolve("rounds.env"), "ROUND_BASE=1\n");

        Run run = bench("luckydraw", "services", "reset");

        assertThat(run.exitCode).isNotZero();
        assertThat(run.stderr).contains("refuses the live namespace 'luckydraw'")
                .contains("LUCKYDRAW_TOPICS_NAMESPACE");
        assertThat(marker).exists(); // the reset's own clean-up never ran
    }

    private Run bench(String namespace, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("bin/bench");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LUCKYDRAW_TOPICS_NAMESPACE", namespace);
        builder.environment().put("BENCH_STATE", state.toString());
        builder.environment().put("BENCH_PG", "shared");
        builder.environment().put("PGPORT", "1");
        builder.environment().put("KAFKA_BOOTSTRAP", "127.0.0.1:1");
        Path err = state.resolve("stderr.txt");
        builder.redirectError(err.toFile()).redirectOutput(state.resolve("stdout.txt").toFile());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bench finished").isTrue();
        return new Run(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String stderr) {
    }
}

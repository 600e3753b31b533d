package com.luckydraw.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own console producer ({@code infra/bin/kafka-tool console-producer}), as an operator or a misbehaving
 * terminal would use it: one {@code key<TAB>value} line per record on its standard input, so the bytes on the topic
 * are exactly the text typed, with nothing of ours between.
 */
final class ConsoleProducer {

    private static final String SEPARATOR = "\t";

    private ConsoleProducer() {
    }

    /** Sends the records in order, all through one producer process, and waits for it to end. */
    static void send(E2eSystem system, String topic, List<TypedRecord> records) {
        Path root = E2eSystem.projectRoot();
        Path log = root.resolve("e2e-tests/target/console-producer-" + topic + ".log");
        var command = List.of(root.resolve("infra/bin/kafka-tool").toString(), "console-producer",
                "--bootstrap-server", system.bootstrap, "--topic", topic,
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=" + SEPARATOR,
                "--request-required-acks", "all");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                for (TypedRecord record : records) {
                    if (record.key().contains(SEPARATOR)) {
                        throw new IllegalArgumentException(record.name() + ": a key cannot hold the separator");
                    }
                    in.write((record.key() + SEPARATOR + record.value() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the console producer did not end within 120 s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the console producer failed (exit " + process.exitValue() + "): "
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package com.luckydraw.e2e;

import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseSignature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own console producer ({@code infra/bin/kafka-tool console-producer}), as an operator or a misbehaving
 * terminal would use it: one {@code key<TAB>value} line per record on its standard input, so the bytes on the topic
 * are exactly the text typed, with nothing of ours between. On the purchase requests topic each line also carries the
 * header {@code luckydraw-signature}, computed over the typed bytes as a terminal computes it: with the key of the
 * terminal the record key names when the suite registered it, else with pos-e2e's (a wrong signature).
 */
final class ConsoleProducer {

    private static final String SEPARATOR = "\t";
    /** Between the headers and the key; a signature header holds no '|'. */
    private static final String HEADERS_DELIMITER = "|";

    private ConsoleProducer() {
    }

    private static String signatureOf(E2eSystem system, TypedRecord record) {
        String posId = record.key().contains(":") ? record.key().substring(0, record.key().indexOf(':')) : "";
        var terminal = E2eSystem.TERMINALS.contains(posId) ? system.terminals.of(posId)
                : system.terminals.of("pos-e2e");
        var signature = PurchaseSignature.sign(terminal.signingKey(), terminal.keyVersion(), record.key(),
                record.value().getBytes(StandardCharsets.UTF_8));
        return PurchaseSignature.HEADER + ":" + signature.header();
    }

    /** Sends the records in order, all through one producer process, and waits for it to end. */
    static void send(E2eSystem system, String topic, List<TypedRecord> records) {
        Path root = E2eSystem.projectRoot();
        Path log = root.resolve("e2e-tests/target/console-producer-" + topic + ".log");
        boolean signed = Topics.PURCHASE_REQUESTS.name().equals(topic);
        var command = new ArrayList<>(List.of(root.resolve("infra/bin/kafka-tool").toString(), "console-producer",
                "--bootstrap-server", system.bootstrap, "--topic", topic,
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=" + SEPARATOR,
                "--request-required-acks", "all"));
        if (signed) {
            command.addAll(List.of("--reader-property", "parse.headers=true",
                    "--reader-property", "headers.delimiter=" + HEADERS_DELIMITER));
        }
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                for (TypedRecord record : records) {
                    if (record.key().contains(SEPARATOR)) {
                        throw new IllegalArgumentException(record.name() + ": a key cannot hold the separator");
                    }
                    String headers = signed ? signatureOf(system, record) + HEADERS_DELIMITER : "";
                    in.write((headers + record.key() + SEPARATOR + record.value() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
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

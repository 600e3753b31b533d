package com.luckydraw.infra.terminal;

import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseSignature;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The signing keys of the terminals a tool publishes as (the demo, the load generator, {@code infra/bin/purchase}):
 * every PurchaseRequested it sends carries its terminal's {@link PurchaseSignature}. Kept in memory, or in a
 * directory of one file per terminal, {@code <posId>.terminal} (mode 600, properties {@code posId}, {@code keyVersion},
 * {@code signingKey} as base64, {@code apiSecret}), never on a command line.
 */
public final class TerminalKeyring {

    public static final String SUFFIX = ".terminal";

    /** One terminal's credentials, as order-service's registry issued them. */
    public record Credentials(String posId, int keyVersion, byte[] signingKey, String apiSecret) {
        @Override
        public String toString() {
            return "Credentials[posId=" + posId + ", keyVersion=" + keyVersion + ", secrets=(hidden)]";
        }
    }

    private final Map<String, Credentials> terminals;

    public TerminalKeyring(Map<String, Credentials> terminals) {
        this.terminals = Map.copyOf(terminals);
    }

    public List<String> posIds() {
        return terminals.keySet().stream().sorted().toList();
    }

    public Credentials of(String posId) {
        Credentials credentials = terminals.get(posId);
        if (credentials == null) {
            throw new IllegalArgumentException("no signing key for terminal " + posId + "; known: " + posIds());
        }
        return credentials;
    }

    /** The record a terminal sends: keyed {@code posId:bizId}, its value {@code value}, signed with its key. */
    public ProducerRecord<String, byte[]> signed(String topic, String posId, String bizId, byte[] value) {
        Credentials c = of(posId);
        String key = posId + ":" + bizId;
        var signature = PurchaseSignature.sign(c.signingKey(), c.keyVersion(), key, value);
        return new ProducerRecord<>(topic, null, key, value,
                List.of(new RecordHeader(PurchaseSignature.HEADER, signature.headerBytes())));
    }

    public ProducerRecord<String, byte[]> signed(String posId, String bizId, byte[] value) {
        return signed(Topics.PURCHASE_REQUESTS.name(), posId, bizId, value);
    }

    /** Reads every {@code *.terminal} file of {@code dir}. */
    public static TerminalKeyring load(Path dir) {
        Map<String, Credentials> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                Credentials c = read(file);
                found.put(c.posId(), c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the terminals' keys in " + dir, e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no *" + SUFFIX + " file in " + dir);
        }
        return new TerminalKeyring(found);
    }

    public static Credentials read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String posId = p.getProperty("posId");
        String version = p.getProperty("keyVersion");
        String key = p.getProperty("signingKey");
        if (posId == null || version == null || key == null) {
            throw new IllegalArgumentException(file + " must hold posId, keyVersion and signingKey");
        }
        return new Credentials(posId, Integer.parseInt(version.trim()), Base64.getDecoder().decode(key.trim()),
                p.getProperty("apiSecret"));
    }

    /** Writes each terminal's file into {@code dir} (created mode 700), readable by its owner only. */
    public void save(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            for (Credentials c : terminals.values()) {
                Path file = dir.resolve(c.posId() + SUFFIX);
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, "posId=" + c.posId() + "\nkeyVersion=" + c.keyVersion() + "\nsigningKey="
                        + Base64.getEncoder().encodeToString(c.signingKey()) + "\napiSecret="
                        + (c.apiSecret() == null ? "" : c.apiSecret()) + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the terminals' keys to " + dir, e);
        }
    }
}

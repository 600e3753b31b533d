package com.luckydraw.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where each principal's Kafka client config is, and its security settings. {@code infra/bin/kafka} writes one
 * {@code <principal>.properties} per principal (mode 600) into the credentials folder:
 * {@code KAFKA_CREDENTIALS_DIR}, else {@code $KAFKA_INSTANCE_DIR/credentials} for a second broker, else
 * {@code $LUCKYDRAW_HOME/run/kafka} ({@code ~/.luckydraw/run/kafka}). The same rule is in the script.
 */
public final class KafkaLogin {

    private KafkaLogin() {
    }

    public static Path credentialsDir() {
        return credentialsDir(System.getenv());
    }

    /** The same rule over a given environment (a command's, a test's). */
    public static Path credentialsDir(Map<String, String> env) {
        String explicit = env.get("KAFKA_CREDENTIALS_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String instance = env.get("KAFKA_INSTANCE_DIR");
        if (instance != null && !instance.isBlank()) {
            return Path.of(instance, "credentials");
        }
        String home = env.get("LUCKYDRAW_HOME");
        return (home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".luckydraw"))
                .resolve("run").resolve("kafka");
    }

    public static Path configFile(KafkaPrincipal principal) {
        return credentialsDir().resolve(principal.user() + ".properties");
    }

    /**
     * The principal's security settings (protocol, mechanism, JAAS login) to merge into a client's config; the
     * caller keeps its own {@code bootstrap.servers}.
     */
    public static Map<String, Object> clientConfig(KafkaPrincipal principal) {
        return clientConfig(principal, credentialsDir());
    }

    /** The same, from the credentials folder of a given broker (a test's private one). */
    public static Map<String, Object> clientConfig(KafkaPrincipal principal, Path credentialsDir) {
        Map<String, Object> config = read(credentialsDir.resolve(principal.user() + ".properties"));
        config.remove("bootstrap.servers");
        return config;
    }

    /** A client's own config with the principal's login added: {@code new KafkaProducer<>(KafkaLogin.as(TERMINAL, ...))}. */
    public static Map<String, Object> as(KafkaPrincipal principal, Map<String, ?> config) {
        return as(principal, credentialsDir(), config);
    }

    public static Map<String, Object> as(KafkaPrincipal principal, Path credentialsDir, Map<String, ?> config) {
        Map<String, Object> merged = new HashMap<>(config);
        merged.putAll(clientConfig(principal, credentialsDir));
        return merged;
    }

    /** The super user's whole config, bootstrap included (the broker's internal listener): topics and ACLs. */
    public static Map<String, Object> adminConfig() {
        return adminConfig(credentialsDir());
    }

    public static Map<String, Object> adminConfig(Path credentialsDir) {
        return read(credentialsDir.resolve("admin.properties"));
    }

    public static Map<String, Object> read(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no Kafka client config at " + file + ": 'infra/bin/kafka start' writes"
                    + " one per principal (or set KAFKA_CREDENTIALS_DIR to the folder that has them)");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Kafka client config " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> config = new HashMap<>();
        properties.forEach((key, value) -> config.put((String) key, value));
        return config;
    }
}

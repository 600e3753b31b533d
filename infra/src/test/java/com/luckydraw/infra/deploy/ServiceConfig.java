package com.luckydraw.infra.deploy;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service's own configuration says a deployment must give it, read from its application.yml: the port
 * (variable and default), the address variable, the environment variables it reads, and whether the Kubernetes
 * probe endpoints exist; plus the variables its shared libraries read from the environment directly.
 */
record ServiceConfig(String module, String portVariable, int port, String addressVariable, Set<String> variables,
        boolean probesEnabled) {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> MODULES = List.of("wallet-service", "lottery-service", "order-service",
            "admin-dashboard");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern PORT = Pattern.compile("\\$\\{([A-Z_]+):(\\d+)}");
    private static final Pattern ADDRESS = Pattern.compile("\\$\\{([A-Z_]+):");
    private static final Pattern ENV_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");

    static ServiceConfig of(String module) {
        try {
            String text = Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.yml"));
            Map<String, Object> yaml = new Yaml().load(text);
            Map<String, Object> server = map(yaml.get("server"));
            Matcher port = PORT.matcher(String.valueOf(server.get("port")));
            Matcher address = ADDRESS.matcher(String.valueOf(server.get("address")));
            if (!port.matches() || !address.lookingAt()) {
                throw new IllegalStateException(module + ": server.port/address are not ${VAR:default} placeholders");
            }
            Set<String> variables = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                variables.add(m.group(1));
            }
            Object probes = at(yaml, "management", "endpoint", "health", "probes", "enabled");
            return new ServiceConfig(module, port.group(1), Integer.parseInt(port.group(2)), address.group(1),
                    variables, Boolean.TRUE.equals(probes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The passwords it needs: refused at start-up when left to their well-known fallbacks (docs/security.md). */
    Set<String> passwords() {
        Set<String> passwords = new TreeSet<>(variables.stream().filter(v -> v.endsWith("_PASSWORD")).toList());
        passwords.remove("REDIS_PASSWORD"); // optional: only when Redis has one
        return passwords;
    }

    /** Whether a variable is read: by application.yml, or by name in a shared library (KAFKA_CLIENT_CONFIG...). */
    boolean reads(String variable) {
        return variables.contains(variable) || LIBRARY_VARIABLES.contains(variable);
    }

    private static final Set<String> LIBRARY_VARIABLES = libraryVariables();

    private static Set<String> libraryVariables() {
        Set<String> names = new TreeSet<>();
        for (String library : List.of("common-events", "common-kafka", "common-messaging", "common-web")) {
            try (Stream<Path> sources = Files.walk(ROOT.resolve(library).resolve("src/main/java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = ENV_LITERAL.matcher(Files.readString(source));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    static Object at(Map<String, Object> yaml, String... path) {
        Object node = yaml;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}

package com.luckydraw.testing;

import com.luckydraw.kafka.GrantingKafkaAccess;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts a test context on real PostgreSQL, Kafka and Redis. The services named in the configuration
 * ({@code spring.datasource.url}, {@code spring.kafka.bootstrap-servers}, {@code spring.data.redis.host}) are used
 * when they answer; those that do not are started as Testcontainers when a Docker engine is available; otherwise the
 * context fails to start with a message naming each missing service and the command that starts it. Never a skip.
 *
 * <p>Use with {@code @SpringBootTest} and {@code @ContextConfiguration(initializers = RealInfrastructure.class)}, or
 * the {@link IntegrationTest} meta-annotation.
 */
public class RealInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        List<Endpoint> needed = new ArrayList<>();
        String datasource = env.getProperty("spring.datasource.url");
        if (datasource != null) {
            needed.add(Endpoint.postgres(datasource));
        }
        String kafka = env.getProperty("spring.kafka.bootstrap-servers");
        if (kafka != null) {
            needed.add(Endpoint.kafka(kafka));
        }
        String redisHost = env.getProperty("spring.data.redis.host");
        if (redisHost != null) {
            needed.add(Endpoint.redis(redisHost, env.getProperty("spring.data.redis.port", Integer.class, 6379)));
        }
        Map<String, Object> replacements = provide(needed, env);
        if (kafka != null && !replacements.containsKey("spring.kafka.bootstrap-servers")) {
            // The local broker authenticates and authorizes: this module's namespace needs its topics and ACLs.
            GrantingKafkaAccess.grantOnce();
        }
        if (replacements.containsKey("spring.kafka.bootstrap-servers")) {
            // A throwaway container broker has no authentication: no login.
            env.getPropertySources().stream().map(source -> source.getName())
                    .filter(name -> name.startsWith("luckydraw-kafka-login")).toList()
                    .forEach(name -> env.getPropertySources().remove(name));
        }
        if (!replacements.isEmpty()) {
            env.getPropertySources().addFirst(new MapPropertySource("testcontainers", replacements));
        }
        if (kafka != null) {
            Object container = replacements.get("spring.kafka.bootstrap-servers");
            RealKafka.contextRunsOn(container != null ? container.toString() : kafka, container == null);
        }
    }

    /** Checks the endpoints; returns properties pointing at containers for those that are missing. */
    static Map<String, Object> provide(List<Endpoint> needed, ConfigurableEnvironment env) {
        List<Endpoint> missing = needed.stream().filter(e -> !e.reachable()).toList();
        if (missing.isEmpty()) {
            return Map.of();
        }
        if (!Containers.dockerAvailable()) {
            throw new IllegalStateException(missingMessage(missing));
        }
        Map<String, Object> properties = new HashMap<>();
        for (Endpoint endpoint : missing) {
            switch (endpoint.service()) {
                case "PostgreSQL" -> properties.putAll(Containers.postgres(env.getProperty("spring.datasource.url"),
                        env.getProperty("spring.datasource.username"), env.getProperty("spring.datasource.password")));
                case "Kafka" -> properties.putAll(Containers.kafka());
                case "Redis" -> properties.putAll(Containers.redis());
                default -> throw new IllegalStateException("no container for " + endpoint);
            }
        }
        return properties;
    }

    /** For tests without a Spring context: fails unless the given services answer. */
    public static void requireLocal(String jdbcUrl, String kafkaBootstrap) {
        List<Endpoint> needed = new ArrayList<>();
        if (jdbcUrl != null) {
            needed.add(Endpoint.postgres(jdbcUrl));
        }
        if (kafkaBootstrap != null) {
            needed.add(Endpoint.kafka(kafkaBootstrap));
        }
        List<Endpoint> missing = needed.stream().filter(e -> !e.reachable()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missingMessage(missing));
        }
    }

    static String missingMessage(List<Endpoint> missing) {
        return "These tests talk to real services, and " + missing.stream().map(Endpoint::toString)
                .collect(Collectors.joining(", ")) + (missing.size() == 1 ? " is" : " are")
                + " not reachable, nor is a Docker engine for Testcontainers. Start "
                + (missing.size() == 1 ? "it" : "them") + ":\n" + missing.stream()
                .map(e -> "  " + e.service() + ": " + e.howToStart()).collect(Collectors.joining("\n"))
                + "\nor run the whole suite with infra/bin/test, which starts Kafka and prepares the databases.";
    }
}

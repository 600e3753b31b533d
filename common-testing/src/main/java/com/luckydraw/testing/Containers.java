package com.luckydraw.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Properties;

/**
 * Containers for machines with Docker and without local services; started once per JVM and shared by every test
 * context, the way Spring Boot's {@code @ServiceConnection} containers are when declared static.
 */
final class Containers {

    private static PostgreSQLContainer postgres;
    private static KafkaContainer kafka;
    private static GenericContainer<?> redis;

    private Containers() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static synchronized Map<String, Object> postgres(String jdbcUrl, String user, String password) {
        String database = URI.create(jdbcUrl.substring("jdbc:".length())).getPath().substring(1);
        if (postgres == null) {
            postgres = new PostgreSQLContainer(DockerImageName.parse("postgres:15-alpine"))
                    .withDatabaseName(database).withUsername(user).withPassword(password);
            postgres.start();
        }
        return Map.of("spring.datasource.url", postgres.getJdbcUrl(),
                "spring.datasource.username", postgres.getUsername(),
                "spring.datasource.password", postgres.getPassword());
    }

    static synchronized Map<String, Object> kafka() {
        if (kafka == null) {
            kafka = new KafkaContainer(DockerImageName.parse(kafkaImage()));
            kafka.start();
        }
        return Map.of("spring.kafka.bootstrap-servers", kafka.getBootstrapServers());
    }

    /** The broker version the project runs ({@code kafka-broker.version} in the root pom), as Apache's image. */
    static String kafkaImage() {
        Properties properties = new Properties();
        try (InputStream in = Containers.class.getResourceAsStream("containers.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("common-testing's containers.properties is unreadable", e);
        }
        return properties.getProperty("kafka.image");
    }

    static synchronized Map<String, Object> redis() {
        if (redis == null) {
            redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
            redis.start();
        }
        return Map.of("spring.data.redis.host", redis.getHost(),
                "spring.data.redis.port", redis.getMappedPort(6379));
    }
}

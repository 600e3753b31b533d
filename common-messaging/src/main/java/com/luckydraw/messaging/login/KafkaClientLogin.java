package com.luckydraw.messaging.login;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Logs a service in to Kafka as its own principal: the security settings of its client config (written by
 * {@code infra/bin/kafka}, mode 600) become {@code spring.kafka.properties.*}, so Boot's producers, consumers and
 * admin clients all authenticate, and no password ever sits in a property file, an argument or a log line.
 *
 * <p>The principal is {@code luckydraw.kafka.principal} (each service names its own); the file is
 * {@code luckydraw.kafka.client-config} ({@code KAFKA_CLIENT_CONFIG}) or {@code <principal>.properties} in the
 * credentials folder ({@code KafkaLogin}). A missing file stops the start with what to do. A blank principal means a
 * broker without authentication (a throwaway container in tests); properties set explicitly win over the file.
 */
public class KafkaClientLogin implements EnvironmentPostProcessor, Ordered {

    static final String PRINCIPAL = "luckydraw.kafka.principal";
    static final String CLIENT_CONFIG = "luckydraw.kafka.client-config";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String principal = environment.getProperty(PRINCIPAL);
        if (principal == null || principal.isBlank()) {
            return;
        }
        String explicit = environment.getProperty(CLIENT_CONFIG, environment.getProperty("KAFKA_CLIENT_CONFIG", ""));
        Path file = explicit.isBlank() ? KafkaLogin.configFile(KafkaPrincipal.of(principal)) : Path.of(explicit);
        Map<String, Object> login;
        try {
            login = KafkaLogin.read(file);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Kafka login of principal '" + principal + "': " + e.getMessage()
                    + "; or point KAFKA_CLIENT_CONFIG at its client config", e);
        }
        login.remove("bootstrap.servers");
        Map<String, Object> properties = new HashMap<>();
        login.forEach((key, value) -> {
            String property = "spring.kafka.properties." + key;
            if (!environment.containsProperty(property)) {
                properties.put(property, value);
            }
        });
        environment.getPropertySources().addLast(new MapPropertySource("luckydraw-kafka-login (" + file + ")",
                properties));
    }

    /** After the configuration files are read: the principal and the file's path come from them. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

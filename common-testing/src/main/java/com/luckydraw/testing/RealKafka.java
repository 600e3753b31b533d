package com.luckydraw.testing;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka broker the tests talk to, and the tests' own clients on it, logged in as a principal through
 * {@link KafkaLogin}. Its address is the one a Spring test context runs on ({@code spring.kafka.bootstrap-servers}
 * as {@link RealInfrastructure} left it, a Testcontainers broker included) once a context started in this JVM;
 * before that, or without Spring, the running infrastructure's: {@code KAFKA_BOOTSTRAP_SERVERS}, else
 * {@code 127.0.0.1:9092}, the default of the services' own configuration.
 */
public final class RealKafka {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /** What the last test context ran on; null until one with Kafka started. */
    private static volatile Broker contexts;

    private record Broker(String bootstrap, boolean logsIn) {
    }

    private RealKafka() {
    }

    /** The broker of the running infrastructure, where a test without a Spring context finds it. */
    public static String infrastructureBootstrap() {
        String configured = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return configured == null || configured.isBlank() ? DEFAULT_BOOTSTRAP : configured;
    }

    /** Where the tests' clients connect: the test contexts' broker, else the running infrastructure's. */
    public static String bootstrap() {
        Broker broker = contexts;
        return broker != null ? broker.bootstrap() : infrastructureBootstrap();
    }

    /** The broker a given Spring environment names, else {@link #bootstrap()}. */
    public static String bootstrap(Environment environment) {
        return environment.getProperty("spring.kafka.bootstrap-servers", bootstrap());
    }

    /** Fails, naming the command that starts it, unless the broker answers. */
    public static void requireReachable() {
        RealInfrastructure.requireLocal(null, bootstrap());
    }

    /**
     * A client's config on the tests' broker, with {@code principal}'s login; a throwaway container broker has no
     * authentication, so there none is added.
     */
    public static Map<String, Object> as(KafkaPrincipal principal, Map<String, ?> config) {
        Map<String, Object> merged = new HashMap<>(config);
        merged.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        Broker broker = contexts;
        return broker == null || broker.logsIn() ? KafkaLogin.as(principal, merged) : merged;
    }

    /** A producer of string keys and byte values; {@code config} adds to or overrides the client defaults. */
    public static KafkaProducer<String, byte[]> producer(KafkaPrincipal principal, Map<String, ?> config) {
        return new KafkaProducer<>(as(principal, config), new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer of string keys and byte values; {@code config} adds to or overrides the client defaults. */
    public static KafkaConsumer<String, byte[]> consumer(KafkaPrincipal principal, Map<String, ?> config) {
        return new KafkaConsumer<>(as(principal, config), new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static Admin admin(KafkaPrincipal principal) {
        return Admin.create(as(principal, Map.of()));
    }

    /** Called by {@link RealInfrastructure} for each context it prepares. */
    static void contextRunsOn(String bootstrap, boolean logsIn) {
        contexts = new Broker(bootstrap, logsIn);
    }
}

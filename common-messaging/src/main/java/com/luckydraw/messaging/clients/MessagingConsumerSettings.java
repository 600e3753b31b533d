package com.luckydraw.messaging.clients;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * What the messaging library needs of Boot's consumer factory, on top of {@code spring.kafka.consumer.*}: bytes in
 * (the codec decides what is valid) and no auto-commit (the listener container commits what was applied), whatever
 * the properties say; and defaults that the properties override: the earliest offset for a new group, committed
 * reads only, a 15 s session, and fetches of at least 4 KB or 15 ms.
 */
public class MessagingConsumerSettings implements DefaultKafkaConsumerFactoryCustomizer {

    static final String ISOLATION_LEVEL_PROPERTY = "spring.kafka.consumer.isolation-level";

    private final boolean isolationLevelSet;

    /** @param isolationLevelSet whether the configuration names an isolation level (else: read_committed) */
    public MessagingConsumerSettings(boolean isolationLevelSet) {
        this.isolationLevelSet = isolationLevelSet;
    }

    /**
     * Boot writes {@code read_uncommitted} into every consumer's config when nothing sets the isolation level, so
     * whether something did is read from the configuration itself.
     */
    public static MessagingConsumerSettings of(KafkaProperties kafka, Environment environment) {
        String key = ConsumerConfig.ISOLATION_LEVEL_CONFIG;
        return new MessagingConsumerSettings(Binder.get(environment).bind(ISOLATION_LEVEL_PROPERTY, String.class)
                .isBound() || kafka.getProperties().containsKey(key) || kafka.getConsumer().getProperties()
                .containsKey(key));
    }

    @Override
    public void customize(DefaultKafkaConsumerFactory<?, ?> factory) {
        Map<String, Object> config = factory.getConfigurationProperties();
        Map<String, Object> updates = new HashMap<>();
        updates.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        updates.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        updates.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A killed instance keeps its partitions until its session times out; 15 s instead of Kafka's 45 s lets a
        // restarted or surviving instance take them over sooner, with room for heartbeats on a busy machine.
        defaults.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
        // A fetch waits for 4 KB (about eight messages) or 15 ms: under load fewer, larger batches, so fewer
        // transactions and broker requests for the same messages (docs/decisions.md, "Consumers fetch at least 4 KB or
        // wait 15 ms": at 2,000 purchases/s it kept up in four windows out of four, 5 ms in two). The price is paid
        // when idle: each consumer asks the broker every 15 ms instead of waiting there for data (idle, the broker used
        // 12 % of a core against 6 % with Kafka's own defaults and 16-22 % at 5 ms). spring.kafka.consumer.
        // fetch-min-size and fetch-max-wait (SPRING_KAFKA_CONSUMER_FETCHMINSIZE / _FETCHMAXWAIT) set them otherwise.
        defaults.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 4096);
        defaults.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 15);
        defaults.forEach((key, value) -> {
            if (!config.containsKey(key)) {
                updates.put(key, value);
            }
        });
        if (!isolationLevelSet) {
            updates.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        factory.updateConfigs(updates);
    }
}

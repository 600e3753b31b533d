package com.luckydraw.messaging.clients;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * What the messaging library needs of Boot's producer factory, on top of {@code spring.kafka.producer.*}: bytes out
 * (the codec, not a serializer, decides what is valid, so bad records reach our code) through an idempotent producer
 * acknowledged by all in-sync replicas, whatever the properties say, since the relay's at-least-once and per-key order
 * rest on both. A 2 ms linger unless {@code linger.ms} is set.
 */
public class MessagingProducerSettings implements DefaultKafkaProducerFactoryCustomizer {

    static final int DEFAULT_LINGER_MS = 2;

    @Override
    public void customize(DefaultKafkaProducerFactory<?, ?> factory) {
        Map<String, Object> updates = new HashMap<>();
        updates.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        updates.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        updates.put(ProducerConfig.ACKS_CONFIG, "all");
        updates.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (!factory.getConfigurationProperties().containsKey(ProducerConfig.LINGER_MS_CONFIG)) {
            updates.put(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS);
        }
        factory.updateConfigs(updates);
    }
}

package com.luckydraw.messaging.health;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class HealthMetersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();

    @Test
    void aComponentIsOneWhileUpAndZeroOnceDownCheckedAtMostOncePerFiveSeconds() {
        AtomicReference<Health> redis = new AtomicReference<>(Health.up().build());
        AtomicInteger checks = new AtomicInteger();
        HealthIndicator indicator = () -> {
            checks.incrementAndGet();
            return redis.get();
        };
        new HealthMeters(meters, Map.of("redisHealthIndicator", indicator), registryOf(), clock)
                .onApplicationEvent(null);

        assertThat(up("redis")).isEqualTo(1.0);
        redis.set(Health.down().build());
        assertThat(up("redis")).as("still the check of a moment ago").isEqualTo(1.0);
        assertThat(checks).hasValue(1);

        clock.advance(HealthMeters.FRESH_FOR);
        assertThat(up("redis")).isEqualTo(0.0);
        assertThat(checks).hasValue(2);
    }

    @Test
    void eachConsumerGroupsLagIsTheOneTheKafkaComponentMeasured() {
        AtomicReference<Health> kafka = new AtomicReference<>(Health.up()
                .withDetail("consumerLag", Map.of("wallet-commands", 42L)).build());
        new HealthMeters(meters, Map.of("kafkaHealthIndicator", kafka::get), registryOf("wallet-commands"), clock)
                .onApplicationEvent(null);

        assertThat(meters.get("luckydraw.kafka.consumer.lag").tag("group", "wallet-commands").gauge().value())
                .isEqualTo(42.0);
        assertThat(up("kafka")).isEqualTo(1.0);

        kafka.set(Health.down().withDetail("error", "no broker").build());
        clock.advance(HealthMeters.FRESH_FOR);
        assertThat(meters.get("luckydraw.kafka.consumer.lag").tag("group", "wallet-commands").gauge().value())
                .as("unknown while the broker does not answer").isNaN();
        assertThat(up("kafka")).isEqualTo(0.0);
    }

    @Test
    void theLiveBrokersAreTheOnesTheKafkaComponentCountedAndUnknownWhileNoneAnswers() {
        AtomicReference<Health> kafka = new AtomicReference<>(Health.up().withDetail("brokers", 3).build());
        new HealthMeters(meters, Map.of("kafkaHealthIndicator", kafka::get), registryOf(), clock)
                .onApplicationEvent(null);
        assertThat(meters.get("luckydraw.kafka.brokers").gauge().value()).isEqualTo(3.0);

        kafka.set(Health.up().withDetail("brokers", 2).build());
        clock.advance(HealthMeters.FRESH_FOR);
        assertThat(meters.get("luckydraw.kafka.brokers").gauge().value()).as("one node of three lost").isEqualTo(2.0);

        kafka.set(Health.down().withDetail("error", "no broker").build());
        clock.advance(HealthMeters.FRESH_FOR);
        assertThat(meters.get("luckydraw.kafka.brokers").gauge().value()).isNaN();
    }

    @Test
    void componentsAreNamedAsSpringBootNamesThem() {
        assertThat(HealthMeters.componentName("kafkaHealthIndicator")).isEqualTo("kafka");
        assertThat(HealthMeters.componentName("dbHealthContributor")).isEqualTo("db");
        assertThat(HealthMeters.componentName("ping")).isEqualTo("ping");
    }

    private double up(String component) {
        return meters.get("luckydraw.health.up").tag("component", component).gauge().value();
    }

    /** A registry of listener containers that are never started: only their group ids are read. */
    private static KafkaListenerEndpointRegistry registryOf(String... groups) {
        List<MessageListenerContainer> containers = java.util.Arrays.stream(groups).map(group -> {
            ContainerProperties properties = new ContainerProperties("some-topic");
            properties.setGroupId(group);
            return (MessageListenerContainer) new ConcurrentMessageListenerContainer<>(
                    new DefaultKafkaConsumerFactory<String, String>(Map.of()), properties);
        }).toList();
        return new KafkaListenerEndpointRegistry() {
            @Override
            public Collection<MessageListenerContainer> getListenerContainers() {
                return containers;
            }
        };
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

package com.luckydraw.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's Kafka clients are Boot's, with the library's settings on top: what it guarantees stays whatever
 * {@code spring.kafka.*} says, its defaults give way to it. No broker is needed: clients connect only when used.
 */
class MessagingKafkaAutoConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MessagingKafkaAutoConfiguration.class,
                    KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("luckydraw.messaging.consumer=test", "spring.kafka.bootstrap-servers=127.0.0.1:1");

    private static Map<String, Object> producerConfig(AssertableApplicationContext context) {
        return context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties();
    }

    private static Map<String, Object> consumerConfig(AssertableApplicationContext context) {
        return context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties();
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMessageListenerContainer<Object, Object> container(AssertableApplicationContext context) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = context.getBean(
                "kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class);
        return factory.createContainer("some-topic");
    }

    @Test
    void theTemplateSendsBytesThroughBootsIdempotentProducerFactoryWithItsMetrics() {
        contexts.run(context -> {
            DefaultKafkaProducerFactory<?, ?> producers = context.getBean(DefaultKafkaProducerFactory.class);
            assertThat(context.getBean(KafkaTemplate.class).getProducerFactory()).isSameAs(producers);
            assertThat(producerConfig(context))
                    .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class)
                    .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
                    .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                    .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                    .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 2);
            assertThat(producers.getListeners()).hasAtLeastOneElementOfType(MicrometerProducerListener.class);
        });
    }

    @Test
    void listenersReadBytesInBatchesThroughBootsConsumerFactoryWithItsMetrics() {
        contexts.run(context -> {
            DefaultKafkaConsumerFactory<?, ?> consumers = context.getBean(DefaultKafkaConsumerFactory.class);
            assertThat(consumerConfig(context))
                    .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)
                    .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
                    .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                    .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                    .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                    .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000)
                    .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 4096)
                    .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 15);
            assertThat(consumers.getListeners()).hasAtLeastOneElementOfType(MicrometerConsumerListener.class);

            var factory = context.getBean("kafkaListenerContainerFactory",
                    ConcurrentKafkaListenerContainerFactory.class);
            assertThat(factory.isBatchListener()).isTrue();
            assertThat(factory.getConsumerFactory()).isSameAs(consumers);
            var container = container(context);
            assertThat(container.getContainerProperties().getAckMode()).isEqualTo(AckMode.TIME);
            assertThat(container.getContainerProperties().getAckTime()).isEqualTo(1000);
            assertThat(container.getContainerProperties().isSyncCommits()).isFalse();
            assertThat(container.getContainerProperties().getAuthExceptionRetryInterval())
                    .isEqualTo(Duration.ofSeconds(2));
            assertThat(container.getCommonErrorHandler()).isInstanceOf(DefaultErrorHandler.class);
        });
    }

    @Test
    void springKafkaPropertiesOverrideTheDefaultsButNotWhatTheLibraryRestsOn() {
        contexts.withPropertyValues("spring.kafka.producer.acks=1", "spring.kafka.producer.properties.linger.ms=20",
                "spring.kafka.producer.value-serializer=" + StringSerializer.class.getName(),
                "spring.kafka.consumer.enable-auto-commit=true", "spring.kafka.consumer.auto-offset-reset=latest",
                "spring.kafka.consumer.isolation-level=read-uncommitted", "spring.kafka.consumer.fetch-min-size=1B",
                "spring.kafka.consumer.fetch-max-wait=500ms", "spring.kafka.properties.session.timeout.ms=30000",
                "spring.kafka.listener.type=single", "spring.kafka.listener.concurrency=3",
                "spring.kafka.listener.ack-mode=count", "spring.kafka.listener.ack-count=100",
                "spring.kafka.listener.auth-exception-retry-interval=5s").run(context -> {
            assertThat(producerConfig(context))
                    .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                    .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
                    .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20");
            assertThat(consumerConfig(context))
                    .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                    .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
                    .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")
                    .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000")
                    .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
                    .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
            assertThat(context.getBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class)
                    .isBatchListener()).isTrue();
            var container = container(context);
            assertThat(container.getConcurrency()).isEqualTo(3);
            assertThat(container.getContainerProperties().getAckMode()).isEqualTo(AckMode.COUNT);
            assertThat(container.getContainerProperties().getAckCount()).isEqualTo(100);
            assertThat(container.getContainerProperties().isSyncCommits()).isFalse();
            assertThat(container.getContainerProperties().getAuthExceptionRetryInterval())
                    .isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void anIsolationLevelAmongTheKafkaPropertiesIsKept() {
        contexts.withPropertyValues("spring.kafka.consumer.properties.isolation.level=read_uncommitted")
                .run(context -> assertThat(consumerConfig(context))
                        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));
    }

    @Test
    void offsetsAreCommittedAfterEveryBatchWithoutACommitInterval() {
        contexts.withPropertyValues("luckydraw.messaging.offset-commit-interval=0s")
                .run(context -> assertThat(container(context).getContainerProperties().getAckMode())
                        .isEqualTo(AckMode.BATCH));
    }

    @Test
    void connectionDetailsSuchAsAServiceConnectionsNameTheBrokers() {
        KafkaConnectionDetails elsewhere = () -> List.of("elsewhere:9093");
        contexts.withBean(KafkaConnectionDetails.class, () -> elsewhere).run(context -> {
            assertThat(producerConfig(context)).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    List.of("elsewhere:9093"));
            assertThat(consumerConfig(context)).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    List.of("elsewhere:9093"));
        });
    }

    @Test
    void anErrorHandlerBeanAndAContainerCustomizerApplyToTheListeners() {
        CommonErrorHandler handler = new CommonLoggingErrorHandler();
        ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> customizer =
                container -> container.getContainerProperties().setClientId("customized");
        contexts.withBean(CommonErrorHandler.class, () -> handler)
                .withBean(ContainerCustomizer.class, () -> customizer).run(context -> {
                    var container = container(context);
                    assertThat(container.getCommonErrorHandler()).isSameAs(handler);
                    assertThat(container.getContainerProperties().getClientId()).isEqualTo("customized");
                });
    }
}

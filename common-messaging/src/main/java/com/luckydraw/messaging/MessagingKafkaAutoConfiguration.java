package com.luckydraw.messaging;

import com.luckydraw.messaging.clients.MessagingConsumerSettings;
import com.luckydraw.messaging.clients.MessagingProducerSettings;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;

/**
 * The messaging library's Kafka clients are Boot's (its producer and consumer factories, template and listener
 * container factory, so {@code spring.kafka.*}, connection details, customizers and the clients' Micrometer metrics
 * all apply); this adds only what the library needs of them: {@link MessagingProducerSettings},
 * {@link MessagingConsumerSettings}, and a listener container factory whose every {@code @KafkaListener} is a batch
 * listener committing offsets only for applied batches.
 */
// Before Kafka's auto-configuration, so its default listener container factory backs off in favour of this one.
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingKafkaAutoConfiguration {

    @Bean
    MessagingProducerSettings messagingProducerSettings() {
        return new MessagingProducerSettings();
    }

    @Bean
    MessagingConsumerSettings messagingConsumerSettings(KafkaProperties kafka, Environment environment) {
        return MessagingConsumerSettings.of(kafka, environment);
    }

    /**
     * The default listener container factory over Boot's consumer factory: batch listeners over raw bytes, offsets
     * committed (every {@code offset-commit-interval}) only for applied batches, and an error handler that keeps
     * retrying (with backoff up to 10 s) what failed for infrastructure reasons: invalid records never get here, they
     * were dead-lettered by {@link ExactlyOnceProcessing}. What {@code spring.kafka.listener.*} sets, and the beans
     * Boot's configurer takes (an error handler, a rebalance listener...), win over these defaults; batch listening
     * does not give way.
     */
    @Bean(name = "kafkaListenerContainerFactory")
    ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            ObjectProvider<ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>>
                    containerCustomizer, MessagingProperties properties) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        ContainerProperties container = factory.getContainerProperties();
        // The inbox, not the offset, is what makes a redelivery harmless: a commit lost in a crash only means the
        // batches since the last one come again and are found there. So offsets are committed once per interval
        // rather than per batch (each commit is a request and a write to the broker's offsets log), and the consumer
        // does not wait for the broker to confirm them. Rebalances and stops still commit what was applied.
        if (properties.offsetCommitInterval().isZero()) {
            container.setAckMode(ContainerProperties.AckMode.BATCH);
        } else {
            container.setAckMode(ContainerProperties.AckMode.TIME);
            container.setAckTime(properties.offsetCommitInterval().toMillis());
        }
        container.setSyncCommits(false);
        // A broker that is shutting down or starting refuses logins for a moment ("invalid credentials" while its
        // credential cache is not loaded); Kafka's clients take that as final. The container keeps trying instead of
        // stopping, as it would after any other broker outage.
        container.setAuthExceptionRetryInterval(Duration.ofSeconds(2));
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        containerCustomizer.ifAvailable(factory::setContainerCustomizer);
        return factory;
    }
}

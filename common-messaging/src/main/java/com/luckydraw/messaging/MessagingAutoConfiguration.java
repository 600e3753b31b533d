package com.luckydraw.messaging;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.kafka.KafkaAccess;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.kafka.TopicSettings;
import com.luckydraw.messaging.deadletter.DeadLetterMeters;
import com.luckydraw.messaging.deadletter.DeadLetters;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import com.luckydraw.messaging.inbox.Inbox;
import com.luckydraw.messaging.inbox.InboxPurge;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.messaging.outbox.OutboxHealthIndicator;
import com.luckydraw.messaging.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import com.luckydraw.messaging.tracing.MessageTracing;
import org.springframework.beans.factory.ObjectProvider;
import com.luckydraw.messaging.health.HealthMeters;
import com.luckydraw.messaging.health.KafkaHealthIndicator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wires the outbox, its relay, the inbox and dead letters into a service, over Boot's Kafka template and the listener
 * container factory of {@link MessagingKafkaAutoConfiguration}. Settings come from {@code spring.kafka.*} and
 * {@link MessagingProperties}.
 */
@AutoConfiguration(after = MessagingKafkaAutoConfiguration.class)
@EnableKafka
@EnableConfigurationProperties({MessagingProperties.class, KafkaTopicsProperties.class})
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessageCodec messageCodec() {
        return new MessageCodec();
    }

    @Bean
    OutboxRelay outboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            KafkaTemplate<String, byte[]> kafkaTemplate, MessagingProperties properties, MeterRegistry meters) {
        return new OutboxRelay(jdbc, new TransactionTemplate(transactions), kafkaTemplate, properties, meters);
    }

    /** Trace context through the outbox and the listeners; spans only when a tracer is configured. */
    @Bean
    MessageTracing messageTracing(ObjectProvider<ObservationRegistry> observations, ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        return new MessageTracing(observations.getIfAvailable(() -> ObservationRegistry.NOOP), tracer.getIfAvailable(),
                propagator.getIfAvailable());
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc, MessageCodec codec, OutboxRelay relay, MessageTracing messageTracing) {
        return new Outbox(jdbc, codec, relay, messageTracing);
    }

    @Bean
    Inbox inbox(JdbcTemplate jdbc, MessagingProperties properties, MeterRegistry meters) {
        return new Inbox(jdbc, properties.consumer(), meters);
    }

    @Bean
    InboxPurge inboxPurge(JdbcTemplate jdbc, MessagingProperties properties) {
        return new InboxPurge(jdbc, properties, Clock.systemUTC());
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> kafkaTemplate, MessagingProperties properties,
            MeterRegistry meters) {
        return new DeadLetters(kafkaTemplate, properties.consumer(), properties.sendTimeout(), meters);
    }

    @Bean
    DeadLetterMeters deadLetterMeters(KafkaListenerEndpointRegistry listeners, DeadLetters deadLetters) {
        return new DeadLetterMeters(listeners, deadLetters);
    }

    @Bean
    ExactlyOnceProcessing exactlyOnceProcessing(MessageCodec codec, Inbox inbox, DeadLetters deadLetters,
            PlatformTransactionManager transactions, MessageTracing messageTracing) {
        return new ExactlyOnceProcessing(codec, inbox, deadLetters, new TransactionTemplate(transactions),
                messageTracing);
    }

    @Bean
    OutboxHealthIndicator outboxHealthIndicator(OutboxRelay relay, MessagingProperties properties) {
        return new OutboxHealthIndicator(relay, properties.outboxMaxUnsentAge());
    }

    /** A long-lived admin client for health checks; closed with the context. */
    @Bean(destroyMethod = "close")
    Admin messagingKafkaAdmin(KafkaAdmin kafkaAdmin) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return Admin.create(config);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin messagingKafkaAdmin, KafkaListenerEndpointRegistry listeners) {
        return new KafkaHealthIndicator(messagingKafkaAdmin, listeners);
    }

    /** The health components and the consumer lag as meters, for Prometheus's alerts (infra/prometheus). */
    @Bean
    HealthMeters healthMeters(MeterRegistry meters, Map<String, HealthIndicator> indicators,
            KafkaListenerEndpointRegistry listeners) {
        return new HealthMeters(meters, indicators, listeners, Clock.systemUTC());
    }

    /**
     * The topics this service writes (its outbound topics and its dead-letter topics), created at start-up if
     * missing: what its Kafka principal may create ({@link KafkaAccess}). Without a principal (an unauthenticated
     * broker), all of them. Replicated as {@code luckydraw.kafka.topics.*} says ({@link KafkaTopicsProperties}).
     */
    @Bean
    @ConditionalOnProperty(name = "luckydraw.messaging.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics luckydrawTopics(Environment environment, KafkaTopicsProperties replication) {
        String principal = environment.getProperty("luckydraw.kafka.principal", "");
        List<Topics.TopicSpec> topics = principal.isBlank() ? Topics.all()
                : KafkaAccess.writes(KafkaPrincipal.of(principal));
        return new KafkaAdmin.NewTopics(topics.stream()
                .map(t -> TopicSettings.newTopic(t, replication.replication())).toArray(NewTopic[]::new));
    }
}

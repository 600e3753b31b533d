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
import com.luckydraw.messaging.tracing.MessageTracing;
import org.springframework.beans.factory.ObjectProvider;
import com.luckydraw.messaging.health.HealthMeters;
import com.luckydraw.messaging.health.KafkaHealthIndicator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Wires the outbox, its relay, the inbox and dead letters into a service, and makes every {@code @KafkaListener} a
 * batch listener over raw bytes whose offsets are committed only after the batch was applied. Settings come from
 * {@code spring.kafka.*} and {@link MessagingProperties}.
 */
// Before Kafka's auto-configuration, so its default listener factory backs off in favour of ours.
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableKafka
@EnableConfigurationProperties({MessagingProperties.class, KafkaTopicsProperties.class})
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessageCodec messageCodec() {
        return new MessageCodec();
    }

    /** Bytes in, bytes out: the codec, not a serializer, decides what is valid, so bad records reach our code. */
    @Bean
    KafkaTemplate<String, byte[]> messagingKafkaTemplate(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    OutboxRelay outboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            KafkaTemplate<String, byte[]> messagingKafkaTemplate, MessagingProperties properties, MeterRegistry meters) {
        return new OutboxRelay(jdbc, new TransactionTemplate(transactions), messagingKafkaTemplate, properties, meters);
    }

    /** Trace context through the outbox and the listeners; spans only when a tracer is configured. */
    @Bean
    MessageTracing messageTracing(ObjectProvider<ObservationRegistry> observations) {
        return new MessageTracing(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
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
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> messagingKafkaTemplate, MessagingProperties properties,
            MeterRegistry meters) {
        return new DeadLetters(messagingKafkaTemplate, properties.consumer(), properties.sendTimeout(), meters);
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
    Admin messagingKafkaAdmin(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildAdminProperties();
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
     * The default listener factory: batch listeners over raw bytes, offsets committed (every
     * {@code offset-commit-interval}) only for applied batches, and an error handler that keeps retrying (with backoff
     * up to 10 s) what failed for infrastructure reasons: invalid records never get here, they were dead-lettered by
     * {@link ExactlyOnceProcessing}.
     */
    @Bean(name = "kafkaListenerContainerFactory")
    ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(KafkaProperties kafka,
            MessagingProperties properties) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A killed instance keeps its partitions until its session times out; 15 s instead of Kafka's 45 s lets a
        // restarted or surviving instance take them over sooner, with room for heartbeats on a busy machine.
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
        // A fetch waits for 4 KB (about ten messages) or 5 ms: under load fewer, larger batches, so fewer transactions
        // and broker requests for the same messages (p99 at 1,000 purchases/s 175-267 ms instead of 229-295 ms,
        // docs/decisions.md). The price is paid when idle: each consumer asks the broker every 5 ms instead of
        // waiting there for data (idle CPU of the broker 12% of a core instead of 2%). spring.kafka.consumer.
        // fetch-min-size and fetch-max-wait (SPRING_KAFKA_CONSUMER_FETCHMINSIZE / _FETCHMAXWAIT) set them otherwise.
        config.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 4096);
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setBatchListener(true);
        // The inbox, not the offset, is what makes a redelivery harmless: a commit lost in a crash only means the
        // batches since the last one come again and are found there. So offsets are committed once per interval
        // rather than per batch (each commit is a request and a write to the broker's offsets log), and the consumer
        // does not wait for the broker to confirm them. Rebalances and stops still commit what was applied.
        if (properties.offsetCommitInterval().isZero()) {
            factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        } else {
            factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.TIME);
            factory.getContainerProperties().setAckTime(properties.offsetCommitInterval().toMillis());
        }
        factory.getContainerProperties().setSyncCommits(false);
        // A broker that is shutting down or starting refuses logins for a moment ("invalid credentials" while its
        // credential cache is not loaded); Kafka's clients take that as final. The container keeps trying instead of
        // stopping, as it would after any other broker outage.
        factory.getContainerProperties().setAuthExceptionRetryInterval(Duration.ofSeconds(2));
        if (kafka.getListener().getConcurrency() != null) {
            factory.setConcurrency(kafka.getListener().getConcurrency());
        }
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
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

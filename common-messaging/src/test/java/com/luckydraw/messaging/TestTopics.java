package com.luckydraw.messaging;

import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.Topics;
import com.luckydraw.events.Topics.TopicSpec;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Throwaway topics for one test run, with their dead-letter topics, and a reader that reads one from the start. */
final class TestTopics {

    /** One per JVM: the listener in MessagingTestApplication subscribes to it through ${test.topic}. */
    static final TopicSpec TOPIC = new TopicSpec("luckydraw.test.messaging." + UUID.randomUUID(), 3,
            Duration.ofHours(1), "orderId", "test messages");

    private TestTopics() {
    }

    static synchronized void create(TopicSpec... specs) {
        RealKafka.requireReachable(); // fail saying what to start
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpec spec : specs) {
                for (TopicSpec t : List.of(spec, spec.deadLetter())) {
                    if (!existing.contains(t.name())) {
                        topics.add(new NewTopic(t.name(), t.partitions(), (short) 1));
                    }
                }
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create test topics on " + RealKafka.bootstrap(), e);
        }
    }

    static void delete(TopicSpec spec) {
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            admin.deleteTopics(List.of(spec.name(), Topics.deadLetterOf(spec.name()))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("could not delete test topics", e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not delete test topics", e);
        }
    }

    /** A consumer of the whole topic from its first record; each call gets a group of its own. */
    static KafkaConsumer<String, byte[]> reader(String topic) {
        var consumer = RealKafka.consumer(KafkaPrincipal.OPERATOR, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * A producer of its own, as a second service instance would have: idempotent, {@code acks=all}, like the
     * library's.
     */
    static org.springframework.kafka.core.KafkaTemplate<String, byte[]> producer() {
        return new org.springframework.kafka.core.KafkaTemplate<>(
                new org.springframework.kafka.core.DefaultKafkaProducerFactory<>(RealKafka.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(
                        org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all",
                        org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        org.apache.kafka.common.serialization.StringSerializer.class,
                        org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        org.apache.kafka.common.serialization.ByteArraySerializer.class))));
    }

    /** Polls until {@code done} holds for what was read so far, or the time is up; returns everything read. */
    static List<ConsumerRecord<String, byte[]>> readUntil(KafkaConsumer<String, byte[]> consumer, Duration atMost,
            java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline && !done.test(read)) {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        }
        return read;
    }
}

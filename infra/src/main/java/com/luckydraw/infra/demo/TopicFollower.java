package com.luckydraw.infra.demo;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.InvalidMessageException;
import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one topic from where it ended when this follower was created, without joining a consumer group (so it never
 * takes records from the services), and decodes the records of one message family.
 */
public final class TopicFollower<T extends Message> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Class<T> family;
    private final MessageCodec codec = new MessageCodec();

    public TopicFollower(String bootstrap, String topic, Class<T> family) {
        this.family = family;
        this.consumer = new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.AUDITOR, Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "demo-follower-" + topic)),
                new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist: have the services started?");
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        // Resolve the positions now: records published from here on are the ones to follow.
        assigned.forEach(consumer::position);
    }

    /** The messages of the family published since the last poll; others (and undecodable records) are skipped. */
    public List<T> poll(Duration timeout) {
        List<T> result = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            try {
                result.add(codec.decode(record.value(), family));
            } catch (InvalidMessageException e) {
                // Another family on a shared topic, or a record the services dead-letter: not ours to count.
            }
        }
        return result;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

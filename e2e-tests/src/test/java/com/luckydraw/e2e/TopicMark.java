package com.luckydraw.e2e;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
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

/** Where a topic ended when a test began: what was written after it is the test's doing. */
final class TopicMark {

    private final String bootstrap;
    private final String topic;
    private final Map<TopicPartition, Long> ends;

    private TopicMark(String bootstrap, String topic, Map<TopicPartition, Long> ends) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.ends = ends;
    }

    static TopicMark of(E2eSystem system, String topic) {
        try (var consumer = consumer(system.bootstrap)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return new TopicMark(system.bootstrap, topic, consumer.endOffsets(partitions));
        }
    }

    String topic() {
        return topic;
    }

    /** Every record written since the mark, up to the end as it is now. */
    List<ConsumerRecord<String, byte[]>> since() {
        try (var consumer = consumer(bootstrap)) {
            consumer.assign(ends.keySet());
            ends.forEach(consumer::seek);
            Map<TopicPartition, Long> now = consumer.endOffsets(ends.keySet());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.keySet().stream().anyMatch(p -> consumer.position(p) < now.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            return records;
        }
    }

    /** The offset the single-partition dead-letter topic had reached at the mark. */
    long firstOffset() {
        return ends.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}

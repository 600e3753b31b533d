package com.luckydraw.infra.deadletter;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a dead-letter topic without joining a consumer group: an operator's look must never move anybody's offsets,
 * and assigning the partitions directly commits nothing.
 */
public final class DeadLetterTopic {

    private static final Duration READ_LIMIT = Duration.ofMinutes(1);

    private final String bootstrap;
    private final String topic;
    private final DeadLettersLogin login;

    /** Read as the operator. */
    public DeadLetterTopic(String bootstrap, String topic) {
        this(bootstrap, topic, DeadLettersLogin.operator());
    }

    public DeadLetterTopic(String bootstrap, String topic, DeadLettersLogin login) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.login = login;
    }

    public String name() {
        return topic;
    }

    /** Every record from {@code fromOffset} on (per partition) to the end as it is now, in partition and offset order. */
    public List<DeadLetter> read(long fromOffset) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, Math.max(fromOffset, begin.get(p))));
            List<DeadLetter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_LIMIT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        letters.add(DeadLetter.of(record));
                    }
                }
            }
            letters.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
            return letters;
        }
    }

    /** The record at {@code offset} of {@code partition}, if the topic still holds it. */
    public Optional<DeadLetter> at(int partition, long offset) {
        try (var consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            if (partitions(consumer).stream().noneMatch(tp::equals)) {
                throw new IllegalArgumentException(topic + " has no partition " + partition);
            }
            consumer.assign(List.of(tp));
            long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return Optional.of(DeadLetter.of(record));
                    }
                    if (record.offset() > offset) {
                        return Optional.empty(); // compacted or aborted away
                    }
                }
            }
            throw new IllegalStateException("could not read " + tp + "@" + offset + " within " + READ_LIMIT);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist on " + bootstrap);
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(login.with(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}

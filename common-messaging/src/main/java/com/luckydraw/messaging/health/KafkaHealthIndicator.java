package com.luckydraw.messaging.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kafka as this service sees it: whether the broker answers, how far each of this service's consumer groups lags
 * behind its topics, and how many records wait on the dead-letter topics of what it consumes. Lag and dead letters
 * are details for the dashboard, not reasons to be DOWN: a service catching up is healthy.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final KafkaListenerEndpointRegistry listeners;

    public KafkaHealthIndicator(Admin admin, KafkaListenerEndpointRegistry listeners) {
        super("Kafka health check failed");
        this.admin = admin;
        this.listeners = listeners;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin.describeCluster();
        int brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        Map<String, Long> lagByGroup = new TreeMap<>();
        Map<String, Long> deadLetters = new TreeMap<>();
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            String group = container.getGroupId();
            if (group == null) {
                continue;
            }
            lagByGroup.put(group, lag(group));
            String[] topics = container.getContainerProperties().getTopics();
            if (topics != null) {
                for (String topic : topics) {
                    deadLetters.put(topic + ".dlt", endOffsetSum(topic + ".dlt"));
                }
            }
        }
        builder.up().withDetail("brokers", brokers).withDetail("consumerLag", lagByGroup)
                .withDetail("deadLetters", deadLetters);
    }

    private long lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet()
                .stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return committed.entrySet().stream().filter(e -> e.getValue() != null)
                .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset())).sum();
    }

    /** Records ever written to a topic still within retention (dead-letter topics are never compacted). */
    private long endOffsetSum(String topic) {
        try {
            var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
            description.partitions().forEach(p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            });
            var ends = admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var starts = admin.listOffsets(earliest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return ends.entrySet().stream()
                    .mapToLong(e -> e.getValue().offset() - Objects.requireNonNull(starts.get(e.getKey())).offset())
                    .sum();
        } catch (Exception e) {
            return -1; // unknown; the broker check above already says whether Kafka answers
        }
    }
}

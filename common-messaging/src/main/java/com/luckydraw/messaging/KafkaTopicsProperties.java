package com.luckydraw.messaging;

import com.luckydraw.kafka.TopicReplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics a service creates at start-up are replicated, under {@code luckydraw.kafka.topics}
 * ({@code LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR}, {@code LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS}): 1 and 1 for
 * one broker, 3 and 2 for a cluster of three ({@link TopicReplication}). A topic that exists keeps its own.
 *
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas copies that must have a record before an {@code acks=all} write is acknowledged
 */
@ConfigurationProperties("luckydraw.kafka.topics")
public record KafkaTopicsProperties(@DefaultValue("1") int replicationFactor, @DefaultValue("1") int minInsyncReplicas) {

    public KafkaTopicsProperties {
        new TopicReplication(replicationFactor, minInsyncReplicas);
    }

    public TopicReplication replication() {
        return new TopicReplication(replicationFactor, minInsyncReplicas);
    }
}

package com.luckydraw.kafka;

import com.luckydraw.events.Topics.TopicSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.Map;
import java.util.Optional;

/** A topic as the broker creates it from its declaration in {@code Topics} and the cluster's replication. */
public final class TopicSettings {

    private TopicSettings() {
    }

    public static NewTopic newTopic(TopicSpec spec, TopicReplication replication) {
        return new NewTopic(spec.name(), Optional.of(spec.partitions()),
                Optional.of((short) replication.replicationFactor()))
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(spec.retention().toMillis()),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(replication.minInsyncReplicas())));
    }
}

package com.luckydraw.kafka;

import com.luckydraw.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicReplicationTest {

    @Test
    void without_settings_a_topic_has_one_replica_that_alone_acknowledges() {
        assertThat(TopicReplication.from(Map.of(), name -> null)).isEqualTo(new TopicReplication(1, 1));
    }

    @Test
    void the_environment_sets_a_clusters_replication_and_a_system_property_overrides_it() {
        Map<String, String> env = Map.of("LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR", "3",
                "LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "2");
        assertThat(TopicReplication.from(env, name -> null)).isEqualTo(new TopicReplication(3, 2));
        assertThat(TopicReplication.from(env,
                name -> name.equals("luckydraw.kafka.topics.min-insync-replicas") ? "3" : null))
                .isEqualTo(new TopicReplication(3, 3));
    }

    @Test
    void more_in_sync_replicas_than_replicas_is_refused_with_the_setting_named() {
        assertThatThrownBy(() -> TopicReplication.from(Map.of("LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "2"),
                name -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-insync-replicas");
        assertThatThrownBy(() -> TopicReplication.from(Map.of("LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR", "three"),
                name -> null)).hasMessageContaining("LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR");
    }

    @Test
    void a_topic_is_created_with_the_replication_and_its_min_insync_replicas() {
        var topic = TopicSettings.newTopic(Topics.PURCHASE_REQUESTS, new TopicReplication(3, 2));
        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        assertThat(topic.numPartitions()).isEqualTo(Topics.PURCHASE_REQUESTS.partitions());
        assertThat(topic.configs()).containsEntry("min.insync.replicas", "2");
    }
}

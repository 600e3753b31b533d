package com.luckydraw.messaging;

import com.luckydraw.kafka.TopicReplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaTopicsPropertiesTest {

    @Test
    void a_service_creates_its_topics_with_one_replica_unless_told_otherwise() {
        assertThat(bind(Map.of()).replication()).isEqualTo(TopicReplication.SINGLE_BROKER);
    }

    @Test
    void the_variables_the_scripts_export_for_a_cluster_set_three_replicas_two_in_sync() {
        var properties = bind(Map.of("LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR", "3",
                "LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "2"));

        assertThat(properties.replication()).isEqualTo(new TopicReplication(3, 2));
    }

    @Test
    void more_in_sync_replicas_than_replicas_stops_the_start() {
        assertThatThrownBy(() -> bind(Map.of("LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "2")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("min-insync-replicas");
    }

    private static KafkaTopicsProperties bind(Map<String, Object> environment) {
        var source = new SystemEnvironmentPropertySource("environment", environment);
        return new Binder(ConfigurationPropertySources.from(source))
                .bindOrCreate("luckydraw.kafka.topics", KafkaTopicsProperties.class);
    }
}

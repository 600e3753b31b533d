package com.luckydraw.messaging;

import com.luckydraw.messaging.inbox.InboxPurge;
import com.luckydraw.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox keeps its entries for {@code keep-inbox}, longer than any topic keeps records, and no longer. */
@IntegrationTest
class InboxPurgeIT {

    @DynamicPropertySource
    static void topic(DynamicPropertyRegistry registry) {
        registry.add("test.topic", TestTopics.TOPIC::name);
    }

    @BeforeAll
    static void createTopics() {
        TestTopics.create(TestTopics.TOPIC);
    }

    @Autowired InboxPurge purge;
    @Autowired MessagingProperties properties;
    @Autowired JdbcTemplate jdbc;

    private List<UUID> entries(String consumer, int n, Instant receivedAt) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            jdbc.update("""
                    INSERT INTO inbox_message (consumer, message_id, topic, kafka_partition, kafka_offset, received_at)
                    VALUES (?, ?, 'purge-test', 0, ?, ?)
                    """, consumer, id, i, Timestamp.from(receivedAt));
            ids.add(id);
        }
        return ids;
    }

    private long kept(List<UUID> ids) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE message_id = ANY (?)", Long.class,
                (Object) ids.toArray(UUID[]::new));
    }

    @Test
    void entriesOlderThanTheRetentionArePurgedInChunksAndYoungerOnesStay() {
        Instant now = Instant.now();
        String consumer = "purge-" + UUID.randomUUID();
        List<UUID> old = entries(consumer, 23, now.minus(properties.keepInbox()).minus(Duration.ofHours(1)));
        List<UUID> young = entries(consumer, 5, now.minus(properties.keepInbox()).plus(Duration.ofHours(1)));

        int purged = purge.purgeReceivedBefore(now.minus(properties.keepInbox()), 4);

        assertThat(purged).isGreaterThanOrEqualTo(23);
        assertThat(kept(old)).isZero();
        assertThat(kept(young)).isEqualTo(5);
        assertThat(purge.purge()).as("nothing left past the retention").isZero();
        assertThat(kept(young)).isEqualTo(5);
    }

    @Test
    void thePurgeHasAnIndexOnTheReceiveTimeToWalk() {
        assertThat(jdbc.queryForObject("SELECT indexdef FROM pg_indexes WHERE indexname = 'inbox_message_received_at'",
                String.class)).contains("(received_at)");
    }

    @Test
    void anInboxRetentionNotLongerThanTheTopicsRetentionIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new MessagingProperties("svc", 500, Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofDays(7), true, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofDays(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-inbox");
        assertThat(properties.keepInbox()).isGreaterThan(Duration.ofDays(30));
    }
}

package com.luckydraw.messaging;

import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics.TopicSpec;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.messaging.deadletter.DeadLetterMeters;
import com.luckydraw.messaging.deadletter.DeadLetters;
import com.luckydraw.messaging.health.KafkaHealthIndicator;
import com.luckydraw.messaging.inbox.Inbox;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.messaging.outbox.OutboxHealthIndicator;
import com.luckydraw.messaging.outbox.OutboxRelay;
import com.luckydraw.testing.IntegrationTest;
import com.luckydraw.testing.RealKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@IntegrationTest
@SuppressWarnings("unchecked")
class ExactlyOnceMessagingIT {

    @DynamicPropertySource
    static void topic(DynamicPropertyRegistry registry) {
        registry.add("test.topic", TestTopics.TOPIC::name);
    }

    @BeforeAll
    static void createTopics() {
        TestTopics.create(TestTopics.TOPIC);
    }

    @AfterAll
    static void deleteTopics() {
        TestTopics.delete(TestTopics.TOPIC);
    }

    @Autowired Outbox outbox;
    @Autowired OutboxRelay relay;
    @Autowired Inbox inbox;
    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired MessageCodec codec;
    @Autowired KafkaHealthIndicator kafkaHealth;
    @Autowired MeterRegistry meters;
    @Autowired KafkaListenerEndpointRegistry listeners;

    private static OrderCancelled message(String bizId) {
        return new OrderCancelled(UUID.randomUUID(), 1, bizId, "pos-1", UUID.randomUUID(), Instant.now(), "u-1", 1,
                "test");
    }

    private TransactionTemplate tx() {
        return new TransactionTemplate(transactions);
    }

    private static Map<String, Object> producerConfig() {
        return RealKafka.as(KafkaPrincipal.OPERATOR, Map.of(ProducerConfig.ACKS_CONFIG, "all"));
    }

    private static void publishRaw(String key, byte[]... values) {
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(TestTopics.TOPIC.name(), key, value));
            }
            producer.flush();
        }
    }

    /** A producer whose broker is not there: nothing it sends is ever acknowledged. */
    private static KafkaTemplate<String, byte[]> unreachableKafka(int maxBlockMs) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1", ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    private Integer applications(UUID messageId) {
        return jdbc.query("SELECT applications FROM test_effect WHERE message_id = ?",
                rs -> rs.next() ? rs.getInt(1) : null, messageId);
    }

    private static List<UUID> messageIds(List<ConsumerRecord<String, byte[]>> records) {
        // Records published by the outbox; the raw ones other tests publish carry no id header.
        return records.stream().filter(r -> r.headers().lastHeader(OutboxRelay.ID_HEADER) != null)
                .map(r -> new String(r.headers().lastHeader(OutboxRelay.ID_HEADER).value(),
                StandardCharsets.UTF_8)).map(UUID::fromString).toList();
    }

    @Test
    void theDeadLetterCounterOfAConsumedTopicExistsAtZeroBeforeTheFirstDeadLetter() {
        var fresh = new SimpleMeterRegistry();
        var deadLetters = new DeadLetters(kafka, "probe", Duration.ofSeconds(5), fresh);

        new DeadLetterMeters(listeners, deadLetters).onApplicationEvent(null);

        var counter = fresh.find("luckydraw.dead.letters").tag("topic", TestTopics.TOPIC.name())
                .tag("consumer", "probe").counter();
        assertThat(counter).as("one per topic the listeners consume").isNotNull();
        assertThat(counter.count()).isZero();
        assertThat(meters.find("luckydraw.dead.letters").tag("topic", TestTopics.TOPIC.name()).counter())
                .as("and the service's own, registered when its listeners started").isNotNull();
    }

    @Test
    void rolledBackTransactionPublishesNothing() {
        var rolledBack = message("rolled-back");
        var committed = message("committed");

        assertThatThrownBy(() -> tx().executeWithoutResult(s -> {
            outbox.append(TestTopics.TOPIC, "k", rolledBack);
            throw new IllegalStateException("the state change failed");
        })).hasMessage("the state change failed");
        tx().executeWithoutResult(s -> outbox.append(TestTopics.TOPIC, "k", committed));

        // Same key, same partition, appended later: once the committed one is there, the other would be too.
        try (var reader = TestTopics.reader(TestTopics.TOPIC.name())) {
            var read = TestTopics.readUntil(reader, Duration.ofSeconds(30),
                    r -> messageIds(r).contains(committed.messageId()));
            assertThat(messageIds(read)).contains(committed.messageId()).doesNotContain(rolledBack.messageId());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_message WHERE message_id = ?", Long.class,
                rolledBack.messageId())).isZero();
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.append(TestTopics.TOPIC, "k", message("no-tx")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside the transaction");
    }

    @Test
    void relayStoppedAfterCommitPublishesAfterRestart() {
        relay.stop();
        var message = message("after-restart");
        try {
            tx().executeWithoutResult(s -> outbox.append(TestTopics.TOPIC, "k", message));
            assertThat(unpublished(message.messageId())).isEqualTo(1);
            assertThat(relay.backlog()).isPositive();
        } finally {
            relay.start();
        }
        try (var reader = TestTopics.reader(TestTopics.TOPIC.name())) {
            var read = TestTopics.readUntil(reader, Duration.ofSeconds(30),
                    r -> messageIds(r).contains(message.messageId()));
            assertThat(messageIds(read)).containsOnlyOnce(message.messageId());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(message.messageId()) == 0);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_message WHERE message_id = ?", Long.class,
                message.messageId())).as("the row stays for operators until the purge").isEqualTo(1);
    }

    @Test
    void messageDeliveredThreeTimesHasOneEffect() {
        var message = message("thrice");
        byte[] bytes = codec.encode(message);
        double duplicatesBefore = inbox.duplicatesSkipped();

        publishRaw(message.correlationId().toString(), bytes, bytes, bytes);

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.duplicatesSkipped() >= duplicatesBefore + 2
                && applications(message.messageId()) != null);
        assertThat(applications(message.messageId())).isEqualTo(1);
        assertThat(inbox.duplicatesSkipped() - duplicatesBefore).isEqualTo(2);
    }

    @Test
    void aMessageIdReusedForOtherContentIsDeadLetteredWhileTheSameContentIsADuplicate() {
        var original = message("reused-id");
        var other = new OrderCancelled(original.messageId(), 1, "reused-id-other", original.posId(),
                original.correlationId(), original.occurredAt(), original.userId(), original.roundId(),
                original.reason());
        // The same message written by another producer: fields in another order, spaces, an unknown field.
        String respelled = codec.encodeToString(original).replace("{\"type\":\"OrderCancelled\",", "{ \"note\": 1, ")
                .replace("}", ", \"type\": \"OrderCancelled\"}");
        double duplicatesBefore = inbox.duplicatesSkipped();

        publishRaw(original.correlationId().toString(), codec.encode(original),
                respelled.getBytes(StandardCharsets.UTF_8), codec.encode(other));

        try (var reader = TestTopics.reader(TestTopics.TOPIC.deadLetter().name())) {
            var read = TestTopics.readUntil(reader, Duration.ofSeconds(30), r -> r.stream()
                    .anyMatch(rec -> java.util.Arrays.equals(rec.value(), codec.encode(other))));
            assertThat(read).filteredOn(rec -> java.util.Arrays.equals(rec.value(), codec.encode(other)))
                    .singleElement().satisfies(deadLetter -> assertThat(new String(deadLetter.headers()
                            .lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                            .contains("messageId " + original.messageId() + " was applied before")
                            .contains("with different content"));
            assertThat(read).noneMatch(rec -> java.util.Arrays.equals(rec.value(), codec.encode(original)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.duplicatesSkipped() >= duplicatesBefore + 1);
        assertThat(applications(original.messageId())).isEqualTo(1);
        assertThat(inbox.duplicatesSkipped() - duplicatesBefore).isEqualTo(1);
    }

    @Test
    void outboxHealthIsOutOfServiceWhileTheRelayIsPausedOrTheOldestUnsentRowIsTooOld() {
        var relaySettings = new MessagingProperties("health", 50, Duration.ofHours(1), Duration.ofSeconds(2),
                Duration.ofDays(1), false, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofDays(35));
        // Never started: it only reads the outbox for the indicator, and sends nothing.
        var idle = new OutboxRelay(jdbc, tx(), kafka, relaySettings, new SimpleMeterRegistry());
        var health = new OutboxHealthIndicator(idle, relaySettings.outboxMaxUnsentAge());
        relay.pause(); // the rows below are not for sending
        try {
            jdbc.update("DELETE FROM outbox_message WHERE id IN (SELECT id FROM outbox_pending)");
            jdbc.update("DELETE FROM outbox_pending");
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

            outboxRow(Instant.now().minusSeconds(10), true);
            assertThat(health.health(true).getStatus()).as("young backlog").isEqualTo(Status.UP);
            jdbc.update("DELETE FROM outbox_pending");

            outboxRow(Instant.now().minus(Duration.ofMinutes(5)), true);
            var late = health.health(true);
            assertThat(late.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(late.getDetails()).containsEntry("backlog", 1L).containsEntry("paused", false)
                    .containsEntry("maxUnsentAge", "PT1M");

            jdbc.update("DELETE FROM outbox_pending");
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
            assertThat(new OutboxHealthIndicator(relay, relaySettings.outboxMaxUnsentAge()).health(true).getStatus())
                    .as("the paused relay's").isEqualTo(Status.OUT_OF_SERVICE);
        } finally {
            jdbc.update("DELETE FROM outbox_message WHERE id IN (SELECT id FROM outbox_pending)");
            jdbc.update("DELETE FROM outbox_pending");
            relay.resume();
        }
    }

    @Test
    void appliedRecordsHaveTheirOffsetsCommittedWithinTheCommitInterval() throws Exception {
        var message = message("committed-offset");
        publishRaw(message.correlationId().toString(), codec.encode(message));
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(message.messageId()) != null);

        // Offsets go once per interval, not per batch, and also when nothing more arrives: the group catches up
        // with the end of every partition it was given (the idle poll wakes every few seconds to commit).
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            var partitions = admin.describeTopics(List.of(TestTopics.TOPIC.name())).allTopicNames().get()
                    .get(TestTopics.TOPIC.name()).partitions().stream()
                    .map(p -> new TopicPartition(TestTopics.TOPIC.name(), p.partition())).toList();
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (var e : admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get().entrySet()) {
                ends.put(e.getKey(), e.getValue().offset());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var committed = admin.listConsumerGroupOffsets(MessagingTestApplication.GROUP)
                        .partitionsToOffsetAndMetadata().get();
                ends.forEach((tp, end) -> {
                    if (end > 0) {
                        assertThat(committed.get(tp)).as("committed offset of %s", tp).isNotNull();
                        assertThat(committed.get(tp).offset()).as("committed offset of %s", tp)
                                .isGreaterThanOrEqualTo(end);
                    }
                });
            });
        }
    }

    @Test
    void poisonMessageIsDeadLetteredWithItsReasonWhileTheNextIsApplied() {
        byte[] poison = ("{\"type\":\"OrderCancelled\",\"schemaVersion\":1, oops " + UUID.randomUUID() + "}")
                .getBytes(StandardCharsets.UTF_8);
        var good = message("after-poison");

        publishRaw("same-key", poison, codec.encode(good));

        await().atMost(Duration.ofSeconds(30)).until(() -> applications(good.messageId()) != null);
        try (var reader = TestTopics.reader(TestTopics.TOPIC.deadLetter().name())) {
            var read = TestTopics.readUntil(reader, Duration.ofSeconds(30),
                    r -> r.stream().anyMatch(rec -> java.util.Arrays.equals(rec.value(), poison)));
            var deadLetter = read.stream().filter(rec -> java.util.Arrays.equals(rec.value(), poison)).findFirst()
                    .orElseThrow(() -> new AssertionError("poison record not on the dead-letter topic"));
            assertThat(deadLetter.key()).isEqualTo("same-key");
            assertThat(new String(deadLetter.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                    StandardCharsets.UTF_8)).startsWith("malformed JSON");
            assertThat(new String(deadLetter.headers().lastHeader(DeadLetters.CONSUMER_HEADER).value(),
                    StandardCharsets.UTF_8)).isEqualTo("messaging-test");
            assertThat(deadLetter.headers().lastHeader("kafka_dlt-original-topic")).isNotNull();
        }
    }

    @Test
    void twoRelaysNeverPublishARowTwiceAndKeepEachKeysOrder() {
        TopicSpec topic = new TopicSpec("luckydraw.test.relays." + UUID.randomUUID(), 3, Duration.ofHours(1), "k",
                "relay race");
        TestTopics.create(topic);
        var small = new MessagingProperties("race", 25, Duration.ofMillis(50), Duration.ofSeconds(10),
                Duration.ofDays(1), false, Duration.ofSeconds(1));
        var a = new OutboxRelay(jdbc, tx(), kafka, small, new SimpleMeterRegistry());
        var b = new OutboxRelay(jdbc, tx(), kafka, small, new SimpleMeterRegistry());
        relay.pause();
        try {
            List<OrderCancelled> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sent.add(message("seq-" + i));
            }
            tx().executeWithoutResult(s -> outbox.appendAll(sent.stream()
                    .map(m -> new Outbox.Outgoing(topic, "key-" + (Integer.parseInt(m.bizId().substring(4)) % 5), m))
                    .toList()));

            var racers = List.of(a, b).stream().map(r -> CompletableFuture.runAsync(() -> {
                while (r.backlog() > 0) {
                    r.publishBatch();
                }
            })).toList();
            CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).join();

            try (var reader = TestTopics.reader(topic.name())) {
                var read = TestTopics.readUntil(reader, Duration.ofSeconds(30), r -> r.size() >= 300);
                assertThat(read).hasSize(300);
                assertThat(new HashSet<>(messageIds(read))).hasSize(300);
                Map<String, List<Integer>> sequencesByKey = read.stream()
                        .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                        .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                                r -> codec.decode(r.value(), OrderCancelled.class).bizId(),
                                Collectors.mapping(biz -> Integer.parseInt(biz.substring(4)), Collectors.toList()))));
                sequencesByKey.values().forEach(seq -> assertThat(seq).isSorted());
            }
        } finally {
            relay.resume();
            TestTopics.delete(topic);
        }
    }

    @Test
    void thePurgeDeletesPublishedRowsCreatedBeforeTheCutoffOldestFirstAndKeepsTheRest() {
        relay.pause(); // the unpublished row below is not for sending
        try {
            jdbc.update("DELETE FROM outbox_pending");
            jdbc.update("DELETE FROM outbox_message");
            Instant cutoff = Instant.now().minus(Duration.ofDays(7));
            Instant old = cutoff.minus(Duration.ofDays(1));
            List<UUID> purgeable = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                purgeable.add(outboxRow(old, false));
            }
            UUID oldButUnpublished = outboxRow(old, true);
            for (int i = 0; i < 4; i++) {
                purgeable.add(outboxRow(old, false));
            }
            UUID young = outboxRow(Instant.now(), false);

            // Chunks of 3: the purge crosses chunk ends and steps over the unpublished row.
            int purged = relay.purgePublishedCreatedBefore(cutoff, 3);

            assertThat(purged).isEqualTo(purgeable.size());
            assertThat(jdbc.queryForList("SELECT message_id FROM outbox_message ORDER BY id", UUID.class))
                    .as("kept: never published, and created after the cutoff")
                    .containsExactly(oldButUnpublished, young);
            assertThat(unpublished(oldButUnpublished)).isEqualTo(1);
            assertThat(relay.purgePublishedCreatedBefore(cutoff, 3)).as("a second purge finds nothing more").isZero();
        } finally {
            jdbc.update("DELETE FROM outbox_message WHERE id IN (SELECT id FROM outbox_pending)");
            jdbc.update("DELETE FROM outbox_pending");
            relay.resume();
        }
    }

    private UUID outboxRow(Instant createdAt, boolean pending) {
        UUID id = UUID.randomUUID();
        Long rowId = jdbc.queryForObject("""
                INSERT INTO outbox_message (message_id, topic, message_key, message_type, payload, created_at)
                VALUES (?, 'luckydraw.test.purge', 'k', 'OrderCancelled', '{}', ?)
                RETURNING id
                """, Long.class, id, Timestamp.from(createdAt));
        if (pending) {
            jdbc.update("INSERT INTO outbox_pending (id) VALUES (?)", rowId);
        }
        return id;
    }

    /** How many of these messages' outbox rows are still waiting for the broker's acknowledgement. */
    private long unpublished(UUID... messageIds) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM outbox_message o JOIN outbox_pending p ON p.id = o.id WHERE o.message_id = ANY (?)
                """, Long.class, (Object) messageIds);
    }

    /** How many of these messages' outbox rows were published (and are kept until the purge). */
    private long published(UUID... messageIds) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM outbox_message o
                 WHERE o.message_id = ANY (?) AND NOT EXISTS (SELECT 1 FROM outbox_pending p WHERE p.id = o.id)
                """, Long.class, (Object) messageIds);
    }

    @Test
    void aBatchTheBrokerNeverAcknowledgedStaysUnpublishedAndGoesOutLater() {
        TopicSpec topic = new TopicSpec("luckydraw.test.unacked." + UUID.randomUUID(), 1, Duration.ofHours(1), "k",
                "unacknowledged batch");
        TestTopics.create(topic);
        var quick = new MessagingProperties("unacked", 50, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofDays(1), false, Duration.ofSeconds(1));
        var unreachable = unreachableKafka(1000);
        relay.pause();
        try {
            List<OrderCancelled> sent = List.of(message("unacked-1"), message("unacked-2"), message("unacked-3"));
            tx().executeWithoutResult(s -> outbox.appendAll(sent.stream()
                    .map(m -> new Outbox.Outgoing(topic, "k", m)).toList()));
            var cut = new OutboxRelay(jdbc, tx(), unreachable, quick, new SimpleMeterRegistry());

            assertThatThrownBy(cut::publishBatch).isInstanceOf(RuntimeException.class);
            assertThat(unpublished(sent.stream().map(OrderCancelled::messageId).toArray(UUID[]::new)))
                    .as("rows whose send failed are still unpublished").isEqualTo(3);

            relay.resume();
            try (var reader = TestTopics.reader(topic.name())) {
                var read = TestTopics.readUntil(reader, Duration.ofSeconds(30), r -> r.size() >= 3);
                assertThat(messageIds(read)).containsExactlyElementsOf(sent.stream().map(OrderCancelled::messageId)
                        .toList());
            }
        } finally {
            relay.resume();
            unreachable.destroy();
            TestTopics.delete(topic);
        }
    }

    @Test
    void committedRowsArePublishedRightAfterCommitInTheirOrderWithoutASweep() {
        TopicSpec topic = new TopicSpec("luckydraw.test.fast." + UUID.randomUUID(), 1, Duration.ofHours(1), "k",
                "fast path");
        TestTopics.create(topic);
        // Sweeps an hour apart: after the first one, at start, only the hand-over after commit can publish.
        var hourly = new MessagingProperties("fast", 25, Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ofDays(1), false, Duration.ofSeconds(1));
        var fast = new OutboxRelay(jdbc, tx(), kafka, hourly, new SimpleMeterRegistry());
        var fastOutbox = new Outbox(jdbc, codec, fast);
        relay.pause();
        fast.start();
        try {
            List<OrderCancelled> sent = new ArrayList<>();
            for (int t = 0; t < 20; t++) {
                List<OrderCancelled> inTx = List.of(message("fast-" + t + "-a"), message("fast-" + t + "-b"));
                tx().executeWithoutResult(s -> fastOutbox.appendAll(inTx.stream()
                        .map(m -> new Outbox.Outgoing(topic, "one-key", m)).toList()));
                sent.addAll(inTx);
            }

            try (var reader = TestTopics.reader(topic.name())) {
                var read = TestTopics.readUntil(reader, Duration.ofSeconds(30), r -> r.size() >= 40);
                assertThat(messageIds(read)).containsExactlyElementsOf(sent.stream().map(OrderCancelled::messageId)
                        .toList());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    published(sent.stream().map(OrderCancelled::messageId).toArray(UUID[]::new)))
                    .as("every row marked once the broker acknowledged it").isEqualTo(40));
        } finally {
            fast.stop();
            relay.resume();
            TestTopics.delete(topic);
        }
    }

    @Test
    void aSweepRacingTheFastPathNeverSendsACommittedRowTwice() throws Exception {
        TopicSpec topic = new TopicSpec("luckydraw.test.race-fast." + UUID.randomUUID(), 1, Duration.ofHours(1), "k",
                "sweep against fast path");
        TestTopics.create(topic);
        // A sweep every millisecond: rows commit all the time between its list of in-flight ids and its claim.
        var eager = new MessagingProperties("eager", 500, Duration.ofMillis(1), Duration.ofSeconds(10),
                Duration.ofDays(1), false, Duration.ofSeconds(1));
        var racing = new OutboxRelay(jdbc, tx(), kafka, eager, new SimpleMeterRegistry());
        var racingOutbox = new Outbox(jdbc, codec, racing);
        relay.pause();
        racing.start();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<UUID>>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    List<UUID> ids = new ArrayList<>();
                    for (int t = 0; t < 50; t++) {
                        List<OrderCancelled> inTx = List.of(message("race-" + writer + "-" + t + "-a"),
                                message("race-" + writer + "-" + t + "-b"));
                        tx().executeWithoutResult(s -> racingOutbox.appendAll(inTx.stream()
                                .map(m -> new Outbox.Outgoing(topic, "k" + writer, m)).toList()));
                        inTx.forEach(m -> ids.add(m.messageId()));
                    }
                    return ids;
                }));
            }
            List<UUID> sent = new ArrayList<>();
            for (var writer : writers) {
                sent.addAll(writer.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    published(sent.toArray(UUID[]::new))).isEqualTo(400));

            try (var reader = TestTopics.reader(topic.name())) {
                var read = TestTopics.readUntil(reader, Duration.ofSeconds(30),
                        r -> new HashSet<>(messageIds(r)).size() >= 400);
                assertThat(new HashSet<>(messageIds(read))).containsExactlyInAnyOrderElementsOf(sent);
                assertThat(messageIds(read)).as("each committed row published once").hasSize(400);
            }
        } finally {
            pool.shutdownNow();
            racing.stop();
            relay.resume();
            TestTopics.delete(topic);
        }
    }

    @Test
    void rowsTheFastPathCouldNotSendAreLeftToTheSweep() {
        TopicSpec topic = new TopicSpec("luckydraw.test.refused." + UUID.randomUUID(), 1, Duration.ofHours(1), "k",
                "refused fast send");
        TestTopics.create(topic);
        var quick = new MessagingProperties("refused", 50, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofDays(1), false, Duration.ofSeconds(1));
        var unreachable = unreachableKafka(500);
        var brokenMeters = new SimpleMeterRegistry();
        var broken = new OutboxRelay(jdbc, tx(), unreachable, quick, brokenMeters);
        var brokenOutbox = new Outbox(jdbc, codec, broken);
        relay.pause();
        broken.start();
        try {
            List<OrderCancelled> sent = List.of(message("refused-1"), message("refused-2"));
            tx().executeWithoutResult(s -> brokenOutbox.appendAll(sent.stream()
                    .map(m -> new Outbox.Outgoing(topic, "k", m)).toList()));
            UUID[] ids = sent.stream().map(OrderCancelled::messageId).toArray(UUID[]::new);

            // The broken relay tries (fast path, then its sweeps) and fails; the rows stay unpublished meanwhile.
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> brokenMeters.counter("luckydraw.outbox.send.failures").count() >= 2);
            assertThat(unpublished(ids)).isEqualTo(2);
            broken.stop();

            relay.resume(); // a working relay's sweep finds them in the table
            try (var reader = TestTopics.reader(topic.name())) {
                var read = TestTopics.readUntil(reader, Duration.ofSeconds(30), r -> r.size() >= 2);
                assertThat(messageIds(read)).containsExactlyElementsOf(List.of(ids));
            }
        } finally {
            broken.stop();
            relay.resume();
            unreachable.destroy();
            TestTopics.delete(topic);
        }
    }

    @Test
    void kafkaHealthShowsTheBrokerConsumerLagAndDeadLetters() {
        publishRaw("bad", "not json at all".getBytes(StandardCharsets.UTF_8));
        String deadLetterTopic = TestTopics.TOPIC.deadLetter().name();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var health = kafkaHealth.health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("brokers", 1);
            assertThat((Map<String, Long>) health.getDetails().get("consumerLag"))
                    .containsKey(MessagingTestApplication.GROUP);
            assertThat((Map<String, Long>) health.getDetails().get("deadLetters"))
                    .hasEntrySatisfying(deadLetterTopic, n -> assertThat(n).isPositive());
        });
    }
}

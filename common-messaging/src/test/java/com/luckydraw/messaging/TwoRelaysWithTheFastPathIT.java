package com.luckydraw.messaging;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics.TopicSpec;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.messaging.outbox.OutboxRelay;
import com.luckydraw.testing.IntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What two relays on one database guarantee with the fast path on, under load: two service instances, each with its
 * own {@link Outbox}, {@link OutboxRelay} and producer, in one JVM (two whole Spring contexts would add nothing the
 * relays look at: they meet only in the outbox tables and on the broker). Each instance's sweep runs every
 * millisecond, so it keeps finding rows the other instance's fast path has in flight.
 *
 * <p>The guarantee (docs/decisions.md, "Outbox relay"): every committed row is published at least once; per key, the
 * first deliveries come in commit order; a row may be published twice when another instance's sweep takes it while
 * it is in flight, and the receivers' inboxes absorb that. The test counts the duplicates and bounds them.
 */
@IntegrationTest
class TwoRelaysWithTheFastPathIT {

    private static final int WRITERS = 4;
    private static final int TRANSACTIONS_PER_WRITER = 60;
    private static final int ROWS = WRITERS * TRANSACTIONS_PER_WRITER * 2;

    @DynamicPropertySource
    static void topic(DynamicPropertyRegistry registry) {
        registry.add("test.topic", TestTopics.TOPIC::name);
    }

    @BeforeAll
    static void createTopics() {
        TestTopics.create(TestTopics.TOPIC);
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired MessageCodec codec;
    @Autowired OutboxRelay relay;

    @Test
    void everyRowIsPublishedAtLeastOnceAndEachKeysFirstDeliveriesKeepTheCommitOrder() throws Exception {
        TopicSpec topic = new TopicSpec("luckydraw.test.two-fast." + UUID.randomUUID(), 3, Duration.ofHours(1), "k",
                "two relays with the fast path");
        TestTopics.create(topic);
        var eager = new MessagingProperties("two-fast", 500, Duration.ofMillis(1), Duration.ofSeconds(10),
                Duration.ofDays(1), false, Duration.ofSeconds(1));
        var tx = new TransactionTemplate(transactions);
        var kafkaA = TestTopics.producer();
        var kafkaB = TestTopics.producer();
        var relayA = new OutboxRelay(jdbc, tx, kafkaA, eager, new SimpleMeterRegistry());
        var relayB = new OutboxRelay(jdbc, tx, kafkaB, eager, new SimpleMeterRegistry());
        List<Outbox> outboxes = List.of(new Outbox(jdbc, codec, relayA), new Outbox(jdbc, codec, relayB));
        relay.pause();
        relayA.start();
        relayB.start();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            // Each writer owns one key and commits its transactions one after another on one instance (writers 0 and
            // 2 on the first, 1 and 3 on the second): its commit order is the order the key's first deliveries must
            // keep, while the other instance's sweep keeps taking its rows in flight. (Rows of one key committed on
            // two instances without waiting for delivery have no order between them: the two fast paths race.)
            List<Future<List<UUID>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    List<UUID> committed = new ArrayList<>();
                    for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
                        Outbox outbox = outboxes.get(writer % 2);
                        List<OrderCancelled> inTx = List.of(message("w" + writer + "-" + t + "-a"),
                                message("w" + writer + "-" + t + "-b"));
                        tx.executeWithoutResult(s -> outbox.appendAll(inTx.stream()
                                .map(m -> new Outbox.Outgoing(topic, "key-" + writer, m)).toList()));
                        inTx.forEach(m -> committed.add(m.messageId()));
                    }
                    return committed;
                }));
            }
            Map<String, List<UUID>> commitOrder = new HashMap<>();
            for (int w = 0; w < WRITERS; w++) {
                commitOrder.put("key-" + w, writers.get(w).get(2, TimeUnit.MINUTES));
            }

            try (var reader = TestTopics.reader(topic.name())) {
                var read = TestTopics.readUntil(reader, Duration.ofSeconds(60),
                        r -> new LinkedHashSet<>(ids(r)).size() >= ROWS);
                List<UUID> all = ids(read);
                assertThat(new LinkedHashSet<>(all)).as("every committed row published at least once")
                        .containsExactlyInAnyOrderElementsOf(commitOrder.values().stream().flatMap(List::stream)
                                .toList());
                for (var key : commitOrder.entrySet()) {
                    List<UUID> firstDeliveries = new ArrayList<>(new LinkedHashSet<>(ids(read.stream()
                            .filter(r -> r.key().equals(key.getKey()))
                            .sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList())));
                    assertThat(firstDeliveries).as("first deliveries of " + key.getKey() + " in commit order")
                            .containsExactlyElementsOf(key.getValue());
                }
                int duplicates = all.size() - ROWS;
                // A row goes at most twice: its own fast path, and one claim by the other instance's sweep (the claim
                // deletes its pending mark, so no later sweep takes it again). With sweeps every millisecond almost
                // every row in flight is taken; at the default 500 ms far fewer.
                Map<UUID, Long> copies = all.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
                assertThat(copies.values()).as("copies of each row").allSatisfy(n -> assertThat(n).isBetween(1L, 2L));
                assertThat(duplicates).as("duplicates (absorbed by the receivers' inboxes)").isBetween(0, ROWS);
                System.out.printf("two relays, fast path on: %d rows, %d published twice%n", ROWS, duplicates);
            }
        } finally {
            pool.shutdownNow();
            relayA.stop();
            relayB.stop();
            relay.resume();
            kafkaA.destroy();
            kafkaB.destroy();
            TestTopics.delete(topic);
        }
    }

    private static OrderCancelled message(String bizId) {
        return new OrderCancelled(UUID.randomUUID(), 1, bizId, "pos-1", UUID.randomUUID(), Instant.now(), "u-1", 1,
                "test");
    }

    private static List<UUID> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> r.headers().lastHeader(OutboxRelay.ID_HEADER) != null)
                .map(r -> UUID.fromString(new String(r.headers().lastHeader(OutboxRelay.ID_HEADER).value(),
                        StandardCharsets.UTF_8))).toList();
    }
}

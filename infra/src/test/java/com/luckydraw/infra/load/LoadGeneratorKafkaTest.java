package com.luckydraw.infra.load;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator against the real local broker, on throwaway topics: what it publishes reads back as valid purchase
 * requests, and a stand-in for order-service that answers each new order proves the latency bookkeeping.
 */
class LoadGeneratorKafkaTest {

    private static final String BOOTSTRAP = RealKafka.bootstrap();
    private static final String REQUESTS = Topics.NAMESPACE + ".load-test." + UUID.randomUUID() + ".requests";
    private static final String EVENTS = Topics.NAMESPACE + ".load-test." + UUID.randomUUID() + ".events";
    private static final MessageCodec CODEC = new MessageCodec();

    /** The generator publishes as a terminal, which may write only purchase requests: here, the test's own topics. */
    private static final AclBinding TERMINAL_WRITES_TEST_TOPICS = new AclBinding(
            new ResourcePattern(ResourceType.TOPIC, Topics.NAMESPACE + ".load-test.", PatternType.PREFIXED),
            new AccessControlEntry("User:" + KafkaPrincipal.TERMINAL.user(), "*", AclOperation.WRITE,
                    AclPermissionType.ALLOW));

    @BeforeAll
    static void createTopics() throws Exception {
        RealKafka.requireReachable();
        try (Admin admin = Admin.create(KafkaLogin.adminConfig())) {
            admin.createAcls(List.of(TERMINAL_WRITES_TEST_TOPICS, new AclBinding(TERMINAL_WRITES_TEST_TOPICS.pattern(),
                    new AccessControlEntry("User:" + KafkaPrincipal.TERMINAL.user(), "*", AclOperation.DESCRIBE,
                            AclPermissionType.ALLOW)))).all().get(30, TimeUnit.SECONDS);
        }
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            admin.createTopics(List.of(new NewTopic(REQUESTS, 3, (short) 1), new NewTopic(EVENTS, 3, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Keys for the plan's terminals: the fake order-service here does not check them, order-service does. */
    private static com.luckydraw.infra.terminal.TerminalKeyring keysOf(LoadOptions options) {
        var keys = new java.util.LinkedHashMap<String, com.luckydraw.infra.terminal.TerminalKeyring.Credentials>();
        var random = new java.security.SecureRandom();
        for (int i = 1; i <= options.terminals(); i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            keys.put("pos-" + i, new com.luckydraw.infra.terminal.TerminalKeyring.Credentials("pos-" + i, 1, key, null));
        }
        return new com.luckydraw.infra.terminal.TerminalKeyring(keys);
    }

    @AfterAll
    static void deleteTopics() throws Exception {
        try (Admin admin = Admin.create(KafkaLogin.adminConfig())) {
            admin.deleteAcls(List.of(new AclBindingFilter(TERMINAL_WRITES_TEST_TOPICS.pattern().toFilter(),
                    AccessControlEntryFilter.ANY))).all().get(30, TimeUnit.SECONDS);
        }
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            admin.deleteTopics(List.of(REQUESTS, EVENTS)).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyOrderIsMeasuredOnceFromRequestToTerminalEvent() throws Exception {
        var answering = new AtomicBoolean(true);
        Thread orderService = new Thread(() -> answerEachNewOrder(answering, REQUESTS, EVENTS), "fake-order-service");
        orderService.start();
        var progress = new ByteArrayOutputStream();
        Path output = Files.createTempFile("load", ".json");
        try {
            var options = LoadOptions.parse("--requests-topic", REQUESTS, "--events-topic", EVENTS, "--count", "600",
                    "--rate", "400", "--duplicates", "0.1", "--rounds", "3", "--hot-share", "0.5", "--seed", "1",
                    "--run-id", "kt-" + System.nanoTime(), "--drain-timeout", "20s", "--output", output.toString());

            var result = new LoadGenerator(options, keysOf(options), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
            result.write(options.output(), options.format());

            assertThat(result.sent()).isEqualTo(600);
            assertThat(result.sendErrors()).isZero();
            assertThat(result.orders()).isEqualTo(600 - result.duplicatesSent());
            assertThat(result.duplicatesSent()).isBetween(30L, 90L);
            assertThat(result.completed() + result.cancelled()).isEqualTo(result.orders());
            assertThat(result.cancelled()).isPositive();
            assertThat(result.cancelReasons()).containsOnlyKeys("SOLD_OUT");
            assertThat(result.missing()).isZero();
            assertThat(result.latencyMs().count()).isEqualTo(result.orders());
            assertThat(result.latencyMs().p50()).isPositive().isLessThanOrEqualTo(result.latencyMs().p99());
            assertThat(result.latencyMs().p99()).isLessThanOrEqualTo(result.latencyMs().max());
            // 600 at 400/s: about 1.5 s of sending.
            assertThat(result.sendSeconds()).isBetween(1.3, 4.0);
            assertThat(result.completedPerSecond()).isPositive();
            assertThat(result.complete()).isTrue();
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("sent ").contains("in flight");
            assertThat(LoadResult.fromJson(output).toJson()).isEqualTo(result.toJson());
        } finally {
            answering.set(false);
            orderService.join(10_000);
            Files.deleteIfExists(output);
        }

        List<PurchaseRequested> published = readRequests(600);
        assertThat(published).hasSize(600).allSatisfy(r -> assertThat(r.pricePerShare()).isEqualTo(100));
        assertThat(published.stream().map(PurchaseRequested::roundId).distinct()).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void warmUpOrdersEndBeforeMeasuringAndAreNotMeasured() throws Exception {
        String requests = Topics.NAMESPACE + ".load-test." + UUID.randomUUID() + ".warm-requests";
        String events = Topics.NAMESPACE + ".load-test." + UUID.randomUUID() + ".warm-events";
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            admin.createTopics(List.of(new NewTopic(requests, 3, (short) 1), new NewTopic(events, 3, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        var answering = new AtomicBoolean(true);
        Thread orderService = new Thread(() -> answerEachNewOrder(answering, requests, events), "fake-order-service");
        orderService.start();
        var progress = new ByteArrayOutputStream();
        try {
            var options = LoadOptions.parse("--requests-topic", requests, "--events-topic", events, "--count", "300",
                    "--rate", "400", "--warmup", "1s", "--warmup-rate", "200", "--seed", "2",
                    "--run-id", "kw-" + System.nanoTime(), "--drain-timeout", "20s");

            var result = new LoadGenerator(options, keysOf(options), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

            assertThat(result.sent()).as("the measured requests only").isEqualTo(300);
            assertThat(result.orders()).isEqualTo(300);
            assertThat(result.latencyMs().count()).isEqualTo(300);
            assertThat(result.completed()).isEqualTo(300);
            assertThat(result.foreignEvents()).as("the warm-up's events were matched to the warm-up").isZero();
            assertThat(result.complete()).isTrue();
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("warm-up: 200/s for 1s")
                    .containsPattern("warm-up: \\d+ sent, \\d+ ended, 0 still in flight; measuring");
        } finally {
            answering.set(false);
            orderService.join(10_000);
            try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
                admin.deleteTopics(List.of(requests, events)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Stands in for order-service: one terminal event per new order, round 3 "sold out", others completed. */
    private static void answerEachNewOrder(AtomicBoolean answering, String requests, String events) {
        Set<UUID> answered = new HashSet<>();
        try (var consumer = reader(); var producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.LINGER_MS_CONFIG, 0)),
                new StringSerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(requests));
            while (answering.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    var request = CODEC.decode(record.value(), PurchaseRequested.class);
                    UUID orderId = request.orderId();
                    if (!answered.add(orderId)) {
                        continue;
                    }
                    var event = request.roundId() == 3
                            ? new OrderCancelled(UUID.randomUUID(), 1, request.bizId(), request.posId(), orderId,
                            Instant.now(), request.userId(), request.roundId(), "SOLD_OUT")
                            : new OrderCompleted(UUID.randomUUID(), 1, request.bizId(), request.posId(), orderId,
                            Instant.now(), request.userId(), request.roundId(), request.shares(),
                            request.paymentMethod(), request.price(), 1, request.shares());
                    producer.send(new ProducerRecord<>(events, orderId.toString(), CODEC.encode(event)));
                }
                producer.flush();
            }
        }
    }

    private static List<PurchaseRequested> readRequests(int expected) {
        List<PurchaseRequested> read = new ArrayList<>();
        try (var consumer = reader()) {
            consumer.subscribe(List.of(REQUESTS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (read.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    var request = CODEC.decode(record.value(), PurchaseRequested.class);
                    assertThat(record.key()).isEqualTo(request.posId() + ":" + request.bizId());
                    read.add(request);
                }
            }
        }
        return read;
    }

    private static KafkaConsumer<String, byte[]> reader() {
        return new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG, "load-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}

package com.luckydraw.infra.deadletter;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.Topics;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's command against the real local broker, on a throwaway topic and its dead-letter topic. The dead
 * letters are written with the headers the services' DeadLetters adds (Spring Kafka's {@code kafka_dlt-*} and ours);
 * the end-to-end suite proves the same against the running services.
 */
class DeadLettersCommandKafkaTest {

    private static final String BOOTSTRAP = RealKafka.bootstrap();
    private static final String TOPIC = Topics.NAMESPACE + ".dead-letters-test." + UUID.randomUUID();
    private static final String DLT = Topics.deadLetterOf(TOPIC);
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void createTopics() throws Exception {
        RealKafka.requireReachable();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(DLT, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void deleteTopics() throws Exception {
        producer.close();
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(TOPIC, DLT)).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void listShowsKeyReasonConsumerSourceAndPayloadWithControlCharactersEscaped() throws Exception {
        long offset = deadLetter("pos-1:biz\u0007bell", "{\"bizId\":\"biz\u0007bell\"}", "PurchaseRequested: bizId must be 1-64 characters", 2, 41);

        var run = run("list", TOPIC, "--from-offset", Long.toString(offset));

        assertThat(run.code).isZero();
        assertThat(run.out).contains(DLT + ": 1 dead letter(s) from offset " + offset)
                .contains("offset " + offset + "  at ")
                .contains("key:      pos-1:biz\\u0007bell")
                .contains("consumer: order-service")
                .contains("reason:   PurchaseRequested: bizId must be 1-64 characters")
                .contains("source:   " + TOPIC + "-2@41")
                .contains("payload:  20 bytes: {\"bizId\":\"biz\\u0007bell\"}")
                .doesNotContain("\u0007");
    }

    @Test
    void listTruncatesLongPayloadsUnlessAskedForAll() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(5000) + "\"}";
        long offset = deadLetter("k-big", big, "record of 5010 bytes is larger than the limit", 0, 7);

        assertThat(run("list", DLT, "--from-offset", Long.toString(offset)).out).contains("payload:  5010 bytes: ")
                .doesNotContain("x".repeat(DeadLettersCommand.PREVIEW_CHARS)).contains("...");
        assertThat(run("list", DLT, "--from-offset", Long.toString(offset), "--full").out).contains(big);
    }

    @Test
    void republishSendsTheOriginalBytesWithTheOriginalKeyAndHeadersButNoDeadLetterHeaders() throws Exception {
        String value = "{\"type\":\"PurchaseRequested\",\"shares\":0,\"id\":\"" + UUID.randomUUID() + "\"}";
        long offset = deadLetter("pos-9:biz-9", value, "shares must be positive, was 0", 1, 5);
        var mark = endOffsets(TOPIC);

        var run = run("republish", DLT, "--offset", Long.toString(offset));

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("republished " + DLT + "-0@" + offset + " (original value, key pos-9:biz-9) to "
                + TOPIC + "-");
        ConsumerRecord<String, byte[]> sent = onlyRecordSince(mark);
        assertThat(sent.key()).isEqualTo("pos-9:biz-9");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo(value);
        List<String> headerNames = new ArrayList<>();
        sent.headers().forEach(h -> headerNames.add(h.key()));
        assertThat(headerNames).containsExactlyInAnyOrder("traceparent", RepublishingDeadLetter.REPUBLISHED_FROM_HEADER);
        assertThat(new String(sent.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo("00-trace-01");
        assertThat(new String(sent.headers().lastHeader(RepublishingDeadLetter.REPUBLISHED_FROM_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo(DLT + "-0@" + offset);
    }

    @Test
    void republishWithAValueFileSendsTheFixedBytesWithoutTheEditorsLineEnd(@TempDir Path dir) throws Exception {
        long offset = deadLetter("pos-8:biz-8", "{\"shares\":0}", "shares must be positive, was 0", 0, 9);
        String fixed = "{\"shares\":2,\"id\":\"" + UUID.randomUUID() + "\"}";
        Path file = Files.writeString(dir.resolve("fixed.json"), fixed + "\n");
        var mark = endOffsets(TOPIC);

        var run = run("republish", TOPIC, "--offset", Long.toString(offset), "--value-file", file.toString());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("(fixed value of " + fixed.length() + " bytes, key pos-8:biz-8)");
        ConsumerRecord<String, byte[]> sent = onlyRecordSince(mark);
        assertThat(sent.key()).isEqualTo("pos-8:biz-8");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo(fixed);
    }

    @Test
    void showPrintsThePayloadAloneSoItCanBeSavedAndEdited() throws Exception {
        String value = "{\"bizId\":\"x'; DROP TABLE orders;--\"}";
        long offset = deadLetter("pos-7:x", value, "bizId must be 1-64 characters", 0, 3);

        var run = run("show", DLT, "--offset", Long.toString(offset));

        assertThat(run.code).isZero();
        assertThat(run.out).isEqualTo(value + System.lineSeparator());
    }

    @Test
    void aMissingRecordOrABadArgumentSaysSoWithItsExitCode() throws Exception {
        long end = endOffsets(DLT).values().iterator().next();

        var missing = run("republish", DLT, "--offset", Long.toString(end + 1000));
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("has no record at offset " + (end + 1000));

        var noOffset = run("republish", DLT);
        assertThat(noOffset.code).isEqualTo(2);
        assertThat(noOffset.err).contains("republish needs --offset N");

        var badOffset = run("show", DLT, "--offset", "-4");
        assertThat(badOffset.code).isEqualTo(2);
        assertThat(badOffset.err).contains("--offset must be a number >= 0, was '-4'");

        var unknownTopic = run("list", TOPIC + ".never");
        assertThat(unknownTopic.code).isEqualTo(2);
        assertThat(unknownTopic.err).contains("does not exist");
    }

    @Test
    void asTheAuditorListingWorksButTheBrokerRefusesTheRepublish() throws Exception {
        long offset = deadLetter("pos-6:biz-6", "{\"shares\":0}", "shares must be positive, was 0", 0, 11);
        var mark = endOffsets(TOPIC);
        var auditor = withEnvironment(DeadLettersLogin.PRINCIPAL_VARIABLE, "auditor");

        var list = run(auditor, "list", DLT, "--from-offset", Long.toString(offset));
        assertThat(list.code).as(list.err).isZero();
        assertThat(list.out).contains("key:      pos-6:biz-6", "reason:   shares must be positive, was 0");

        var republish = run(auditor, "republish", DLT, "--offset", Long.toString(offset));
        assertThat(republish.code).as(republish.out).isEqualTo(3);
        assertThat(republish.err).contains("dead-letters: the broker refused auditor writing " + TOPIC + " (",
                "AuthorizationException", "republishing needs a principal that may write it, such as the operator");
        assertThat(endOffsets(TOPIC)).as("nothing published").isEqualTo(mark);
    }

    @Test
    void aClientConfigOnTheCommandLineWinsOverThePrincipalVariable() throws Exception {
        long offset = deadLetter("pos-5:biz-5", "{\"shares\":0}", "shares must be positive, was 0", 0, 13);
        var terminal = withEnvironment(DeadLettersLogin.PRINCIPAL_VARIABLE, "terminal");

        var refused = run(terminal, "list", DLT, "--from-offset", Long.toString(offset));
        assertThat(refused.code).isEqualTo(3);
        assertThat(refused.err).contains("dead-letters: the broker refused terminal reading " + DLT + " (",
                "TopicAuthorizationException");

        String auditorsConfig = KafkaLogin.credentialsDir().resolve("auditor.properties").toString();
        var listed = run(terminal, "list", DLT, "--from-offset", Long.toString(offset), "--command-config",
                auditorsConfig);
        assertThat(listed.code).as(listed.err).isZero();
        assertThat(listed.out).contains("key:      pos-5:biz-5");
    }

    @Test
    void anUnknownPrincipalIsABadArgument() {
        var run = run(withEnvironment(DeadLettersLogin.PRINCIPAL_VARIABLE, "root"), "list", DLT);

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("DEAD_LETTERS_PRINCIPAL: no Kafka principal 'root'", "auditor");
    }

    /** A dead letter as the services write it; returns its offset on the dead-letter topic. */
    private static long deadLetter(String key, String value, String reason, int partition, long offset)
            throws Exception {
        List<Header> headers = List.of(
                new RecordHeader("traceparent", "00-trace-01".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("kafka_dlt-original-topic", TOPIC.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(partition).array()),
                new RecordHeader("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(offset).array()),
                new RecordHeader("kafka_dlt-exception-message", reason.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(DeadLetter.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(DeadLetter.CONSUMER_HEADER, "order-service".getBytes(StandardCharsets.UTF_8)));
        return producer.send(new ProducerRecord<>(DLT, null, key, value.getBytes(StandardCharsets.UTF_8), headers))
                .get(30, TimeUnit.SECONDS).offset();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        return run(System.getenv(), args);
    }

    private static Run run(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = new DeadLettersCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(withBootstrap(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** This process's environment plus one variable. */
    private static Map<String, String> withEnvironment(String name, String value) {
        var env = new HashMap<>(System.getenv());
        env.put(name, value);
        return env;
    }

    private static String[] withBootstrap(String[] args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-server", BOOTSTRAP));
        return all.toArray(String[]::new);
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (var consumer = consumer()) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** The one record written to {@link #TOPIC} after {@code mark}. */
    private static ConsumerRecord<String, byte[]> onlyRecordSince(Map<TopicPartition, Long> mark) {
        try (var consumer = consumer()) {
            consumer.assign(mark.keySet());
            mark.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(mark.keySet());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mark.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            return records.get(0);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Admin admin() {
        return RealKafka.admin(KafkaPrincipal.OPERATOR);
    }
}

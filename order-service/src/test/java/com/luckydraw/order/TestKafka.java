package com.luckydraw.order;

import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.order.PurchaseSignature;
import com.luckydraw.messaging.deadletter.DeadLetters;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/** The tests' own Kafka clients: a producer like a terminal's, and readers of a topic from a marked point on. */
public final class TestKafka {

    public static final MessageCodec CODEC = new MessageCodec();

    private static KafkaProducer<String, byte[]> producer;

    /** Who the tests publish purchases as: registered on first use by {@link OrderServiceTestBase}. */
    private static volatile Function<String, TestTerminal> terminals;

    static void publishAs(Function<String, TestTerminal> registry) {
        terminals = registry;
    }

    private TestKafka() {
    }

    public static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = RealKafka.producer(KafkaPrincipal.OPERATOR,
                    Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0));
        }
        return producer;
    }

    /** Publishes as a terminal does: keyed posId:bizId, signed with its key; returns once the broker has it. */
    public static void publishRequest(PurchaseRequested request) {
        publish(signedRequest(request));
    }

    /** The record a terminal sends for {@code request}, signed by the registered terminal of its posId. */
    public static ProducerRecord<String, byte[]> signedRequest(PurchaseRequested request) {
        String key = request.posId() + ":" + request.bizId();
        byte[] value = CODEC.encode(request);
        return record(key, value, terminals.apply(request.posId()).sign(key, value).headerBytes());
    }

    /** A purchase request record with {@code signature} as its signature header, or none when null. */
    public static ProducerRecord<String, byte[]> record(String key, byte[] value, byte[] signature) {
        List<Header> headers = signature == null ? List.of()
                : List.of(new RecordHeader(PurchaseSignature.HEADER, signature));
        return new ProducerRecord<>(Topics.PURCHASE_REQUESTS.name(), null, key, value, headers);
    }

    public static void publish(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    public static void publish(String topic, String key, Message message) {
        publish(topic, key, CODEC.encode(message));
    }

    public static void publish(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** Where each partition of {@code topic} ends now: read from here to see only what comes next. */
    public static Map<TopicPartition, Long> mark(String topic) {
        try (var consumer = consumer()) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    /** Everything published on the marked topic since the mark, up to its end now. */
    public static List<ConsumerRecord<String, byte[]>> readSince(Map<TopicPartition, Long> mark) {
        try (var consumer = consumer()) {
            consumer.assign(mark.keySet());
            mark.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(mark.keySet(), Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + mark.keySet() + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
            }
            return read;
        }
    }

    /** Reads the marked topic from the mark until {@code done} holds for what was read, or the time is up. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(Map<TopicPartition, Long> mark, Duration atMost,
            Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        try (var consumer = consumer()) {
            consumer.assign(mark.keySet());
            mark.forEach(consumer::seek);
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline && !done.test(read)) {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
            }
            return read;
        }
    }

    /** The messages of the records, decoded as {@code type}; records of other types are left out. */
    public static <T extends Message> List<T> messages(List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        List<T> result = new ArrayList<>();
        for (var record : records) {
            Message message = CODEC.decode(record.value(), Message.class);
            if (type.isInstance(message)) {
                result.add(type.cast(message));
            }
        }
        return result;
    }

    static KafkaConsumer<String, byte[]> consumer() {
        return RealKafka.consumer(KafkaPrincipal.OPERATOR, Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }

    /** Why a record was dead-lettered, as {@code DeadLetters} wrote it in the record's header. */
    public static String deadLetterReason(ConsumerRecord<String, byte[]> deadLetter) {
        return new String(deadLetter.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8);
    }
}

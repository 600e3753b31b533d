package com.luckydraw.lottery.messaging;

import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.LotteryCommand;
import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The lottery's topics as order-service sees them: a plain producer of commands keyed by round, and a reader of the
 * events published from the moment it was opened on.
 */
final class LotteryTopics implements AutoCloseable {

    private final MessageCodec codec = new MessageCodec();
    private final KafkaProducer<String, byte[]> producer = RealKafka.producer(KafkaPrincipal.OPERATOR,
            Map.of(ProducerConfig.ACKS_CONFIG, "all"));
    private final KafkaConsumer<String, byte[]> events = RealKafka.consumer(KafkaPrincipal.OPERATOR, Map.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    private final KafkaConsumer<String, byte[]> deadLetters = RealKafka.consumer(KafkaPrincipal.OPERATOR,
            Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    private final List<LotteryEvent> read = new ArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> deadLettersRead = new ArrayList<>();

    /** Starts reading the events and dead-letter topics at their ends now: only what comes from here on is seen. */
    LotteryTopics() {
        fromEnd(events, Topics.LOTTERY_EVENTS.name());
        fromEnd(deadLetters, Topics.deadLetterOf(Topics.LOTTERY_COMMANDS.name()));
    }

    private static void fromEnd(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach(consumer::seek);
    }

    /** Publishes commands keyed by round id, as order-service does, and waits for the broker's acknowledgement. */
    void send(LotteryCommand... commands) {
        for (LotteryCommand command : commands) {
            sendRaw(Long.toString(command.roundId()), codec.encode(command));
        }
    }

    void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.LOTTERY_COMMANDS.name(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + Topics.LOTTERY_COMMANDS.name(), e);
        }
    }

    /** Events matching {@code which}, reading until {@code done} holds for them or the time is up. */
    <T extends LotteryEvent> List<T> read(Class<T> type, Predicate<T> which, Duration atMost,
            Predicate<List<T>> done) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            List<T> matching = read.stream().filter(type::isInstance).map(type::cast).filter(which).toList();
            if (done.test(matching) || System.nanoTime() > deadline) {
                return matching;
            }
            events.poll(Duration.ofMillis(200)).forEach(r -> read.add(codec.decode(r.value(), LotteryEvent.class)));
        }
    }

    /** Dead-lettered command records, reading until {@code done} holds for them or the time is up. */
    List<ConsumerRecord<String, byte[]>> deadLetters(Duration atMost,
            Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.test(deadLettersRead) && System.nanoTime() < deadline) {
            deadLetters.poll(Duration.ofMillis(200)).forEach(deadLettersRead::add);
        }
        return List.copyOf(deadLettersRead);
    }

    @Override
    public void close() {
        producer.close();
        events.close();
        deadLetters.close();
    }
}

package com.luckydraw.wallet.messaging;

import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.wallet.WalletEvent;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** The wallet's topics as another service sees them: a plain producer of commands and a plain reader of replies. */
public final class WalletTopics implements AutoCloseable {

    private final MessageCodec codec = new MessageCodec();
    private final KafkaProducer<String, byte[]> producer = RealKafka.producer(KafkaPrincipal.OPERATOR,
            Map.of(ProducerConfig.ACKS_CONFIG, "all"));
    private final KafkaConsumer<String, byte[]> replies = RealKafka.consumer(KafkaPrincipal.OPERATOR, Map.of(
            ConsumerConfig.GROUP_ID_CONFIG, "wallet-test-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    private final List<WalletEvent> read = new ArrayList<>();

    public WalletTopics() {
        replies.subscribe(List.of(Topics.WALLET_EVENTS.name()));
    }

    /** Publishes commands keyed by user, as order-service does, and waits for the broker's acknowledgement. */
    public void send(String userId, Message... commands) {
        for (Message command : commands) {
            producer.send(new ProducerRecord<>(Topics.WALLET_COMMANDS.name(), userId, codec.encode(command)));
        }
        producer.flush();
    }

    /** Publishes terminal announcements keyed by posId, as order-service's registry does. */
    void announce(Message... events) {
        for (Message event : events) {
            producer.send(new ProducerRecord<>(Topics.TERMINAL_EVENTS.name(), event.posId(), codec.encode(event)));
        }
        producer.flush();
    }

    void sendRaw(String userId, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.WALLET_COMMANDS.name(), userId, value));
        producer.flush();
    }

    /** Replies of one order, reading until {@code done} holds or the time is up. */
    public List<WalletEvent> repliesOf(UUID orderId, Duration atMost, Predicate<List<WalletEvent>> done) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            List<WalletEvent> ofOrder = read.stream().filter(e -> e.correlationId().equals(orderId)).toList();
            if (done.test(ofOrder) || System.nanoTime() > deadline) {
                return ofOrder;
            }
            replies.poll(Duration.ofMillis(200))
                    .forEach(r -> read.add(codec.decode(r.value(), WalletEvent.class)));
        }
    }

    /** Reads for a while longer: proves that no further reply comes. */
    List<WalletEvent> repliesOfAfterQuiet(UUID orderId, Duration quiet) {
        return repliesOf(orderId, quiet, all -> false);
    }

    @Override
    public void close() {
        producer.close();
        replies.close();
    }
}

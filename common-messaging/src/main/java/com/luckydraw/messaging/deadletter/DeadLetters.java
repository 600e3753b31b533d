package com.luckydraw.messaging.deadletter;

import com.luckydraw.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Moves a record this service cannot accept to {@code <topic>.dlt}, with its original key, bytes and headers, plus
 * Spring Kafka's exception headers and {@value #REASON_HEADER} saying what is wrong. The send is synchronous: the
 * consumer commits past the record only once the dead letter is safely on the broker, so nothing is lost.
 */
public class DeadLetters {

    /** Plain-text reason an operator reads before fixing and republishing the record. */
    public static final String REASON_HEADER = Topics.DEAD_LETTER_REASON_HEADER;
    /** The consumer (service) that refused the record. */
    public static final String CONSUMER_HEADER = Topics.DEAD_LETTER_CONSUMER_HEADER;

    private final DeadLetterPublishingRecoverer recoverer;
    private final MeterRegistry meters;
    private final String consumer;

    public DeadLetters(KafkaTemplate<String, byte[]> kafka, String consumer, Duration sendTimeout, MeterRegistry meters) {
        this.consumer = consumer;
        this.meters = meters;
        // Partition -1: let the key choose, the dead-letter topic has fewer partitions than the original.
        this.recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        this.recoverer.setFailIfSendResultIsError(true);
        this.recoverer.setWaitForSendResultTimeout(sendTimeout);
        this.recoverer.setHeadersFunction((record, e) -> {
            var headers = new RecordHeaders();
            headers.add(new RecordHeader(REASON_HEADER, reasonOf(e).getBytes(StandardCharsets.UTF_8)));
            headers.add(new RecordHeader(CONSUMER_HEADER, consumer.getBytes(StandardCharsets.UTF_8)));
            return headers;
        });
    }

    public void publish(ConsumerRecord<?, ?> record, Exception reason) {
        recoverer.accept(record, reason);
        counter(record.topic()).increment();
    }

    /** The counter of a consumed topic, at zero until its first dead letter. */
    public void expect(String topic) {
        counter(topic);
    }

    private Counter counter(String topic) {
        return meters.counter("luckydraw.dead.letters", "topic", topic, "consumer", consumer);
    }

    private static String reasonOf(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}

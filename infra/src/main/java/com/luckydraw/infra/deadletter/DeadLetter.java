package com.luckydraw.infra.deadletter;

import com.luckydraw.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of a {@code <topic>.dlt} topic as an operator sees it: where it sits, the original key and bytes, why
 * the consumer refused it and where it came from. The headers are kept whole so a republish can hand the original
 * ones back.
 */
public record DeadLetter(String topic, int partition, long offset, Instant at, String key, byte[] value,
        List<Header> headers, String reason, String consumer, String originalTopic, Integer originalPartition,
        Long originalOffset) {

    /** Written by the services' DeadLetters (common-messaging): the reason an operator reads, and who refused it. */
    public static final String REASON_HEADER = Topics.DEAD_LETTER_REASON_HEADER;
    public static final String CONSUMER_HEADER = Topics.DEAD_LETTER_CONSUMER_HEADER;
    /** Prefix of the headers the services add when dead-lettering (ours and Spring Kafka's {@code kafka_dlt-*}). */
    static final List<String> DEAD_LETTER_HEADER_PREFIXES = List.of("luckydraw-dlt-", "kafka_dlt-");
    /** Spring Kafka's DeadLetterPublishingRecoverer names the source with these (KafkaHeaders.DLT_ORIGINAL_*). */
    public static final String ORIGINAL_TOPIC_HEADER = "kafka_dlt-original-topic";
    /** The refused record's partition (a 4-byte int) and offset (an 8-byte long), big-endian. */
    public static final String ORIGINAL_PARTITION_HEADER = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET_HEADER = "kafka_dlt-original-offset";

    static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        String originalTopic = text(record, ORIGINAL_TOPIC_HEADER);
        if (originalTopic == null && record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            // Written by hand or by another tool: the topic's name still says where it belongs.
            originalTopic = record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length());
        }
        byte[] partition = bytes(record, ORIGINAL_PARTITION_HEADER);
        byte[] offset = bytes(record, ORIGINAL_OFFSET_HEADER);
        return new DeadLetter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), record.value(), List.copyOf(headers), text(record, REASON_HEADER),
                text(record, CONSUMER_HEADER), originalTopic,
                partition != null && partition.length == Integer.BYTES ? ByteBuffer.wrap(partition).getInt() : null,
                offset != null && offset.length == Long.BYTES ? ByteBuffer.wrap(offset).getLong() : null);
    }

    /** The headers a republished record carries: the original ones, without what dead-lettering added. */
    public List<Header> originalHeaders() {
        return headers.stream()
                .filter(h -> DEAD_LETTER_HEADER_PREFIXES.stream().noneMatch(p -> h.key().startsWith(p)))
                .toList();
    }

    /** {@code topic-partition@offset} of the refused record, as far as the headers tell. */
    public String source() {
        return originalTopic + (originalPartition == null ? "" : "-" + originalPartition)
                + (originalOffset == null ? "" : "@" + originalOffset);
    }

    private static byte[] bytes(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    private static String text(ConsumerRecord<String, byte[]> record, String name) {
        byte[] value = bytes(record, name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}

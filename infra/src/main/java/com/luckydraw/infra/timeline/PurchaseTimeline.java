package com.luckydraw.infra.timeline;

import com.luckydraw.events.OrderIds;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseSignature;
import com.luckydraw.infra.audit.AuditConfig;
import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Follows one purchase (posId, bizId) through the system, reading only what the services keep: the order's status
 * history, the ledger entries, the allocation or its rejection, the outbox rows still waiting to be sent (as the
 * read-only {@code auditor} role), and the records on the request, saga and dead-letter topics (as the Kafka
 * {@code auditor} principal). Saga messages are matched by their correlation id, the order id; a record whose payload
 * is no message at all (a dead letter) by its key.
 *
 * <p>A keyed topic is read only in the partition its key maps to (the producers' default partitioner); the commands'
 * keys (user, round) come from the order, or the request, and without either the whole topic is read.
 */
public final class PurchaseTimeline {

    static final String SIGNATURE_HEADER = PurchaseSignature.HEADER;
    static final String TYPE_HEADER = "luckydraw-message-type";
    static final String TRACEPARENT_HEADER = "traceparent";
    private static final Duration READ_LIMIT = Duration.ofMinutes(2);

    private final AuditConfig databases;
    private final String bootstrap;
    private final Path kafkaCredentials;
    private final String namespace;
    private final JsonMapper json = JsonMapper.builder().build();

    /** {@code bootstrap} null: the databases alone. {@code namespace}: the topics' first part ({@code luckydraw}). */
    public PurchaseTimeline(AuditConfig databases, String bootstrap, Path kafkaCredentials, String namespace) {
        this.databases = databases;
        this.bootstrap = bootstrap;
        this.kafkaCredentials = kafkaCredentials;
        this.namespace = namespace;
    }

    public Timeline of(String posId, String bizId) throws SQLException {
        UUID orderId = OrderIds.of(posId, bizId);
        List<TimelineEntry> entries = new ArrayList<>();
        Map<String, String> commandKeys = new LinkedHashMap<>();
        try (Connection orders = connect(databases.ordersUrl())) {
            readOrder(orders, orderId, entries, commandKeys);
            readUnsent(orders, "orders", orderId, entries);
        }
        try (Connection wallet = connect(databases.walletUrl())) {
            readLedger(wallet, posId, bizId, entries);
            readUnsent(wallet, "wallet", orderId, entries);
        }
        try (Connection lottery = connect(databases.lotteryUrl())) {
            readAllocation(lottery, posId, bizId, entries);
            readUnsent(lottery, "lottery", orderId, entries);
        }
        if (bootstrap != null) {
            readTopics(posId, bizId, orderId, commandKeys, entries);
        }
        return new Timeline(posId, bizId, orderId, entries);
    }

    private Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, databases.user(), databases.password());
        c.setReadOnly(true);
        return c;
    }

    private static void readOrder(Connection c, UUID orderId, List<TimelineEntry> entries,
            Map<String, String> commandKeys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, round_id, status FROM purchase_order WHERE id = ?")) {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    commandKeys.put("user", rs.getString("user_id"));
                    commandKeys.put("round", Long.toString(rs.getLong("round_id")));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT from_status, to_status, reason, changed_at FROM order_status_change
                 WHERE order_id = ? ORDER BY id""")) {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString("from_status");
                    String reason = rs.getString("reason");
                    entries.add(new TimelineEntry(rs.getTimestamp("changed_at").toInstant(), "orders", "state",
                            (from == null ? "created " : from + " -> ") + rs.getString("to_status")
                                    + (reason == null ? "" : " (" + reason + ")"), Map.of()));
                }
            }
        }
    }

    private static void readLedger(Connection c, String posId, String bizId, List<TimelineEntry> entries)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT kind, amount, balance_after, user_id, created_at FROM ledger_entry
                 WHERE biz_id = ? AND pos_id = ? ORDER BY id""")) {
            ps.setString(1, bizId);
            ps.setString(2, posId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new TimelineEntry(rs.getTimestamp("created_at").toInstant(), "wallet", "ledger",
                            rs.getString("kind") + " " + rs.getLong("amount") + " of " + rs.getString("user_id")
                                    + ", balance after " + rs.getLong("balance_after"), Map.of()));
                }
            }
        }
    }

    private static void readAllocation(Connection c, String posId, String bizId, List<TimelineEntry> entries)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT round_id, shares, first_number, last_number, created_at FROM allocation
                 WHERE biz_id = ? AND pos_id = ?""")) {
            ps.setString(1, bizId);
            ps.setString(2, posId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new TimelineEntry(rs.getTimestamp("created_at").toInstant(), "lottery", "allocation",
                            rs.getInt("shares") + " shares of round " + rs.getLong("round_id") + ", numbers "
                                    + rs.getLong("first_number") + "-" + rs.getLong("last_number"), Map.of()));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT round_id, reason, detail, created_at FROM allocation_rejection
                 WHERE biz_id = ? AND pos_id = ?""")) {
            ps.setString(1, bizId);
            ps.setString(2, posId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String detail = rs.getString("detail");
                    entries.add(new TimelineEntry(rs.getTimestamp("created_at").toInstant(), "lottery", "rejection",
                            rs.getString("reason") + " in round " + rs.getLong("round_id")
                                    + (detail == null ? "" : ": " + detail), Map.of()));
                }
            }
        }
    }

    /**
     * Messages about the order committed but not yet acknowledged by the broker: what is stuck in a service's outbox
     * (what was sent is on the topics). The outbox has no column for the order, so the payloads are searched for its id.
     */
    private static void readUnsent(Connection c, String service, UUID orderId, List<TimelineEntry> entries)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT o.message_type, o.topic, o.created_at, o.traceparent FROM outbox_message o
                  JOIN outbox_pending p ON p.id = o.id
                 WHERE strpos(o.payload, ?) > 0 ORDER BY o.id""")) {
            ps.setString(1, orderId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> details = new LinkedHashMap<>();
                    putTrace(details, rs.getString("traceparent"));
                    entries.add(new TimelineEntry(rs.getTimestamp("created_at").toInstant(), service + " outbox",
                            rs.getString("message_type"), "not sent yet, for " + rs.getString("topic"), details));
                }
            }
        }
    }

    private void readTopics(String posId, String bizId, UUID orderId, Map<String, String> commandKeys,
            List<TimelineEntry> entries) {
        String purchaseKey = posId + ":" + bizId;
        String order = orderId.toString();
        // Each topic with the key its records of this purchase are under (null: unknown, read every partition).
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put(namespace + ".purchase.requests", purchaseKey);
        topics.put(namespace + ".wallet.commands", commandKeys.get("user"));
        topics.put(namespace + ".wallet.events", order);
        topics.put(namespace + ".lottery.commands", commandKeys.get("round"));
        topics.put(namespace + ".lottery.events", order);
        topics.put(namespace + ".order.events", order);
        try (var consumer = new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.AUDITOR, kafkaCredentials,
                Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "auditor-timeline-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            for (var topic : topics.entrySet()) {
                boolean requests = topic.getKey().endsWith(".purchase.requests");
                for (var record : read(consumer, topic.getKey(), topic.getValue())) {
                    if (concerns(record, posId, bizId, orderId, purchaseKey)) {
                        entries.add(message(record, requests));
                    }
                }
                for (var record : read(consumer, topic.getKey() + ".dlt", null)) {
                    if (concerns(record, posId, bizId, orderId, purchaseKey)) {
                        entries.add(deadLetter(record));
                    }
                }
            }
        }
    }

    /** The records of a topic (of its key's partition when the key is known), from the first to the last. */
    private static List<ConsumerRecord<String, byte[]>> read(KafkaConsumer<String, byte[]> consumer, String topic,
            String key) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            return List.of(); // a namespace without this topic (nothing was ever written to it)
        }
        List<TopicPartition> partitions = key == null || infos.size() == 1
                ? infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList()
                : List.of(new TopicPartition(topic, Utils.toPositive(
                        Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % infos.size()));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + READ_LIMIT);
            }
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    read.add(record);
                }
            }
        }
        return read;
    }

    /** Its message names the order or the purchase, or (when it is no readable message) its key is the purchase's. */
    private boolean concerns(ConsumerRecord<String, byte[]> record, String posId, String bizId, UUID orderId,
            String purchaseKey) {
        JsonNode payload = payload(record);
        if (payload != null && payload.isObject()) {
            String correlation = payload.path("correlationId").asString(null);
            if (orderId.toString().equals(correlation)) {
                return true;
            }
            if (posId.equals(payload.path("posId").asString(null))
                    && bizId.equals(payload.path("bizId").asString(null))) {
                return true;
            }
            if (payload.has("posId") && payload.has("bizId")) {
                return false;
            }
        }
        return purchaseKey.equals(record.key()) || orderId.toString().equals(record.key());
    }

    private JsonNode payload(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return json.readTree(record.value());
        } catch (JacksonException e) {
            return null;
        }
    }

    private TimelineEntry message(ConsumerRecord<String, byte[]> record, boolean request) {
        JsonNode payload = payload(record);
        String type = header(record, TYPE_HEADER);
        if (type == null && payload != null) {
            type = payload.path("type").asString("record");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("record", record.topic() + "-" + record.partition() + "@" + record.offset());
        if (request) {
            details.put("signed", header(record, SIGNATURE_HEADER) == null ? "no" : "yes");
            List<String> names = new ArrayList<>();
            record.headers().forEach(h -> names.add(h.key()));
            details.put("headers", names.isEmpty() ? "none" : String.join(",", names));
        }
        putTrace(details, header(record, TRACEPARENT_HEADER));
        return new TimelineEntry(Instant.ofEpochMilli(record.timestamp()), "kafka " + shortName(record.topic()),
                Objects.requireNonNullElse(type, "record"), summary(payload), details);
    }

    private TimelineEntry deadLetter(ConsumerRecord<String, byte[]> record) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("record", record.topic() + "-" + record.partition() + "@" + record.offset());
        String consumer = header(record, Topics.DEAD_LETTER_CONSUMER_HEADER);
        if (consumer != null) {
            details.put("refused by", consumer);
        }
        putTrace(details, header(record, TRACEPARENT_HEADER));
        String reason = header(record, Topics.DEAD_LETTER_REASON_HEADER);
        return new TimelineEntry(Instant.ofEpochMilli(record.timestamp()), "kafka " + shortName(record.topic()),
                "dead letter", "reason: " + (reason == null ? "(none given)" : reason), details);
    }

    /** The fields an operator reads first, as far as the payload has them. */
    private static String summary(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return "(not a JSON message)";
        }
        List<String> parts = new ArrayList<>();
        for (String field : List.of("userId", "roundId", "shares", "amount", "currency", "paymentMethod",
                "balanceAfter", "firstNumber", "lastNumber", "reason")) {
            JsonNode value = payload.get(field);
            if (value != null && !value.isNull()) {
                parts.add(field + "=" + value.asString());
            }
        }
        return String.join(" ", parts);
    }

    private static void putTrace(Map<String, String> details, String traceparent) {
        if (traceparent != null) {
            String[] parts = traceparent.split("-");
            details.put("trace", parts.length == 4 ? parts[1] : traceparent);
        }
    }

    private String shortName(String topic) {
        return topic.startsWith(namespace + ".") ? topic.substring(namespace.length() + 1) : topic;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

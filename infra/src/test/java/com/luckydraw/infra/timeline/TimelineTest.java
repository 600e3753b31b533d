package com.luckydraw.infra.timeline;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.OrderIds;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.testing.RealInfrastructure;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import com.luckydraw.infra.db.QuotedDdl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline of one purchase read back from what the services keep: three throwaway databases built from the
 * services' own migrations (as AuditTest does) holding one completed purchase's rows, and its records on the topics
 * of a namespace of this test alone, written at known times between the rows; plus a request refused at the door,
 * on the dead-letter topic with its reason.
 */
class TimelineTest {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String SUPERUSER = System.getenv().getOrDefault("PGSUPERUSER", "postgres");
    private static final String BOOTSTRAP = RealKafka.bootstrap();
    private static final String NAMESPACE = "timeline-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final List<String> TOPICS = List.of("purchase.requests", "wallet.commands", "wallet.events",
            "lottery.commands", "lottery.events", "order.events");
    private static final UUID ORDER = OrderIds.of("pos-1", "b-1");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** The purchase started an hour ago; each step at a known second after. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    private static String role;
    private static String password;

    @BeforeAll
    static void createWorld() throws Exception {
        RealInfrastructure.requireLocal(adminUrl(), BOOTSTRAP);
        var random = ThreadLocalRandom.current();
        role = "timeline_test_" + HexFormat.of().toHexDigits(random.nextInt());
        password = HexFormat.of().toHexDigits(random.nextLong());
        try (Connection c = DriverManager.getConnection(adminUrl(), SUPERUSER, System.getenv().getOrDefault("PGPASSWORD", ""))) {
            QuotedDdl.execute(c, "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB PASSWORD %L', ?, ?)", role, password);
            for (String service : List.of("wallet", "lottery", "orders")) {
                QuotedDdl.execute(c, "SELECT format('CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING %L', ?, ?, 'UTF8')",
                        role + "_" + service, role);
            }
        }
        migrate("wallet", "../wallet-service/src/main/resources/db/migration/wallet");
        migrate("lottery", "../lottery-service/src/main/resources/db/migration/lottery");
        migrate("orders", "../order-service/src/main/resources/db/migration/orders");
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : TOPICS) {
                topics.add(new NewTopic(NAMESPACE + "." + topic, 3, (short) 1));
                topics.add(new NewTopic(NAMESPACE + "." + topic + ".dlt", 1, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
        seedCompletedPurchase();
    }

    @AfterAll
    static void dropWorld() throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl(), SUPERUSER, System.getenv().getOrDefault("PGPASSWORD", ""))) {
            for (String service : List.of("wallet", "lottery", "orders")) {
                QuotedDdl.execute(c, "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', ?)", role + "_" + service);
            }
            QuotedDdl.execute(c, "SELECT format('DROP ROLE IF EXISTS %I', ?)", role);
        }
        try (Admin admin = admin()) {
            List<String> topics = new ArrayList<>();
            TOPICS.forEach(t -> topics.addAll(List.of(NAMESPACE + "." + t, NAMESPACE + "." + t + ".dlt")));
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCompletedPurchaseShowsRequestCommandsRepliesStateChangesLedgerAndAllocationInTimeOrder() {
        Result result = timeline("pos-1", "b-1");

        assertThat(result.code()).as(result.output()).isZero();
        List<String> expected = List.of(
                "PurchaseRequested", "created PENDING", "DebitWallet", "DEBIT 300 of ann, balance after 700",
                "WalletDebited", "PENDING -> PAID", "AllocateShares", "3 shares of round 1, numbers 10000001-10000003",
                "SharesAllocated", "PAID -> COMPLETED", "not sent yet, for " + NAMESPACE + ".order.events");
        assertThat(result.output()).containsSubsequence(expected);
        String output = result.output();
        String requestLines = output.substring(output.lastIndexOf('\n', output.indexOf("PurchaseRequested")) + 1,
                output.indexOf("created PENDING"));
        assertThat(requestLines).contains(T0.toString()).contains("signed=yes").contains("trace=" + TRACE)
                .contains("luckydraw-signature,traceparent");
        assertThat(result.output()).doesNotContain("b-2").doesNotContain("dead letter");
    }

    @Test
    void theJsonFormListsTheSameEntriesInTheSameOrder() throws Exception {
        Result result = timeline("pos-1", "b-1", "--json");

        var entries = JsonMapper.builder().build().readTree(result.output()).get("entries");
        assertThat(entries).hasSize(11);
        assertThat(entries.get(0).get("what").asString()).isEqualTo("PurchaseRequested");
        assertThat(entries.get(0).get("details").get("trace").asString()).isEqualTo(TRACE);
        assertThat(entries.get(10).get("source").asString()).isEqualTo("orders outbox");
    }

    @Test
    void aRequestRefusedAtTheDoorShowsItsDeadLetterAndItsReason() {
        Result result = timeline("pos-1", "b-bad");

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("dead letter")
                .contains("reason: PurchaseRequested: signature missing: no header luckydraw-signature")
                .contains("refused by=order-service").contains("purchase.requests.dlt-0@0")
                .doesNotContain("PENDING");
    }

    @Test
    void aPurchaseNobodySawExitsOneSayingSo() {
        Result result = timeline("pos-1", "b-never");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.output()).contains("nothing found");
    }


    /**
     * One purchase, pos-1/b-1 (ann, 3 shares of round 1 at 100), at T0 + n seconds: request 0, order created 1,
     * DebitWallet 2, debit 2.5, WalletDebited 3, PAID 4, AllocateShares 5, allocation 6, SharesAllocated 7,
     * COMPLETED 8, its OrderCompleted waiting in the outbox 8.5. Around it: another purchase of ann's (b-2) on the
     * same topics, and a request refused for its missing signature (b-bad) on the dead-letter topic.
     */
    private static void seedCompletedPurchase() throws Exception {
        var request = PurchaseRequested.of("b-1", "pos-1", "ann", 1, 3, 100, "CNY", PaymentMethod.MONEY);
        var other = PurchaseRequested.of("b-2", "pos-1", "ann", 1, 1, 100, "CNY", PaymentMethod.MONEY);
        var debit = new DebitWallet(UUID.randomUUID(), 1, "b-1", "pos-1", ORDER, T0, "ann", PaymentMethod.MONEY, 300,
                "CNY", 0);
        var otherDebit = new DebitWallet(UUID.randomUUID(), 1, "b-2", "pos-1", OrderIds.of("pos-1", "b-2"), T0, "ann",
                PaymentMethod.MONEY, 100, "CNY", 0);
        var debited = new WalletDebited(UUID.randomUUID(), 1, "b-1", "pos-1", ORDER, T0, "ann", PaymentMethod.MONEY,
                300, "CNY", 0, 700);
        var allocate = AllocateShares.of("b-1", "pos-1", ORDER, "ann", 1, 3, 100, "CNY");
        var allocated = new SharesAllocated(UUID.randomUUID(), 1, "b-1", "pos-1", ORDER, T0, "ann", 1, 3, 10000001,
                10000003);
        String trace = "00-" + TRACE + "-00f067aa0ba902b7-01";
        try (var producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, "purchase.requests", "pos-1:b-1", 0, request, trace, "v1:key-1:c2lnbmF0dXJl");
            send(producer, "purchase.requests", "pos-1:b-2", 0, other, null, null);
            send(producer, "wallet.commands", "ann", 2, debit, trace, null);
            send(producer, "wallet.commands", "ann", 2, otherDebit, null, null);
            send(producer, "wallet.events", ORDER.toString(), 3, debited, trace, null);
            send(producer, "lottery.commands", "1", 5, allocate, trace, null);
            send(producer, "lottery.events", ORDER.toString(), 7, allocated, trace, null);
            var refused = new ProducerRecord<>(NAMESPACE + ".purchase.requests.dlt", 0, T0.plusSeconds(1).toEpochMilli(),
                    "pos-1:b-bad", new MessageCodec().encode(PurchaseRequested.of("b-bad", "pos-1", "bob", 1, 1, 100,
                            "CNY", PaymentMethod.MONEY)));
            refused.headers().add(new RecordHeader(Topics.DEAD_LETTER_REASON_HEADER,
                    "PurchaseRequested: signature missing: no header luckydraw-signature".getBytes(StandardCharsets.UTF_8)));
            refused.headers().add(new RecordHeader(Topics.DEAD_LETTER_CONSUMER_HEADER,
                    "order-service".getBytes(StandardCharsets.UTF_8)));
            producer.send(refused).get(30, TimeUnit.SECONDS);
        }
        run("orders", "INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, price_per_share,"
                + " amount, currency, payment_method, status, first_number, last_number, step_attempts, created_at,"
                + " updated_at) VALUES (?, 'b-1', 'pos-1', 'ann', 1, 3, 100, 300, 'CNY', 'MONEY', 'COMPLETED',"
                + " 10000001, 10000003, 1, ?, ?)", ORDER, at(1), at(8));
        run("orders", "INSERT INTO order_status_change (order_id, from_status, to_status, reason, changed_at) VALUES"
                + " (?, NULL, 'PENDING', NULL, ?), (?, 'PENDING', 'PAID', NULL, ?), (?, 'PAID', 'COMPLETED', NULL, ?)",
                ORDER, at(1), ORDER, at(4), ORDER, at(8));
        run("orders", "WITH o AS (INSERT INTO outbox_message (message_id, topic, message_key, message_type, payload,"
                + " traceparent, created_at) VALUES (gen_random_uuid(), ?, ?, 'OrderCompleted', ?, ?, ?) RETURNING id)"
                + " INSERT INTO outbox_pending (id) SELECT id FROM o", NAMESPACE + ".order.events", ORDER.toString(),
                "{\"type\":\"OrderCompleted\",\"correlationId\":\"" + ORDER + "\"}", trace, at(8.5));
        run("wallet", "INSERT INTO wallet (user_id, currency, balance, version) VALUES ('ann', 'CNY', 700, 2)");
        run("wallet", "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id,"
                + " order_id, created_at) VALUES ('ann', 'CREDIT', 1000, 1000, 1, 'topup-1', 'admin', NULL, ?),"
                + " ('ann', 'DEBIT', 300, 700, 2, 'b-1', 'pos-1', ?, ?)", at(-60), ORDER, at(2.5));
        run("lottery", "INSERT INTO product (name, price_per_share, currency, shares_per_round) VALUES ('p', 100, 'CNY', 20)");
        run("lottery", "INSERT INTO round (product_id, price_per_share, currency, total_shares, sold_shares, seed,"
                + " seed_commitment) SELECT 1, 100, 'CNY', 20, 3, s, encode(sha256(s), 'hex')"
                + " FROM (SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) AS s) seed");
        run("lottery", "INSERT INTO allocation (round_id, user_id, biz_id, pos_id, order_id, shares, first_number,"
                + " last_number, request_hash, created_at) VALUES (1, 'ann', 'b-1', 'pos-1', ?, 3, 10000001, 10000003,"
                + " 'h', ?)", ORDER, at(6));
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, double second,
            Message message, String traceparent, String signature) throws Exception {
        var record = new ProducerRecord<>(NAMESPACE + "." + topic, null, T0.plusMillis((long) (second * 1000))
                .toEpochMilli(), key, new MessageCodec().encode(message));
        if (signature != null) {
            record.headers().add(new RecordHeader("luckydraw-signature", signature.getBytes(StandardCharsets.UTF_8)));
        }
        if (traceparent != null) {
            record.headers().add(new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.UTF_8)));
        }
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private static Timestamp at(double second) {
        return Timestamp.from(T0.plusMillis((long) (second * 1000)));
    }

    private record Result(int code, String output) {
    }

    private static Result timeline(String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(Map.of("AUDIT_WALLET_URL", url("wallet"), "AUDIT_LOTTERY_URL", url("lottery"),
                "AUDIT_ORDERS_URL", url("orders"), "AUDITOR_DB_USER", role, "AUDITOR_DB_PASSWORD", password,
                "KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP, "LUCKYDRAW_TOPICS_NAMESPACE", NAMESPACE));
        var out = new ByteArrayOutputStream();
        var print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = TimelineCommand.run(args, env, print, print);
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    private static void migrate(String service, String folder) {
        Flyway.configure().dataSource(url(service), role, password)
                .locations("filesystem:../common-messaging/src/main/resources/db/messaging", "filesystem:" + folder)
                .outOfOrder(true).load().migrate();
    }

    private static void run(String service, String sql, Object... parameters) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(service), role, password);
                var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.execute();
        }
    }

    private static Admin admin() {
        return RealKafka.admin(KafkaPrincipal.OPERATOR);
    }

    private static String url(String service) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + role + "_" + service;
    }

    private static String adminUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    }
}

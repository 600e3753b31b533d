package com.luckydraw.infra.audit;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.infra.deadletter.DeadLetter;
import com.luckydraw.testing.RealInfrastructure;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import com.luckydraw.infra.db.QuotedDdl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit shown its violations: three throwaway databases (wallet, lottery, orders) built from the services' own
 * migrations, a clean world in which the audit exits 0, and for every {@link AuditCheck} the same world with exactly
 * that violation planted, after which the audit names it and exits 1. Some violations cannot be written while the
 * schema's own guards stand (a negative balance, overlapping numbers): the throwaway schema drops those guards, as the
 * audit is there for the day they fail.
 */
class AuditTest {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String SUPERUSER = System.getenv().getOrDefault("PGSUPERUSER", "postgres");
    private static final String BOOTSTRAP = RealKafka.bootstrap();
    private static final List<String> TOPICS = new ArrayList<>();

    private static String role;
    private static String password;

    /** What each check is shown: SQL per database on top of the clean world, and the words the audit must say. */
    private record Plant(String wallet, String lottery, String orders, String named) {
    }

    private static final Map<AuditCheck, Plant> PLANTED = new EnumMap<>(Map.ofEntries(
            Map.entry(AuditCheck.PAYMENT_METHOD, new Plant(
                    "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id)"
                            + " VALUES ('ann', 'FREE_TRY_SPEND', 3, 700, 3, 'b-1', 'pos-1')",
                    null, null, "pos-1/b-1 (COMPLETED): paid with MONEY but charged the other way")),
            Map.entry(AuditCheck.COMPLETED_DEBITED_ONCE, new Plant(
                    "UPDATE ledger_entry SET amount = 200 WHERE kind = 'DEBIT';"
                            + " UPDATE ledger_entry SET amount = 900 WHERE kind = 'CREDIT'",
                    null, null, "DEBIT of 200 from ann does not match 300 from ann")),
            Map.entry(AuditCheck.COMPLETED_NOT_REFUNDED, new Plant(
                    "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id)"
                            + " VALUES ('ann', 'REFUND', 300, 1000, 3, 'b-1', 'pos-1');"
                            + " UPDATE wallet SET balance = 1000",
                    null, null, "completed but refunded 300")),
            Map.entry(AuditCheck.COMPLETED_ALLOCATED, new Plant(
                    null, "UPDATE allocation SET user_id = 'bob'", null, "does not match the order")),
            Map.entry(AuditCheck.CANCELLED_REFUNDED, new Plant(
                    "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id)"
                            + " VALUES ('ann', 'DEBIT', 200, 500, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = 500",
                    null, order("b-2", "CANCELLED", 2, null), "pos-1/b-2 (CANCELLED): 1 debit(s) but 0 refund(s)")),
            Map.entry(AuditCheck.CANCELLED_NOT_ALLOCATED, new Plant(
                    null, allocation("b-2", 10000004, 10000005) + "; UPDATE round SET sold_shares = 5",
                    order("b-2", "CANCELLED", 2, null), "pos-1/b-2 (CANCELLED): cancelled but holds 2 shares")),
            Map.entry(AuditCheck.LEDGER_HAS_ORDER, new Plant(
                    "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id)"
                            + " VALUES ('ann', 'DEBIT', 200, 500, 3, 'b-9', 'pos-1'); UPDATE wallet SET balance = 500",
                    null, null, "wallet pos-1/b-9: debit or refund without an order")),
            Map.entry(AuditCheck.ALLOCATION_HAS_ORDER, new Plant(
                    null, allocation("b-9", 10000004, 10000004) + "; UPDATE round SET sold_shares = 4", null,
                    "allocation pos-1/b-9: shares allocated without an order")),
            Map.entry(AuditCheck.ROUND_SOLD_MATCHES, new Plant(
                    null, "UPDATE round SET sold_shares = 4", null, "round 1: sold 4, allocated 3, total 20")),
            Map.entry(AuditCheck.LUCKY_NUMBERS_UNIQUE, new Plant(
                    "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id)"
                            + " VALUES ('ann', 'DEBIT', 200, 500, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = 500",
                    allocation("b-2", 10000003, 10000004) + "; UPDATE round SET sold_shares = 5",
                    order("b-2", "COMPLETED", 2, "10000003, 10000004"),
                    "round 1: lucky numbers overlap at 10000003")),
            Map.entry(AuditCheck.BALANCE_NOT_NEGATIVE, new Plant(
                    "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id)"
                            + " VALUES ('ann', 'DEBIT', 800, 0, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = -100",
                    allocation("b-2", 10000004, 10000011) + "; UPDATE round SET sold_shares = 11",
                    order("b-2", "COMPLETED", 8, "10000004, 10000011"), "wallet ann: negative balance -100")),
            Map.entry(AuditCheck.BALANCE_MATCHES_LEDGER, new Plant(
                    "UPDATE wallet SET balance = 650", null, null, "wallet ann: balance 650 but the ledger sums to 700")),
            Map.entry(AuditCheck.ORDER_NOT_OVERDUE, new Plant(
                    null, null, order("b-2", "PENDING", 2, null).replace("now()", "now() - interval '1 hour'"),
                    "order pos-1/b-2: still PENDING since")),
            Map.entry(AuditCheck.REQUEST_HAS_ORDER, new Plant(
                    null, null, null, "request pos-1/b-7: accepted on Kafka but no order exists"))));

    private static String order(String bizId, String status, int shares, String numbers) {
        boolean cancelled = status.equals("CANCELLED");
        boolean waiting = status.equals("PENDING");
        return "INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, price_per_share, amount,"
                + " currency, payment_method, status, cancel_reason, first_number, last_number, step_attempts,"
                + " step_deadline, created_at, updated_at) VALUES (gen_random_uuid(), '" + bizId + "', 'pos-1', 'ann',"
                + " 1, " + shares + ", 100, " + shares * 100 + ", 'CNY', 'MONEY', '" + status + "', "
                + (cancelled ? "'SOLD_OUT'" : "NULL") + ", " + (numbers == null ? "NULL, NULL" : numbers) + ", 1, "
                + (waiting ? "now() + interval '1 minute'" : "NULL") + ", now(), now())";
    }

    private static String allocation(String bizId, long first, long last) {
        return "INSERT INTO allocation (round_id, user_id, biz_id, pos_id, order_id, shares, first_number, last_number,"
                + " request_hash) VALUES (1, 'ann', '" + bizId + "', 'pos-1', gen_random_uuid(), " + (last - first + 1)
                + ", " + first + ", " + last + ", 'h')";
    }

    @BeforeAll
    static void createDatabasesAndTopic() throws Exception {
        RealInfrastructure.requireLocal(adminUrl(), BOOTSTRAP);
        var random = ThreadLocalRandom.current();
        role = "audit_test_" + HexFormat.of().toHexDigits(random.nextInt());
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
        // The guards that would refuse some plantings outright; the audit is the second line behind them.
        run("wallet", "ALTER TABLE wallet DROP CONSTRAINT wallet_balance_check");
        run("lottery", "ALTER TABLE allocation DROP CONSTRAINT allocation_numbers_chained");
    }

    @AfterAll
    static void dropDatabasesAndTopic() throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl(), SUPERUSER, System.getenv().getOrDefault("PGPASSWORD", ""))) {
            for (String service : List.of("wallet", "lottery", "orders")) {
                QuotedDdl.execute(c, "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', ?)", role + "_" + service);
            }
            QuotedDdl.execute(c, "SELECT format('DROP ROLE IF EXISTS %I', ?)", role);
        }
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            admin.deleteTopics(TOPICS).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The clean world: ann paid 300 for 3 shares of round 1 (numbers 10000001-10000003); her request is on Kafka. */
    @BeforeEach
    void cleanWorld() throws SQLException {
        run("wallet", "TRUNCATE ledger_entry, wallet RESTART IDENTITY CASCADE;"
                + " INSERT INTO wallet (user_id, currency, balance, version) VALUES ('ann', 'CNY', 700, 2);"
                + " INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version, biz_id, pos_id)"
                + " VALUES ('ann', 'CREDIT', 1000, 1000, 1, 'topup-1', 'admin'),"
                + "        ('ann', 'DEBIT', 300, 700, 2, 'b-1', 'pos-1')");
        run("lottery", "TRUNCATE draw, allocation, allocation_rejection, round, product RESTART IDENTITY CASCADE;"
                + " INSERT INTO product (name, price_per_share, currency, shares_per_round) VALUES ('p', 100, 'CNY', 20);"
                + " INSERT INTO round (product_id, price_per_share, currency, total_shares, sold_shares, seed,"
                + "                    seed_commitment)"
                + "   SELECT 1, 100, 'CNY', 20, 3, s, encode(sha256(s), 'hex')"
                + "     FROM (SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) AS s) seed;"
                + allocation("b-1", 10000001, 10000003));
        run("orders", "TRUNCATE purchase_order RESTART IDENTITY CASCADE;"
                + order("b-1", "COMPLETED", 3, "10000001, 10000003"));
    }

    @Test
    void aCleanWorldPassesWithExitZero() throws Exception {
        Result result = audit(requestsTopic("b-1"));

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("no violations").doesNotContain("VIOLATION");
    }

    @Test
    void aWellFormedRequestTheServiceDeadLetteredNeedsNoOrder() throws Exception {
        String topic = requestsTopic("b-1");
        RecordMetadata refused = sendRequest(topic, "b-7");
        deadLetter(topic, refused, "b-7", "signature missing: no header luckydraw-signature");

        Result result = audit(topic);

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("accepted purchase requests on " + topic + " have exactly one order +1\n");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AuditCheck.class)
    void eachPlantedViolationIsNamedAndExitsNonZero(AuditCheck check) throws Exception {
        Plant plant = PLANTED.get(check);
        assertThat(plant).as("a planted violation for " + check).isNotNull();
        run("wallet", plant.wallet());
        run("lottery", plant.lottery());
        run("orders", plant.orders());
        // Kafka is read for its own check only: the others need no broker.
        String topic = check == AuditCheck.REQUEST_HAS_ORDER ? requestsTopic("b-1", "b-7") : null;

        Result result = audit(topic);

        assertThat(result.code()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("VIOLATION").contains(plant.named());
        assertThat(result.report().violatedChecks()).as(result.output()).containsExactly(check);
    }

    @Test
    void everyCheckOfTheAuditHasAPlantedViolation() {
        assertThat(PLANTED.keySet()).containsExactlyInAnyOrder(AuditCheck.values());
    }

    private record Result(int code, String output, AuditReport report) {
    }

    private Result audit(String topic) {
        // The test JVM's environment underneath: the broker's logins are found through it (LUCKYDRAW_HOME...).
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(Map.of(
                "AUDIT_WALLET_URL", url("wallet"), "AUDIT_LOTTERY_URL", url("lottery"), "AUDIT_ORDERS_URL", url("orders"),
                "AUDITOR_DB_USER", role, "AUDITOR_DB_PASSWORD", password, "AUDIT_SAGA_TIMEOUT", "PT2M"));
        List<String> args = new ArrayList<>();
        if (topic != null) {
            args.addAll(List.of("--kafka", BOOTSTRAP, "--requests-topic", topic));
        }
        var out = new ByteArrayOutputStream();
        var print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Audit.run(args.toArray(String[]::new), env, print, print);
        AuditReport report = new Audit(AuditConfig.fromEnvironment("", env))
                .run(topic == null ? null : BOOTSTRAP, topic);
        return new Result(code, out.toString(StandardCharsets.UTF_8), report);
    }

    /** A requests topic of this test alone, holding one accepted purchase request per bizId. */
    private static String requestsTopic(String... bizIds) throws Exception {
        String topic = Topics.NAMESPACE + ".audit-test." + UUID.randomUUID();
        createTopic(topic, 2);
        for (String bizId : bizIds) {
            sendRequest(topic, bizId);
        }
        return topic;
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        TOPICS.add(topic);
    }

    private static RecordMetadata sendRequest(String topic, String bizId) throws Exception {
        var request = PurchaseRequested.of(bizId, "pos-1", "ann", 1, 3, 100, "CNY", PaymentMethod.MONEY);
        return send(new ProducerRecord<>(topic, "pos-1:" + bizId, new MessageCodec().encode(request)));
    }

    /** The request at {@code refused} on the dead-letter topic, with the headers a service's DeadLetters adds. */
    private static void deadLetter(String topic, RecordMetadata refused, String bizId, String reason) throws Exception {
        String deadLetters = Topics.deadLetterOf(topic);
        createTopic(deadLetters, 1);
        var request = PurchaseRequested.of(bizId, "pos-1", "ann", 1, 3, 100, "CNY", PaymentMethod.MONEY);
        var record = new ProducerRecord<>(deadLetters, "pos-1:" + bizId, new MessageCodec().encode(request));
        record.headers().add(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(Topics.DEAD_LETTER_CONSUMER_HEADER, "order-service".getBytes(StandardCharsets.UTF_8))
                .add(DeadLetter.ORIGINAL_TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8))
                .add(DeadLetter.ORIGINAL_PARTITION_HEADER, ByteBuffer.allocate(Integer.BYTES)
                        .putInt(refused.partition()).array())
                .add(DeadLetter.ORIGINAL_OFFSET_HEADER, ByteBuffer.allocate(Long.BYTES)
                        .putLong(refused.offset()).array());
        send(record);
    }

    private static RecordMetadata send(ProducerRecord<String, byte[]> record) throws Exception {
        try (var producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BOOTSTRAP)), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static void migrate(String service, String folder) {
        Flyway.configure().dataSource(url(service), role, password)
                .locations("filesystem:../common-messaging/src/main/resources/db/messaging", "filesystem:" + folder)
                .outOfOrder(true).load().migrate();
    }

    private static void run(String service, String sql) throws SQLException {
        if (sql == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url(service), role, password); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String url(String service) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + role + "_" + service;
    }

    private static String adminUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    }
}

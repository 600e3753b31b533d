package com.luckydraw.infra.audit;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.testing.RealInfrastructure;
import com.luckydraw.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import com.luckydraw.infra.db.QuotedDdl;
import com.luckydraw.infra.deadletter.DeadLetter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit shown its violations: three throwaway databases (wallet, lottery, orders) built from the services' own
 * migrations, a clean world in which the audit exits 0, and for every {@link AuditCheck} the same world with exactly
 * that violation planted (the headline ones in each of their forms), after which the audit names it and exits 1; and
 * look-alikes that are no violation (a request refused at the door, an old order within its own deadline). Some
 * violations cannot be written while the schema's own guards stand (a negative balance, a second debit, overlapping
 * numbers, an oversold round): the throwaway schema drops those guards, as the audit is there for the day they fail.
 */
class AuditTest {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String SUPERUSER = System.getenv().getOrDefault("PGSUPERUSER", "postgres");
    private static final String BOOTSTRAP = RealKafka.bootstrap();
    private static final List<String> TOPICS = new ArrayList<>();

    private static String role;
    private static String password;

    /**
     * One violation shown to a check: SQL per database on top of the clean world, and the words the audit must say.
     * {@code shows} names the case in the test report.
     */
    private record Plant(AuditCheck check, String shows, String wallet, String lottery, String orders, String named) {
        @Override
        public String toString() {
            return check + ": " + shows;
        }
    }

    private static final String LEDGER = "INSERT INTO ledger_entry (user_id, kind, amount, balance_after, wallet_version,"
            + " biz_id, pos_id) VALUES ";

    private static final List<Plant> PLANTED = List.of(
            new Plant(AuditCheck.PAYMENT_METHOD, "paid with money, charged free tries",
                    LEDGER + "('ann', 'FREE_TRY_SPEND', 3, 700, 3, 'b-1', 'pos-1')",
                    null, null, "pos-1/b-1 (COMPLETED): paid with MONEY but charged the other way"),
            new Plant(AuditCheck.COMPLETED_DEBITED_ONCE, "debited another amount",
                    "UPDATE ledger_entry SET amount = 200 WHERE kind = 'DEBIT';"
                            + " UPDATE ledger_entry SET amount = 900 WHERE kind = 'CREDIT'",
                    null, null, "DEBIT of 200 from ann does not match 300 from ann"),
            new Plant(AuditCheck.COMPLETED_DEBITED_ONCE, "debited twice",
                    LEDGER + "('ann', 'DEBIT', 300, 400, 3, 'b-1', 'pos-1'); UPDATE wallet SET balance = 400",
                    null, null, "pos-1/b-1 (COMPLETED): expected exactly one DEBIT, found 2"),
            new Plant(AuditCheck.COMPLETED_NOT_REFUNDED, "completed and refunded",
                    LEDGER + "('ann', 'REFUND', 300, 1000, 3, 'b-1', 'pos-1'); UPDATE wallet SET balance = 1000",
                    null, null, "completed but refunded 300"),
            new Plant(AuditCheck.COMPLETED_ALLOCATED, "allocated to another user",
                    null, "UPDATE allocation SET user_id = 'bob'", null, "does not match the order"),
            new Plant(AuditCheck.COMPLETED_ALLOCATED, "no allocation",
                    null, "DELETE FROM allocation; UPDATE round SET sold_shares = 0", null,
                    "pos-1/b-1 (COMPLETED): completed without an allocation"),
            new Plant(AuditCheck.CANCELLED_REFUNDED, "debit never refunded",
                    LEDGER + "('ann', 'DEBIT', 200, 500, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = 500",
                    null, order("b-2", "CANCELLED", 2, null), "pos-1/b-2 (CANCELLED): 1 debit(s) but 0 refund(s)"),
            new Plant(AuditCheck.CANCELLED_REFUNDED, "refunded in part",
                    LEDGER + "('ann', 'DEBIT', 200, 500, 3, 'b-2', 'pos-1'), ('ann', 'REFUND', 100, 600, 4, 'b-2', 'pos-1');"
                            + " UPDATE wallet SET balance = 600",
                    null, order("b-2", "CANCELLED", 2, null), "pos-1/b-2 (CANCELLED): refunded 100 of a debit of 200"),
            new Plant(AuditCheck.CANCELLED_NOT_ALLOCATED, "cancelled but holding shares",
                    null, allocation("b-2", 10000004, 10000005) + "; UPDATE round SET sold_shares = 5",
                    order("b-2", "CANCELLED", 2, null), "pos-1/b-2 (CANCELLED): cancelled but holds 2 shares"),
            new Plant(AuditCheck.LEDGER_HAS_ORDER, "a debit without an order",
                    LEDGER + "('ann', 'DEBIT', 200, 500, 3, 'b-9', 'pos-1'); UPDATE wallet SET balance = 500",
                    null, null, "wallet pos-1/b-9: debit or refund without an order"),
            new Plant(AuditCheck.ALLOCATION_HAS_ORDER, "shares without an order",
                    null, allocation("b-9", 10000004, 10000004) + "; UPDATE round SET sold_shares = 4", null,
                    "allocation pos-1/b-9: shares allocated without an order"),
            new Plant(AuditCheck.ROUND_SOLD_MATCHES, "sold count drifting from the allocations",
                    null, "UPDATE round SET sold_shares = 4", null, "round 1: sold 4, allocated 3, total 20"),
            new Plant(AuditCheck.ROUND_SOLD_MATCHES, "oversold: sold = allocated > total",
                    null, "UPDATE round SET total_shares = 2, status = 'SOLD_OUT', sold_out_at = now()", null,
                    "round 1: sold 3, allocated 3, total 2"),
            new Plant(AuditCheck.LUCKY_NUMBERS_UNIQUE, "a number given twice",
                    LEDGER + "('ann', 'DEBIT', 200, 500, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = 500",
                    allocation("b-2", 10000003, 10000004) + "; UPDATE round SET sold_shares = 5",
                    order("b-2", "COMPLETED", 2, "10000003, 10000004"),
                    "round 1: lucky numbers overlap at 10000003"),
            new Plant(AuditCheck.BALANCE_NOT_NEGATIVE, "a negative balance",
                    LEDGER + "('ann', 'DEBIT', 800, 0, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = -100",
                    allocation("b-2", 10000004, 10000011) + "; UPDATE round SET sold_shares = 11",
                    order("b-2", "COMPLETED", 8, "10000004, 10000011"), "wallet ann: negative balance -100"),
            new Plant(AuditCheck.BALANCE_MATCHES_LEDGER, "a balance the ledger does not explain",
                    "UPDATE wallet SET balance = 650", null, null, "wallet ann: balance 650 but the ledger sums to 700"),
            new Plant(AuditCheck.ORDER_NOT_OVERDUE, "PENDING an hour after its debit was due",
                    null, null, inFlight("b-2", "PENDING", "now() - interval '1 hour' + interval '10 seconds'"),
                    "order pos-1/b-2: still PENDING"),
            new Plant(AuditCheck.ORDER_NOT_OVERDUE, "ESCALATED 10 minutes past its void deadline",
                    LEDGER + "('ann', 'DEBIT', 200, 500, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = 500",
                    null, inFlight("b-2", "ESCALATED", "now() - interval '10 minutes'"),
                    "order pos-1/b-2: still ESCALATED"),
            new Plant(AuditCheck.REQUEST_HAS_ORDER, "a request neither ordered nor dead-lettered",
                    null, null, null, "request pos-1/b-7: accepted on Kafka, not dead-lettered, but no order exists"));

    private static String order(String bizId, String status, int shares, String numbers) {
        return order(bizId, status, shares, numbers, "now()",
                status.equals("PENDING") ? "now() + interval '1 minute'" : "NULL");
    }

    /** A waiting order of 2 shares, created an hour ago, whose step is due at {@code deadline} (SQL). */
    private static String inFlight(String bizId, String status, String deadline) {
        return order(bizId, status, 2, null, "now() - interval '1 hour'", deadline);
    }

    private static String order(String bizId, String status, int shares, String numbers, String createdAt,
            String deadline) {
        boolean cancelled = status.equals("CANCELLED");
        return "INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, price_per_share, amount,"
                + " currency, payment_method, status, cancel_reason, first_number, last_number, step_attempts,"
                + " step_deadline, created_at, updated_at) VALUES (gen_random_uuid(), '" + bizId + "', 'pos-1', 'ann',"
                + " 1, " + shares + ", 100, " + shares * 100 + ", 'CNY', 'MONEY', '" + status + "', "
                + (cancelled ? "'SOLD_OUT'" : "NULL") + ", " + (numbers == null ? "NULL, NULL" : numbers) + ", 1, "
                + deadline + ", " + createdAt + ", now())";
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
        run("wallet", "ALTER TABLE wallet DROP CONSTRAINT wallet_balance_check;"
                + " ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_one_effect_per_key");
        run("lottery", "ALTER TABLE allocation DROP CONSTRAINT allocation_numbers_chained;"
                + " ALTER TABLE round DROP CONSTRAINT round_sold_within_total");
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("plants")
    void eachPlantedViolationIsNamedAndExitsNonZero(Plant plant) throws Exception {
        run("wallet", plant.wallet());
        run("lottery", plant.lottery());
        run("orders", plant.orders());
        // Kafka is read for its own check only: the others need no broker.
        String topic = plant.check() == AuditCheck.REQUEST_HAS_ORDER ? requestsTopic("b-1", "b-7") : null;

        Result result = audit(topic);

        assertThat(result.code()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("VIOLATION").contains(plant.named());
        assertThat(result.report().violatedChecks()).as(result.output()).containsExactly(plant.check());
    }

    static List<Plant> plants() {
        return PLANTED;
    }

    @Test
    void everyCheckOfTheAuditHasAPlantedViolation() {
        assertThat(PLANTED.stream().map(Plant::check).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(AuditCheck.values());
    }

    @Test
    void anEscalatedOrderWithinItsVoidDeadlineIsNotOverdueHoweverOld() throws Exception {
        // Escalated an hour after its creation would still be long past a fixed timeout from created_at.
        run("wallet", LEDGER + "('ann', 'DEBIT', 200, 500, 3, 'b-2', 'pos-1'); UPDATE wallet SET balance = 500");
        run("orders", inFlight("b-2", "ESCALATED", "now() + interval '4 minutes'"));

        Result result = audit(null);

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("no violations");
    }

    @Test
    void aRequestRefusedAtTheDoorNeedsNoOrder() throws Exception {
        Result result = audit(requestsTopic(List.of("b-1", "b-7"), Set.of("b-7")));

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("no violations");
    }

    @Test
    void aRequestNeitherOrderedNorRefusedIsNamedBesideARefusedOne() throws Exception {
        Result result = audit(requestsTopic(List.of("b-1", "b-7", "b-8"), Set.of("b-7")));

        assertThat(result.code()).as(result.output()).isEqualTo(1);
        assertThat(result.report().violations()).as(result.output())
                .containsExactly("request pos-1/b-8: accepted on Kafka, not dead-lettered, but no order exists");
    }

    private record Result(int code, String output, AuditReport report) {
    }

    private Result audit(String topic) {
        Map<String, String> env = Map.of(
                "AUDIT_WALLET_URL", url("wallet"), "AUDIT_LOTTERY_URL", url("lottery"), "AUDIT_ORDERS_URL", url("orders"),
                "AUDITOR_DB_USER", role, "AUDITOR_DB_PASSWORD", password, "AUDIT_OVERDUE_GRACE", "PT2M",
                // The command's own rule finds the broker's logins from this environment alone: the tests' broker's.
                "KAFKA_CREDENTIALS_DIR", KafkaLogin.credentialsDir().toString());
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

    /** A requests topic of this test alone, holding one purchase request per bizId, none refused. */
    private static String requestsTopic(String... bizIds) throws Exception {
        return requestsTopic(List.of(bizIds), Set.of());
    }

    /**
     * A requests topic of this test alone and its dead-letter topic, as the services create them, holding one purchase
     * request per bizId; those of {@code refused} were refused at the door by order-service: dead-lettered with the
     * headers its DeadLetters writes (the original record's topic, partition and offset, the reason).
     */
    private static String requestsTopic(List<String> bizIds, Set<String> refused) throws Exception {
        String topic = Topics.NAMESPACE + ".audit-test." + UUID.randomUUID();
        String deadLetters = Topics.deadLetterOf(topic);
        try (Admin admin = RealKafka.admin(KafkaPrincipal.OPERATOR)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(deadLetters, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        TOPICS.add(topic);
        TOPICS.add(deadLetters);
        try (var producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BOOTSTRAP)), new StringSerializer(), new ByteArraySerializer())) {
            for (String bizId : bizIds) {
                var request = PurchaseRequested.of(bizId, "pos-1", "ann", 1, 3, 100, "CNY", PaymentMethod.MONEY);
                byte[] value = new MessageCodec().encode(request);
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic, "pos-1:" + bizId, value))
                        .get(30, TimeUnit.SECONDS);
                if (refused.contains(bizId)) {
                    List<Header> headers = List.of(
                            new RecordHeader(DeadLetter.ORIGINAL_TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader(DeadLetter.ORIGINAL_PARTITION_HEADER,
                                    ByteBuffer.allocate(Integer.BYTES).putInt(sent.partition()).array()),
                            new RecordHeader(DeadLetter.ORIGINAL_OFFSET_HEADER,
                                    ByteBuffer.allocate(Long.BYTES).putLong(sent.offset()).array()),
                            new RecordHeader(DeadLetter.REASON_HEADER,
                                    "signature missing".getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader(DeadLetter.CONSUMER_HEADER, "order-service".getBytes(StandardCharsets.UTF_8)));
                    producer.send(new ProducerRecord<>(deadLetters, null, "pos-1:" + bizId, value, headers))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
        return topic;
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

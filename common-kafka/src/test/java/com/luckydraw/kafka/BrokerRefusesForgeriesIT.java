package com.luckydraw.kafka;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebited;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker itself refuses what a principal may not do, with real clients against the real broker: an attacker
 * with a terminal's credentials cannot forge a saga reply or command nor read any topic, a service cannot write
 * another service's topics nor read its commands, the auditor writes nothing, nobody gets in without a login. Each
 * refused write leaves the topic unchanged, so no consumer ever sees it.
 */
class BrokerRefusesForgeriesIT {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private static final MessageCodec CODEC = new MessageCodec();

    /** The policy, written out here independently of KafkaAccess: what each service may write. */
    private static final Map<KafkaPrincipal, Set<String>> MAY_WRITE = Map.of(
            KafkaPrincipal.TERMINAL, Set.of(Topics.PURCHASE_REQUESTS.name()),
            KafkaPrincipal.ORDER_SERVICE, Set.of(Topics.PURCHASE_REQUESTS.name(), Topics.WALLET_COMMANDS.name(),
                    Topics.LOTTERY_COMMANDS.name(), Topics.ORDER_EVENTS.name(), Topics.TERMINAL_EVENTS.name(),
                    Topics.deadLetterOf(Topics.PURCHASE_REQUESTS.name()), Topics.deadLetterOf(Topics.WALLET_EVENTS.name()),
                    Topics.deadLetterOf(Topics.LOTTERY_EVENTS.name())),
            KafkaPrincipal.WALLET_SERVICE, Set.of(Topics.WALLET_EVENTS.name(),
                    Topics.deadLetterOf(Topics.WALLET_COMMANDS.name()), Topics.deadLetterOf(Topics.TERMINAL_EVENTS.name())),
            KafkaPrincipal.LOTTERY_SERVICE, Set.of(Topics.LOTTERY_EVENTS.name(),
                    Topics.deadLetterOf(Topics.LOTTERY_COMMANDS.name())),
            // Reads every topic, so that the audit sees everything; changes nothing.
            KafkaPrincipal.AUDITOR, Set.of());

    @BeforeAll
    static void namespaceIsPrepared() {
        GrantingKafkaAccess.grantOnce();
    }

    @Test
    void aTerminalCannotForgeAWalletDebitForAnOrderNobodyPaid() {
        var request = PurchaseRequested.of("forged-1", "T-ATTACK", "u-broke", 1, 1, 100, "CNY", PaymentMethod.MONEY);
        var debited = new WalletDebited(UUID.randomUUID(), WalletDebited.SCHEMA_VERSION, request.bizId(),
                request.posId(), request.orderId(), Instant.now(), request.userId(), PaymentMethod.MONEY, 100, "CNY",
                0, 0);
        assertRefusedAndTopicUnchanged(KafkaPrincipal.TERMINAL, Topics.WALLET_EVENTS.name(),
                request.orderId().toString(), CODEC.encode(debited));
    }

    @Test
    void aTerminalCannotForgeARefundOfACompletedPurchase() {
        var refund = RefundWallet.of("b-1", "T-ATTACK", UUID.randomUUID(), "u-1", "forged");
        assertRefusedAndTopicUnchanged(KafkaPrincipal.TERMINAL, Topics.WALLET_COMMANDS.name(), "u-1",
                CODEC.encode(refund));
    }

    @Test
    void aTerminalCannotAllocateSharesWithoutAnOrder() {
        var allocate = AllocateShares.of("b-1", "T-ATTACK", UUID.randomUUID(), "u-1", 1, 5, 100, "CNY");
        assertRefusedAndTopicUnchanged(KafkaPrincipal.TERMINAL, Topics.LOTTERY_COMMANDS.name(), "1",
                CODEC.encode(allocate));
    }

    @Test
    void aTerminalMayPublishAPurchaseRequest() throws Exception {
        var request = PurchaseRequested.of("ok-" + UUID.randomUUID(), "T-OK", "u-1", 1, 1, 100, "CNY",
                PaymentMethod.MONEY);
        long before = endOffsets(Topics.PURCHASE_REQUESTS.name());
        try (var producer = producer(KafkaPrincipal.TERMINAL)) {
            producer.send(new ProducerRecord<>(Topics.PURCHASE_REQUESTS.name(), "T-OK:" + request.bizId(),
                    CODEC.encode(request))).get(30, TimeUnit.SECONDS);
        }
        assertThat(endOffsets(Topics.PURCHASE_REQUESTS.name())).isEqualTo(before + 1);
    }

    static Stream<Arguments> everyServiceAndTopic() {
        return MAY_WRITE.keySet().stream().flatMap(principal -> Topics.all().stream()
                .map(topic -> Arguments.of(principal, topic.name(), MAY_WRITE.get(principal).contains(topic.name()))));
    }

    @ParameterizedTest(name = "{0} writes {1}: allowed = {2}")
    @MethodSource("everyServiceAndTopic")
    void eachPrincipalWritesOnlyItsOwnTopics(KafkaPrincipal principal, String topic, boolean allowed)
            throws Exception {
        byte[] value = "{\"probe\":true}".getBytes();
        if (allowed) {
            long before = endOffsets(topic);
            try (var producer = producer(principal)) {
                producer.send(new ProducerRecord<>(topic, "probe", value)).get(30, TimeUnit.SECONDS);
            }
            assertThat(endOffsets(topic)).isEqualTo(before + 1);
        } else {
            assertRefusedAndTopicUnchanged(principal, topic, "probe", value);
        }
    }

    @Test
    void aTerminalCannotReadAnyTopic() {
        for (Topics.TopicSpec topic : Topics.all()) {
            var partition = new TopicPartition(topic.name(), 0);
            try (var consumer = consumer(KafkaPrincipal.TERMINAL, null)) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                        .as("terminal reading %s", topic.name()).isInstanceOfSatisfying(TopicAuthorizationException.class,
                                refused -> assertThat(refused.unauthorizedTopics()).contains(topic.name()));
            }
        }
    }

    @Test
    void aServiceCannotReadAnotherServicesCommands() {
        try (var consumer = consumer(KafkaPrincipal.LOTTERY_SERVICE, null)) {
            var partition = new TopicPartition(Topics.WALLET_COMMANDS.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceCannotJoinAnotherServicesConsumerGroup() {
        // In a group of its own, wallet-service reads its commands...
        try (var consumer = consumer(KafkaPrincipal.WALLET_SERVICE, "wallet-probe-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.WALLET_COMMANDS.name()));
            consumer.poll(Duration.ofSeconds(3));
        }
        // ...in order-service's group, the same read is refused: it could steal that group's partitions.
        try (var consumer = consumer(KafkaPrincipal.WALLET_SERVICE, "order-purchase-requests")) {
            consumer.subscribe(List.of(Topics.WALLET_COMMANDS.name()));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void aClientWithoutALoginIsDisconnectedAtItsFirstRequest() {
        // A client that speaks no SASL is not told why: the broker answers the version probe that may precede a
        // handshake, then closes the connection at the first real request ("during SASL handshake" in its log). The
        // client sees only closed connections and times out; its own counters show that the broker was there.
        // A terminal's own client config with its login taken out (TLS, when the broker has it, kept).
        Map<String, Object> config = new HashMap<>(KafkaLogin.as(KafkaPrincipal.TERMINAL,
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000)));
        config.keySet().removeIf(key -> key.startsWith("sasl."));
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG,
                config.getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT").toString()
                        .replace("SASL_", ""));
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("a client without SASL on the SASL listener")
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
                    .hasMessageContaining("Timed out waiting for a node assignment");
            double connections = clientMetric(admin, "connection-creation-total");
            assertThat(connections).as("connections the broker accepted").isPositive();
            assertThat(clientMetric(admin, "response-total")).as("answers: at most the version probe of each")
                    .isPositive().isLessThanOrEqualTo(connections);
            assertThat(clientMetric(admin, "connection-close-total")).as("connections closed").isPositive();
        }
    }

    @Test
    void aClientWithoutAnAccountFailsAuthentication() {
        var noUser = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"\" password=\"\";";
        var unknownUser = "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"nobody-" + UUID.randomUUID() + "\" password=\"guessed\";";
        assertThatThrownBy(() -> listTopicsWithLogin("PLAIN", noUser))
                .hasCauseInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("username not specified");
        assertThatThrownBy(() -> listTopicsWithLogin("SCRAM-SHA-512", unknownUser))
                .hasCauseInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid credentials");
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> listTopicsWithLogin("SCRAM-SHA-512",
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"order-service\" password=\"guessed\";"))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    /** Lists the topics as a SASL client with this mechanism and JAAS login instead of a principal's own. */
    private static void listTopicsWithLogin(String mechanism, String jaasConfig) throws Exception {
        Map<String, Object> config = new HashMap<>(KafkaLogin.as(KafkaPrincipal.TERMINAL,
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)));
        config.put("sasl.mechanism", mechanism);
        config.put("sasl.jaas.config", jaasConfig);
        try (Admin admin = Admin.create(config)) {
            admin.listTopics().names().get(15, TimeUnit.SECONDS);
        }
    }

    /** One of the client's own totals (over all the brokers it talked to). */
    private static double clientMetric(Admin admin, String name) {
        return admin.metrics().entrySet().stream()
                .filter(m -> m.getKey().group().equals("admin-client-metrics") && m.getKey().name().equals(name))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    private static void assertRefusedAndTopicUnchanged(KafkaPrincipal principal, String topic, String key,
            byte[] value) {
        long before = endOffsets(topic);
        // Without idempotence, as an attacker's tool would send it: the write itself reaches the topic's ACL. (An
        // idempotent producer of a principal that may write no topic at all, the auditor, is stopped even earlier,
        // when it asks for a producer id: ClusterAuthorizationException.)
        try (var producer = producer(principal, false)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS))
                    .as("%s writing %s", principal, topic)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(endOffsets(topic)).as("records on %s", topic).isEqualTo(before);
    }

    private static KafkaProducer<String, byte[]> producer(KafkaPrincipal principal) {
        return producer(principal, true);
    }

    private static KafkaProducer<String, byte[]> producer(KafkaPrincipal principal, boolean idempotent) {
        return new KafkaProducer<>(KafkaLogin.as(principal, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaPrincipal principal, String group) {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(KafkaLogin.as(principal, config), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Records on a topic (all partitions), read as the auditor. */
    private static long endOffsets(String topic) {
        try (Admin admin = Admin.create(KafkaLogin.as(KafkaPrincipal.AUDITOR,
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP)))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }
}

package com.luckydraw.order;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.terminal.IssuedCredentials;
import com.luckydraw.order.terminal.IssuingCredentials;
import com.luckydraw.order.terminal.PosId;
import com.luckydraw.testing.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * Every Spring test of the module extends this: one configuration, so one context (with a real HTTP port, real
 * PostgreSQL and Kafka) is started once and shared by all test classes. The stand-in wallet and lottery
 * ({@link TestParticipants}) answer the saga's commands.
 */
@IntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class OrderServiceTestBase {

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected Orders orders;

    @Autowired
    protected MeterRegistry meters;

    @LocalServerPort
    protected int port;

    protected TestParticipants participants;

    /** A master key of this run's own: nothing in the repository is a usable one. */
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(randomBytes(32));

    @DynamicPropertySource
    static void terminalsMasterKey(DynamicPropertyRegistry registry) {
        registry.add("luckydraw.terminals.master-key", () -> MASTER_KEY);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    protected IssuingCredentials issuing;

    /** The terminals registered in this run (the database is emptied once, when the shared context starts). */
    private static final Map<String, TestTerminal> TERMINALS = new ConcurrentHashMap<>();

    /** The registered terminal {@code posId}, registered now if it is not yet. */
    protected TestTerminal terminal(String posId) {
        return TERMINALS.computeIfAbsent(posId, id -> testTerminal(issuing.register(new PosId(id))));
    }

    protected static TestTerminal testTerminal(IssuedCredentials issued) {
        return new TestTerminal(issued.terminal().posId().value(), issued.apiSecret().value(), issued.signingKey(),
                issued.keyVersion());
    }

    /** A client of this service's HTTP API logged in as {@code terminal}; every answer handed back. */
    protected RestClient http(TestTerminal terminal) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(terminal.posId(), terminal.apiSecret()))
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    @BeforeEach
    void startParticipants() {
        TestKafka.publishAs(this::terminal);
        participants = TestParticipants.start();
        // Right after start-up the consumer groups are still joining: a reply published then would wait for the
        // assignment long enough for the saga to time out. Tests begin once every listener has its partitions.
        await().atMost(Duration.ofSeconds(60)).until(() -> listeners.getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && c.getAssignedPartitions().size()
                        == c.getContainerProperties().getTopics().length * Topics.PURCHASE_REQUESTS.partitions()));
    }

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** A client of this service's HTTP API that hands every answer back, errors included. */
    protected RestClient http() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth("test-admin", "test-password"))
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    protected static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    /** A bizId no other test (nor an earlier run) used. */
    protected static String uniqueBizId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    protected static PurchaseRequested request(String bizId, String userId, int shares, PaymentMethod method) {
        return PurchaseRequested.of(bizId, "pos-1", userId, 7, shares, 100, "CNY", method);
    }

    /** Waits until the order exists and is in {@code status}; returns it. */
    protected Order awaitStatus(UUID orderId, OrderStatus status, Duration atMost) {
        OrderId id = new OrderId(orderId);
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> orders.findById(id)
                .map(o -> o.status() == status).orElse(false));
        return orders.findById(id).orElseThrow();
    }

    protected Order awaitStatus(UUID orderId, OrderStatus status) {
        return awaitStatus(orderId, status, Duration.ofSeconds(30));
    }

    /** Sum of a counter over all its tags matching {@code tags} (key, value, ...). */
    protected double count(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}

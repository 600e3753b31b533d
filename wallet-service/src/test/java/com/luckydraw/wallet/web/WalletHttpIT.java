package com.luckydraw.wallet.web;

import com.luckydraw.events.Checks;
import com.luckydraw.events.OrderIds;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.messaging.WalletTopics;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API over a real server: admin opening and top-ups, public reads, and problem details for bad input. */
@WalletIntegrationTest
class WalletHttpIT {

    @LocalServerPort int port;
    @Autowired TestWallets wallets;

    private RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth("test-admin", "test-password"))
                .defaultStatusHandler(status -> true, (request, response) -> { }) // assert on every answer
                .build();
    }

    private ResponseEntity<JsonNode> post(String path, String json) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve()
                .toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String path, Object... variables) {
        return http.get().uri(path, variables).retrieve().toEntity(JsonNode.class);
    }

    private static void assertProblem(ResponseEntity<JsonNode> answer, int status, String kind, String detailPart) {
        assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isNotNull()
                .satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        assertThat(answer.getBody().get("type").asString()).isEqualTo("urn:luckydraw:problem:" + kind);
        assertThat(answer.getBody().get("status").asInt()).isEqualTo(status);
        assertThat(answer.getBody().get("detail").asString()).contains(detailPart);
    }

    @Test
    void openedWalletShowsItsBalanceFreeTriesAndLedger() {
        String user = TestWallets.unique("http");
        String body = """
                {"userId": "%s", "currency": "CNY", "initialCredit": {"amount": 5000, "bizId": "open-%s", "posId": "admin"}}
                """.formatted(user, user);

        ResponseEntity<JsonNode> opened = post("/admin/wallets", body);
        ResponseEntity<JsonNode> again = post("/admin/wallets", body);

        assertThat(opened.getStatusCode().value()).isEqualTo(201);
        assertThat(opened.getHeaders().getLocation()).hasToString("/wallets/" + user);
        assertThat(opened.getBody().get("initialCredit").get("status").asString()).isEqualTo("APPLIED");
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody().get("created").asBoolean()).isFalse();
        assertThat(again.getBody().get("initialCredit").get("status").asString()).isEqualTo("ALREADY_APPLIED");

        JsonNode wallet = get("/wallets/{id}", user).getBody();
        assertThat(wallet.get("balance").asLong()).isEqualTo(5000);
        assertThat(wallet.get("currency").asString()).isEqualTo("CNY");
        assertThat(wallet.get("freeTries").get("left").asInt()).isEqualTo(3);
        JsonNode ledger = get("/wallets/{id}/ledger?limit=10", user).getBody();
        assertThat(ledger.get("entries")).hasSize(1);
        assertThat(ledger.get("entries").get(0).get("kind").asString()).isEqualTo("CREDIT");
        assertThat(ledger.get("entries").get(0).get("balanceAfter").asLong()).isEqualTo(5000);
        assertThat(ledger.get("nextBefore").isNull()).isTrue();
    }

    @Test
    void batchTopUpAppliesTheGoodLinesAndReportsEachBadOne() {
        UserId a = wallets.open("batch-a", 0);
        UserId b = wallets.open("batch-b", 100);
        String k = TestWallets.unique("k");
        String body = """
                {"lines": [
                  {"userId": "%1$s", "amount": 1000, "currency": "CNY", "bizId": "%3$s-0", "posId": "admin"},
                  {"userId": "%1$s", "amount": -5, "currency": "CNY", "bizId": "%3$s-1", "posId": "admin"},
                  {"userId": "%2$s", "amount": 250, "currency": "CNY", "bizId": "%3$s-2", "posId": "admin"},
                  {"userId": "nobody-%3$s", "amount": 10, "currency": "CNY", "bizId": "%3$s-3", "posId": "admin"},
                  {"userId": "%1$s", "amount": 99999999999999999999, "currency": "CNY", "bizId": "%3$s-4", "posId": "admin"},
                  {"userId": "%1$s", "amount": 1.5, "currency": "CNY", "bizId": "%3$s-5", "posId": "admin"},
                  {"userId": "%1$s", "amount": 1000, "currency": "CNY", "bizId": "%3$s-0", "posId": "admin"},
                  {"userId": "%1$s", "amount": 7, "currency": "CNY", "bizId": "%3$s-0", "posId": "admin"},
                  {"userId": "%1$s", "amount": 10, "currency": "USD", "bizId": "%3$s-8", "posId": "admin"},
                  {"userId": "%1$s", "amount": 10, "currency": "CNY", "bizId": "bad id", "posId": "admin"}
                ]}
                """.formatted(a.value(), b.value(), k);

        ResponseEntity<JsonNode> answer = post("/admin/wallets/top-ups", body);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        JsonNode lines = answer.getBody().get("lines");
        assertThat(lines).hasSize(10);
        assertThat(statusAndReason(lines)).containsExactly(
                "APPLIED", "REJECTED INVALID_LINE", "APPLIED", "REJECTED UNKNOWN_WALLET", "REJECTED INVALID_LINE",
                "REJECTED INVALID_LINE", "ALREADY_APPLIED", "REJECTED IDEMPOTENCY_CONFLICT",
                "REJECTED CURRENCY_MISMATCH", "REJECTED INVALID_LINE");
        assertThat(lines.get(1).get("detail").asString()).contains("amount must be positive, was -5");
        assertThat(lines.get(4).get("detail").asString()).contains("out of range");
        assertThat(lines.get(5).get("detail").asString()).contains("whole minor units");
        assertThat(lines.get(9).get("detail").asString()).contains("bizId must be");
        assertThat(lines.get(6).get("balanceAfter").asLong()).isEqualTo(1000);
        assertThat(answer.getBody().get("summary").get("APPLIED").asInt()).isEqualTo(2);
        assertThat(answer.getBody().get("summary").get("REJECTED").asInt()).isEqualTo(7);
        assertThat(wallets.balance(a)).isEqualTo(1000).isEqualTo(wallets.ledgerSum(a));
        assertThat(wallets.balance(b)).isEqualTo(350).isEqualTo(wallets.ledgerSum(b));

        // The whole batch again: nothing twice.
        ResponseEntity<JsonNode> replay = post("/admin/wallets/top-ups", body);
        assertThat(statusAndReason(replay.getBody().get("lines"))).startsWith("ALREADY_APPLIED",
                "REJECTED INVALID_LINE", "ALREADY_APPLIED");
        assertThat(wallets.balance(a)).isEqualTo(1000);
        assertThat(wallets.balance(b)).isEqualTo(350);
    }

    private static List<String> statusAndReason(JsonNode lines) {
        return lines.valueStream().map(l -> l.get("status").asString()
                + (l.get("reason").isNull() ? "" : " " + l.get("reason").asString())).toList();
    }

    @Test
    void badAmountsAreProblemsThatSayWhatIsWrong() {
        String user = TestWallets.unique("bad");
        String open = """
                {"userId": "%s", "currency": "CNY", "initialCredit": {"amount": %s, "bizId": "b-%s", "posId": "admin"}}
                """;

        assertProblem(post("/admin/wallets", open.formatted(user, "0", user)), 400, "invalid-request",
                "amount must be positive, was 0");
        assertProblem(post("/admin/wallets", open.formatted(user, "-1", user)), 400, "invalid-request",
                "amount must be positive, was -1");
        assertProblem(post("/admin/wallets", open.formatted(user, Checks.MAX_AMOUNT + 1, user)), 400,
                "invalid-request", "must be at most " + Checks.MAX_AMOUNT);
        assertProblem(post("/admin/wallets", open.formatted(user, "9223372036854775808", user)), 400,
                "malformed-body", "field 'initialCredit.amount'");
        assertProblem(post("/admin/wallets", open.formatted(user, "12.5", user)), 400, "malformed-body",
                "field 'initialCredit.amount'");
        assertThat(get("/wallets/{id}", user).getStatusCode().value()).as("nothing opened").isEqualTo(404);
    }

    @Test
    void malformedBodiesAndBadIdsAreProblemsThatSayWhatIsWrong() {
        assertProblem(post("/admin/wallets", "{\"userId\": \"x\", \"currency\": "), 400, "malformed-body",
                "line 1");
        assertProblem(post("/admin/wallets", ""), 400, "malformed-body", "request body is required");
        assertProblem(post("/admin/wallets", "{\"currency\": \"CNY\"}"), 400, "invalid-request",
                "userId is required");
        assertProblem(post("/admin/wallets", "{\"userId\": \"x';drop\", \"currency\": \"CNY\"}"), 400,
                "invalid-request", "userId must be 1-64 characters");
        assertProblem(post("/admin/wallets", "{\"userId\": \"x\", \"currency\": \"yuan\"}"), 400, "invalid-request",
                "currency must be an ISO 4217 code");
        assertProblem(post("/admin/wallets/top-ups", "{\"lines\": []}"), 400, "invalid-request", "lines must hold");
        assertProblem(post("/admin/wallets/top-ups", "{\"lines\": 7}"), 400, "malformed-body", "field 'lines'");
        assertProblem(get("/wallets/{id}", "bad id!"), 400, "invalid-request", "userId must be");
    }

    @Test
    void unknownUsersAndBadPagesAreProblems() {
        UserId user = wallets.open("pages", 10);

        assertProblem(get("/wallets/{id}", "nobody-" + user.value()), 404, "unknown-wallet", "no wallet for user");
        assertProblem(get("/wallets/{id}/ledger", "nobody-" + user.value()), 404, "unknown-wallet", "nobody-");
        assertProblem(get("/wallets/{id}/ledger?limit=0", user.value()), 400, "invalid-request",
                "limit must be between 1 and 500");
        assertProblem(get("/wallets/{id}/ledger?limit=abc", user.value()), 400, "invalid-parameter",
                "parameter 'limit' must be a int, was 'abc'");
    }

    @Test
    void theLedgerPagesNewestFirst() {
        UserId user = wallets.open("paging", 100);
        post("/admin/wallets/top-ups", """
                {"lines": [{"userId": "%1$s", "amount": 1, "currency": "CNY", "bizId": "%1$s-1", "posId": "admin"},
                           {"userId": "%1$s", "amount": 2, "currency": "CNY", "bizId": "%1$s-2", "posId": "admin"}]}
                """.formatted(user.value()));

        JsonNode first = get("/wallets/{id}/ledger?limit=2", user.value()).getBody();
        JsonNode second = get("/wallets/{id}/ledger?limit=2&before={v}", user.value(),
                first.get("nextBefore").asLong()).getBody();

        assertThat(first.get("entries").valueStream().map(e -> e.get("balanceAfter").asLong()))
                .containsExactly(103L, 101L);
        assertThat(second.get("entries").valueStream().map(e -> e.get("balanceAfter").asLong()))
                .containsExactly(100L);
        assertThat(second.get("nextBefore").isNull()).isTrue();
    }

    @Test
    void openingAWalletInAnotherCurrencyIsAConflict() {
        UserId user = wallets.open("currency", 0);

        assertProblem(post("/admin/wallets", "{\"userId\": \"%s\", \"currency\": \"USD\"}".formatted(user.value())),
                409, "currency-conflict", "has a wallet in CNY");
    }

    @Test
    void healthShowsDatabaseRedisAndOutboxAndMetricsAreExposed() {
        ResponseEntity<JsonNode> health = get("/actuator/health");

        assertThat(health.getStatusCode().value()).as(String.valueOf(health.getBody())).isEqualTo(200);
        assertThat(health.getBody().get("components").propertyNames()).contains("db", "redis", "outbox");
        String prometheus = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(prometheus).contains("luckydraw_wallet_version_conflicts_total");
        // The series the alerting rules read (infra/prometheus/rules), as a real scrape names them.
        assertThat(prometheus).containsPattern("luckydraw_health_up\\{[^}]*component=\"kafka\"[^}]*} 1.0")
                .containsPattern("luckydraw_kafka_consumer_lag\\{[^}]*group=")
                .containsPattern("luckydraw_kafka_brokers(\\{[^}]*})? 1.0")
                .contains("luckydraw_outbox_oldest_unsent_age_seconds", "luckydraw_outbox_backlog",
                        "luckydraw_dead_letters_total{");
        assertThat(get("/actuator/metrics/{name}", "luckydraw.wallet.version.conflicts").getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void theKafkaClientsMetricsAreExposedForTheListenersAndTheRelaysProducer() {
        UserId user = wallets.open("client-metrics", 1_000);
        RequestKey key = TestWallets.key("client-metrics");
        DebitWallet debit = DebitWallet.money(key.bizId(), key.posId(), OrderIds.of(key.posId(), key.bizId()),
                user.value(), 100, "CNY");
        try (var topics = new WalletTopics()) {
            topics.send(user.value(), debit);
            // Answered through the outbox: the relay's producer exists from its first send on.
            assertThat(topics.repliesOf(debit.correlationId(), Duration.ofSeconds(30), replies -> !replies.isEmpty()))
                    .singleElement().isInstanceOf(WalletDebited.class);
        }

        String prometheus = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
        // Kafka's own client metrics, bound by Boot's factories (Micrometer's producer and consumer listeners).
        assertThat(prometheus).containsPattern("kafka_producer_record_send_total\\{[^}]*client_id=")
                .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*client_id=");
    }

    /** A client without the operators' login, or with a wrong one. */
    private RestClient anonymous(String password) {
        var builder = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { });
        if (password != null) {
            builder.defaultHeaders(headers -> headers.setBasicAuth("test-admin", password));
        }
        return builder.build();
    }

    @Test
    void adminEndpointsMetricsAndReadsNeedALoginWhileHealthStaysOpen() {
        String user = TestWallets.unique("login");
        String open = "{\"userId\": \"" + user + "\", \"currency\": \"CNY\"}";
        for (String password : new String[] {null, "wrong-password"}) {
            var refused = anonymous(password).post().uri("/admin/wallets").contentType(MediaType.APPLICATION_JSON)
                    .body(open).retrieve().toEntity(JsonNode.class);
            assertProblem(refused, 401, "unauthenticated", password == null ? "HTTP Basic" : "wrong");
            assertProblem(anonymous(password).get().uri("/actuator/prometheus").retrieve().toEntity(JsonNode.class),
                    401, "unauthenticated", "");
        }
        assertThat(post("/admin/wallets", open).getStatusCode().value()).isEqualTo(201);

        // A user's money is for registered terminals and the operators (TerminalWalletReadsIT), not for anybody.
        assertProblem(anonymous(null).get().uri("/wallets/{id}", user).retrieve().toEntity(JsonNode.class), 401,
                "unauthenticated", "");
        assertProblem(anonymous(null).get().uri("/wallets/{id}/ledger", user).retrieve().toEntity(JsonNode.class),
                401, "unauthenticated", "");
        assertThat(get("/wallets/" + user).getStatusCode().value()).isEqualTo(200);

        JsonNode health = anonymous(null).get().uri("/actuator/health").retrieve().body(JsonNode.class);
        assertThat(health.has("status")).isTrue();
        assertThat(health.has("components")).as("details only with the login").isFalse();
        assertThat(get("/actuator/health").getBody().path("components").has("db")).isTrue();
    }

    @Test
    void aBodyOfAMegabyteIsATooLargeProblem() {
        // Within the 2 MiB Tomcat drops after a refusal: a bigger body's connection is reset, maybe before the 413.
        String huge = "{\"userId\": \"" + "x".repeat(1_000_000) + "\", \"currency\": \"CNY\"}";

        assertProblem(post("/admin/wallets", huge), 413, "body-too-large", "larger than the limit of 65536 bytes");
        assertProblem(post("/admin/wallets/top-ups", huge), 413, "body-too-large", "65536");
    }
}

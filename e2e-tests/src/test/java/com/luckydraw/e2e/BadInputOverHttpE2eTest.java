package com.luckydraw.e2e;

import com.luckydraw.events.Topics;
import com.luckydraw.infra.process.Service;
import com.luckydraw.infra.process.ServiceAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same kinds of bad input, over HTTP, to each service's door: order-service's purchase intake, wallet-service's
 * admin wallets and top-ups, lottery-service's admin products and rounds. Each gets a 4xx RFC 9457 problem
 * ({@code application/problem+json}) that names what is wrong, and nothing reaches Kafka: the topic the service
 * would have written to holds no new record, and no wallet, product or order appears for it.
 */
@E2eTest
class BadInputOverHttpE2eTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static String purchase(String bizId, String posId, String extra) {
        return """
                {"bizId":"%s","posId":"%s","userId":"u-http-e2e","roundId":7,"shares":2,"pricePerShare":100,\
                "currency":"CNY","paymentMethod":"MONEY"%s}""".formatted(bizId, posId, extra);
    }

    static Stream<Arguments> badPurchases() {
        String biz = "BIZ";
        return Stream.of(
                Arguments.of("control character in bizId", purchase(biz + "\\u0007", "pos-http-e2e", ""), 400,
                        "bizId must be 1-64 characters"),
                Arguments.of("NUL in posId", purchase(biz, "pos\\u0000e2e", ""), 400, "posId must be 1-64 characters"),
                Arguments.of("escape sequence in posId", purchase(biz, "pos\\u001b[2J", ""), 400,
                        "posId must be 1-64 characters"),
                Arguments.of("SQL in posId", purchase(biz, "pos'); DELETE FROM purchase_order; --", ""), 400,
                        "posId must be 1-64 characters"),
                Arguments.of("long bizId", purchase(biz + "x".repeat(1_000), "pos-http-e2e", ""), 400,
                        "bizId must be 1-64 characters"),
                Arguments.of("oversize body", purchase(biz, "pos-http-e2e", ",\"note\":\"" + "x".repeat(100_000) + "\""),
                        413, "is larger than the limit of 65536 bytes"),
                Arguments.of("raw control character in the JSON", purchase(biz, "pos-http-e2e", "")
                        .replace("u-http-e2e", "u-http\u0001e2e"), 400, "malformed JSON"),
                Arguments.of("huge shares and amount", purchase(biz, "pos-http-e2e", "")
                        .replace("\"shares\":2", "\"shares\":2147483648")
                        .replace("\"pricePerShare\":100", "\"pricePerShare\":9223372036854775808"), 400,
                        "out of range"),
                Arguments.of("empty body", "", 400, "body"),
                Arguments.of("JSON null", "null", 400, "body"));
    }

    @ParameterizedTest(name = "POST /purchases: {0}")
    @MethodSource("badPurchases")
    void badPurchasesAreProblemsAndNothingIsPublished(String what, String bodyTemplate, int status, String detail,
            E2eSystem system) {
        String bizId = Purchases.id("http-bad");
        TopicMark requests = TopicMark.of(system, Topics.PURCHASE_REQUESTS.name());

        Answer answer = post(system, Service.ORDER, "/purchases", "application/json",
                bodyTemplate.replace("BIZ", bizId));

        answer.isProblem(status, detail);
        assertThat(requests.since()).as("published for bad input").isEmpty();
        assertThat(system.read.ordersWithPrefix(bizId)).isEmpty();
    }

    @Test
    void anOversizePurchaseSentInChunksIsRefusedOnceItPassesTheLimit(E2eSystem system) {
        String bizId = Purchases.id("http-bad");
        TopicMark requests = TopicMark.of(system, Topics.PURCHASE_REQUESTS.name());
        byte[] body = purchase(bizId, "pos-http-e2e", ",\"note\":\"" + "x".repeat(200_000) + "\"")
                .getBytes(StandardCharsets.UTF_8);

        // No length given: the client streams the body in chunks, and the service must count what it reads.
        Answer answer = send(HttpRequest.newBuilder(URI.create(system.url(Service.ORDER) + "/purchases"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));

        answer.isProblem(413, "is larger than the limit of 65536 bytes");
        assertThat(requests.since()).isEmpty();
        assertThat(system.read.ordersWithPrefix(bizId)).isEmpty();
    }

    @ParameterizedTest(name = "POST /purchases as {0} is refused")
    @MethodSource("otherMediaTypes")
    void aPurchaseThatIsNotJsonIsAProblem(String contentType, E2eSystem system) {
        String bizId = Purchases.id("http-bad");
        TopicMark requests = TopicMark.of(system, Topics.PURCHASE_REQUESTS.name());

        Answer answer = post(system, Service.ORDER, "/purchases", contentType, purchase(bizId, "pos-http-e2e", ""));

        answer.isProblem(415, "");
        assertThat(requests.since()).isEmpty();
    }

    static Stream<String> otherMediaTypes() {
        return Stream.of("text/plain", "application/x-www-form-urlencoded");
    }

    static Stream<Arguments> badWallets() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"userId\":\"USER\",\"currency\":", 400, "Unexpected end-of-input"),
                Arguments.of("missing currency", "{\"userId\":\"USER\"}", 400, "currency is required"),
                Arguments.of("SQL in userId", "{\"userId\":\"x'; DROP TABLE wallet; --\",\"currency\":\"CNY\"}", 400,
                        "userId"),
                Arguments.of("control character in userId", "{\"userId\":\"USER\\u0007\",\"currency\":\"CNY\"}", 400,
                        "userId"),
                Arguments.of("negative initial credit", "{\"userId\":\"USER\",\"currency\":\"CNY\",\"initialCredit\":"
                        + "{\"amount\":-5,\"bizId\":\"b-USER\",\"posId\":\"admin\"}}", 400, "amount"),
                Arguments.of("zero initial credit", "{\"userId\":\"USER\",\"currency\":\"CNY\",\"initialCredit\":"
                        + "{\"amount\":0,\"bizId\":\"b-USER\",\"posId\":\"admin\"}}", 400, "amount"),
                Arguments.of("huge initial credit", "{\"userId\":\"USER\",\"currency\":\"CNY\",\"initialCredit\":"
                        + "{\"amount\":1000000000001,\"bizId\":\"b-USER\",\"posId\":\"admin\"}}", 400, "amount"),
                Arguments.of("bad currency", "{\"userId\":\"USER\",\"currency\":\"yuan\"}", 400, "currency"));
    }

    @ParameterizedTest(name = "POST /admin/wallets: {0}")
    @MethodSource("badWallets")
    void badWalletsAreProblemsAndNoWalletOrEventAppears(String what, String bodyTemplate, int status, String detail,
            E2eSystem system) {
        String user = Purchases.id("http-bad-user");
        TopicMark events = TopicMark.of(system, Topics.WALLET_EVENTS.name());

        Answer answer = post(system, Service.WALLET, "/admin/wallets", "application/json",
                bodyTemplate.replace("USER", user));

        answer.isProblem(status, detail);
        assertThat(get(system, Service.WALLET, "/wallets/" + user).status).as("no wallet opened").isEqualTo(404);
        assertThat(events.since()).isEmpty();
    }

    @ParameterizedTest(name = "POST /admin/wallets/top-ups: {0}")
    @MethodSource("badTopUpBodies")
    void badTopUpBodiesAreProblems(String what, String body, E2eSystem system) {
        TopicMark events = TopicMark.of(system, Topics.WALLET_EVENTS.name());

        post(system, Service.WALLET, "/admin/wallets/top-ups", "application/json", body).isProblem(400, "");
        assertThat(events.since()).isEmpty();
    }

    @Test
    void aTopUpBatchRejectsItsBadLinesOneByOneAndAppliesOnlyTheGoodOne(E2eSystem system) {
        String user = new Operators(system).walletWith(10_00);
        TopicMark events = TopicMark.of(system, Topics.WALLET_EVENTS.name());
        String line = "{\"userId\":\"%s\",\"bizId\":\"%s\",\"posId\":\"e2e-admin\",\"amount\":%s,\"currency\":\"CNY\"}";
        String body = "{\"lines\":[" + String.join(",",
                line.formatted(user, Purchases.id("topup"), "500"),
                line.formatted(user, Purchases.id("topup"), "-500"),
                line.formatted(user, Purchases.id("topup"), "0"),
                line.formatted(user, Purchases.id("topup"), "1000000000001"),
                line.formatted(user, Purchases.id("topup"), "2.5"),
                line.formatted("x'; DROP TABLE wallet; --", Purchases.id("topup"), "500"),
                line.formatted(user, "b\\u0007" + Purchases.id("topup"), "500"),
                line.formatted(Purchases.id("nobody"), Purchases.id("topup"), "500"),
                "\"not a line\"") + "]}";

        Answer answer = post(system, Service.WALLET, "/admin/wallets/top-ups", "application/json", body);

        assertThat(answer.status).as(answer.body).isEqualTo(200);
        JsonNode lines = JSON.readTree(answer.body).path("lines");
        assertThat(lines.size()).isEqualTo(9);
        assertThat(lines.get(0).path("status").asString()).isEqualTo("APPLIED");
        for (int i = 1; i < 9; i++) {
            assertThat(lines.get(i).path("status").asString()).as(lines.get(i).toString()).isEqualTo("REJECTED");
            assertThat(lines.get(i).path("detail").asString()).as(lines.get(i).toString()).isNotBlank();
        }
        assertThat(lines.get(7).path("reason").asString()).as("a business rejection").isEqualTo("UNKNOWN_WALLET");
        assertThat(lines.get(1).path("reason").asString()).isEqualTo("INVALID_LINE");
        assertThat(lines.get(8).path("detail").asString()).contains("a line must be a JSON object");
        assertThat(system.read.balance(user)).isEqualTo(10_00 + 500);
        assertThat(events.since()).isEmpty();
    }

    static Stream<Arguments> badTopUpBodies() {
        return Stream.of(Arguments.of("malformed JSON", "{\"lines\":[{\"userId\":"),
                Arguments.of("no lines", "{\"lines\":[]}"),
                Arguments.of("not an object", "[1,2,3]"));
    }

    static Stream<Arguments> badProducts() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"name\":\"NAME\",", 400),
                Arguments.of("zero shares", product("NAME", 100, 0), 400),
                Arguments.of("negative shares", product("NAME", 100, -10), 400),
                Arguments.of("huge shares", product("NAME", 100, 90_000_000), 400),
                Arguments.of("zero price", product("NAME", 0, 10), 400),
                Arguments.of("negative price", product("NAME", -1, 10), 400),
                Arguments.of("huge price", product("NAME", 1_000_000_000_001L, 10), 400),
                Arguments.of("price beyond long", product("NAME", 100, 10)
                        .replace("\"pricePerShare\":100", "\"pricePerShare\":99999999999999999999"), 400),
                Arguments.of("missing currency", product("NAME", 100, 10).replace(",\"currency\":\"CNY\"", ""), 400),
                Arguments.of("oversize name", product("NAME" + "n".repeat(1_000), 100, 10), 400),
                // Past the body limit nothing parses it: refused as a whole, whatever its fields.
                Arguments.of("body over 64 KiB", product("NAME" + "n".repeat(100_000), 100, 10), 413));
    }

    private static String product(String name, long price, long shares) {
        return "{\"name\":\"" + name + "\",\"pricePerShare\":" + price + ",\"currency\":\"CNY\",\"sharesPerRound\":"
                + shares + "}";
    }

    @ParameterizedTest(name = "POST /admin/products: {0}")
    @MethodSource("badProducts")
    void badProductsAreProblemsAndNoRoundIsOpened(String what, String bodyTemplate, int status, E2eSystem system) {
        String name = Purchases.id("http-bad-product");
        TopicMark events = TopicMark.of(system, Topics.LOTTERY_EVENTS.name());

        Answer answer = post(system, Service.LOTTERY, "/admin/products", "application/json",
                bodyTemplate.replace("NAME", name));

        answer.isProblem(status, "");
        assertThat(events.since()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLotteryPaths")
    void badLotteryAdminRequestsAreProblems(String what, String method, String path, String body, int status,
            E2eSystem system) {
        Answer answer = method.equals("GET") ? get(system, Service.LOTTERY, path)
                : post(system, Service.LOTTERY, path, "application/json", body);

        answer.isProblem(status, "");
    }

    static Stream<Arguments> badLotteryPaths() {
        return Stream.of(
                Arguments.of("unknown round", "GET", "/admin/rounds/987654321987", null, 404),
                Arguments.of("round id not a number", "GET", "/admin/rounds/1%20OR%201=1", null, 400),
                Arguments.of("next round of an unknown product", "POST", "/admin/products/987654321987/rounds", "{}",
                        404),
                Arguments.of("next round with zero shares", "POST", "/admin/products/987654321987/rounds",
                        "{\"totalShares\":0}", 400));
    }

    record Answer(int status, String contentType, String body) {

        void isProblem(int expectedStatus, String detail) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(contentType).as(body).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.path("type").asString()).as("one scheme in every service")
                    .matches("urn:luckydraw:problem:[a-z]+(-[a-z]+)*");
            assertThat(problem.path("title").asString()).isNotBlank();
            assertThat(problem.path("detail").asString()).as(body).contains(detail);
        }
    }

    private static Answer post(E2eSystem system, Service service, String path, String contentType, String body) {
        return send(asOperator(system, path, HttpRequest.newBuilder(URI.create(system.url(service) + path))
                .header("Content-Type", contentType).header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
    }

    private static Answer get(E2eSystem system, Service service, String path) {
        return send(asOperator(system, path, HttpRequest.newBuilder(URI.create(system.url(service) + path))
                .header("Accept", "application/json, application/problem+json").GET()));
    }

    /**
     * The operators' login on an admin, actuator or wallet path, as an operator's tool sends it; terminal
     * pos-http-e2e's on /purchases; none on public paths.
     */
    private static HttpRequest.Builder asOperator(E2eSystem system, String path, HttpRequest.Builder request) {
        if (path.startsWith("/purchases")) {
            var terminal = system.terminals.of("pos-http-e2e");
            return request.header("Authorization", new ServiceAdmin(terminal.posId(), terminal.apiSecret())
                    .authorization());
        }
        return path.startsWith("/admin/") || path.startsWith("/actuator/") || path.startsWith("/wallets/")
                ? request.header("Authorization", system.services.serviceAdmin().authorization())
                : request;
    }

    @Test
    void theAdminApisAndMetricsNeedTheOperatorsLoginWhileHealthStaysOpen(E2eSystem system) {
        for (Service service : Service.values()) {
            Answer metrics = send(HttpRequest.newBuilder(URI.create(system.url(service) + "/actuator/prometheus"))
                    .GET());
            metrics.isProblem(401, "HTTP Basic");
            Answer wrong = send(HttpRequest.newBuilder(URI.create(system.url(service) + "/actuator/prometheus"))
                    .header("Authorization", new ServiceAdmin(system.services.serviceAdmin().user(), "guess")
                            .authorization()).GET());
            wrong.isProblem(401, "wrong");
            Answer scraped = send(asOperator(system, "/actuator/prometheus",
                    HttpRequest.newBuilder(URI.create(system.url(service) + "/actuator/prometheus")).GET()));
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("luckydraw_");

            Answer health = send(HttpRequest.newBuilder(URI.create(system.url(service) + "/actuator/health")).GET());
            assertThat(health.status()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).has("components")).as("details only with the login").isFalse();
            assertThat(JSON.readTree(get(system, service, "/actuator/health").body()).path("components").has("db"))
                    .isTrue();
        }
        Answer open = send(HttpRequest.newBuilder(URI.create(system.url(Service.WALLET) + "/admin/wallets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"nobody\",\"currency\":\"CNY\"}")));
        open.isProblem(401, "HTTP Basic");
        Answer retry = send(HttpRequest.newBuilder(URI.create(system.url(Service.ORDER) + "/admin/orders/"
                + java.util.UUID.randomUUID() + "/retry")).POST(HttpRequest.BodyPublishers.noBody()));
        retry.isProblem(401, "HTTP Basic");
    }

    @Test
    void aBodyOverTheLimitToAnAdminApiIsRefused(E2eSystem system) {
        // A megabyte, within what Tomcat reads and drops after refusing: a bigger body is cut off with a reset that
        // may beat the 413 to the client (ServiceWebIT shows a client that asks first is refused before sending).
        String name = "x".repeat(1_000_000);

        post(system, Service.WALLET, "/admin/wallets", "application/json",
                "{\"userId\":\"" + name + "\",\"currency\":\"CNY\"}")
                .isProblem(413, "is larger than the limit of 65536 bytes");
        post(system, Service.LOTTERY, "/admin/products", "application/json", "{\"name\":\"" + name
                + "\",\"pricePerShare\":100,\"currency\":\"CNY\",\"sharesPerRound\":10}")
                .isProblem(413, "is larger than the limit of 65536 bytes");
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

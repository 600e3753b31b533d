package com.luckydraw.lottery.web;

import com.luckydraw.lottery.LotteryIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over a real server: products, rounds, and problem details for every kind of bad input. */
@LotteryIntegrationTest
class AdminHttpIT {

    @LocalServerPort int port;

    private RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth("test-admin", "test-password"))
                .defaultStatusHandler(status -> true, (request, response) -> { }) // assert on every answer
                .build();
    }

    private ResponseEntity<JsonNode> post(String path, String json) {
        var request = http.post().uri(path);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        return request.retrieve().toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String path, Object... variables) {
        return http.get().uri(path, variables).retrieve().toEntity(JsonNode.class);
    }

    private static void assertProblem(ResponseEntity<JsonNode> answer, int status, String... detailParts) {
        assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isNotNull()
                .satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        assertThat(answer.getBody().get("status").asInt()).isEqualTo(status);
        assertThat(answer.getBody().get("type").asString()).startsWith("urn:luckydraw:problem:");
        assertThat(answer.getBody().get("title").asString()).isNotBlank();
        assertThat(answer.getBody().get("detail").asString()).as(answer.getBody().toString()).contains(detailParts);
    }

    private static String product(String name, String price, String shares) {
        return """
                {"name": "%s", "pricePerShare": %s, "currency": "CNY", "sharesPerRound": %s}
                """.formatted(name, price, shares);
    }

    private JsonNode launch(int shares) {
        ResponseEntity<JsonNode> created = post("/admin/products", product("phone " + UUID.randomUUID(), "500",
                Integer.toString(shares)));
        assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
        return created.getBody();
    }

    @Test
    void productIsCreatedWithItsFirstRoundAndFurtherRoundsCanBeOpened() {
        JsonNode launched = launch(50);
        long productId = launched.get("product").get("id").asLong();
        long firstRound = launched.get("round").get("id").asLong();

        ResponseEntity<JsonNode> second = post("/admin/products/" + productId + "/rounds", "{\"totalShares\": 7}");
        ResponseEntity<JsonNode> third = post("/admin/products/" + productId + "/rounds", null);

        assertThat(launched.get("product").get("pricePerShare").asLong()).isEqualTo(500);
        assertThat(launched.get("round").get("totalShares").asInt()).isEqualTo(50);
        assertThat(launched.get("round").get("soldShares").asInt()).isZero();
        assertThat(launched.get("round").get("status").asString()).isEqualTo("OPEN");
        assertThat(second.getStatusCode().value()).isEqualTo(201);
        assertThat(second.getHeaders().getLocation()).hasToString("/admin/rounds/" + second.getBody().get("id"));
        assertThat(second.getBody().get("totalShares").asInt()).isEqualTo(7);
        assertThat(third.getBody().get("totalShares").asInt()).isEqualTo(50);
        assertThat(get("/admin/products/{id}", productId).getBody().get("sharesPerRound").asInt()).isEqualTo(50);
        JsonNode listed = get("/admin/rounds?status=OPEN&limit=1000").getBody();
        assertThat(listed.valueStream().map(r -> r.get("id").asLong()))
                .contains(firstRound, second.getBody().get("id").asLong(), third.getBody().get("id").asLong());
        assertThat(listed.valueStream().map(r -> r.get("status").asString())).containsOnly("OPEN");
        JsonNode publicView = get("/rounds/{id}", firstRound).getBody();
        assertThat(publicView.get("soldShares").asInt()).isZero();
        assertThat(publicView.get("totalShares").asInt()).isEqualTo(50);
        assertThat(publicView.has("fencingToken")).isFalse();
        assertThat(get("/admin/rounds/{id}/allocations", firstRound).getBody()).isEmpty();
    }

    @ParameterizedTest(name = "price {0}, shares {1}")
    @CsvSource(delimiter = '|', value = {
            "0                 | 10        | pricePerShare",
            "-5                | 10        | pricePerShare",
            "1000000000001     | 10        | pricePerShare",
            "99999999999999999999999 | 10 | pricePerShare",
            "12.5              | 10        | pricePerShare",
            "100               | 0         | sharesPerRound",
            "100               | -1        | sharesPerRound",
            "100               | 90000000  | sharesPerRound",
            "100               | 3000000000 | sharesPerRound",
            "\"abc\"           | 10        | pricePerShare",
            "null              | 10        | pricePerShare"})
    void badPriceOrTotalIsAProblemNamingTheField(String price, String shares, String field) {
        ResponseEntity<JsonNode> answer = post("/admin/products", product("bad " + UUID.randomUUID(), price, shares));

        assertProblem(answer, 400, field);
    }

    @Test
    void badProductFieldsAreEachNamed() {
        ResponseEntity<JsonNode> answer = post("/admin/products",
                "{\"name\": \" \", \"pricePerShare\": 100, \"currency\": \"cny\", \"sharesPerRound\": 10}");

        assertProblem(answer, 400, "name", "currency");
        assertThat(answer.getBody().get("errors")).hasSize(2);
    }

    @Test
    void aProductNameWithControlCharactersIsAProblem() {
        ResponseEntity<JsonNode> answer = post("/admin/products", product("bell\\u0007 " + UUID.randomUUID(), "100",
                "10"));

        assertProblem(answer, 400, "name", "control characters");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0          | totalShares",
            "-3         | totalShares",
            "90000000   | totalShares",
            "3000000000 | totalShares",
            "1.5        | totalShares"})
    void badTotalOfANewRoundIsAProblem(String total, String field) {
        long productId = launch(10).get("product").get("id").asLong();

        assertProblem(post("/admin/products/" + productId + "/rounds", "{\"totalShares\": " + total + "}"), 400,
                field);
    }

    @Test
    void malformedOrMissingBodiesAreProblems() {
        ResponseEntity<JsonNode> malformed = post("/admin/products", "{\"name\": \"x\", ");
        assertProblem(malformed, 400, "malformed JSON");
        assertThat(malformed.getBody().get("type").asString()).isEqualTo("urn:luckydraw:problem:malformed-body");
        assertProblem(post("/admin/products", null), 400, "request body is required");
        assertProblem(post("/admin/products", "[1, 2]"), 400, "the body must be a JSON object");
        assertProblem(post("/admin/products", "\"just a string\""), 400, "the body must be a JSON object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/admin/rounds/abc                     | 400 | parameter 'id' must be a long, was 'abc'",
            "/admin/rounds/0                       | 400 | round id must be positive",
            "/admin/rounds/-4                      | 400 | round id must be positive",
            "/admin/rounds/99999999999999999999999 | 400 | id",
            "/admin/rounds/abc/allocations         | 400 | id",
            "/admin/rounds/0/draw                  | 400 | round id must be positive",
            "/rounds/x                             | 400 | id",
            "/admin/products/abc                   | 400 | id",
            "/admin/products/0                     | 400 | product id must be positive",
            "/admin/rounds?status=NOPE             | 400 | parameter 'status' must be one of [OPEN, SOLD_OUT, DRAWN]",
            "/admin/rounds?limit=0                 | 400 | limit",
            "/admin/rounds?limit=5000              | 400 | limit",
            "/admin/rounds/999999999999            | 404 | round 999999999999 does not exist",
            "/admin/rounds/999999999999/allocations | 404 | round 999999999999 does not exist",
            "/admin/rounds/999999999999/draw       | 404 | round 999999999999 does not exist",
            "/rounds/999999999999                  | 404 | round 999999999999 does not exist",
            "/admin/products/999999999999          | 404 | product 999999999999 does not exist"})
    void badOrUnknownIdsAreProblems(String path, int status, String detail) {
        assertProblem(get(path), status, detail);
    }

    @Test
    void unknownProductGetsNoRoundAndAnUndrawnRoundHasNoDraw() {
        long round = launch(10).get("round").get("id").asLong();

        assertProblem(post("/admin/products/999999999999/rounds", "{\"totalShares\": 5}"), 404,
                "product 999999999999 does not exist");
        assertProblem(post("/admin/products/abc/rounds", "{\"totalShares\": 5}"), 400, "id");
        assertProblem(get("/admin/rounds/{id}/draw", round), 404, "round " + round + " has not been drawn");
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
    void adminEndpointsAndMetricsNeedTheOperatorsLoginWhileRoundsAndHealthStayOpen() {
        long round = launch(5).get("round").get("id").asLong();
        for (String password : new String[] {null, "wrong-password"}) {
            var refused = anonymous(password).post().uri("/admin/products").contentType(MediaType.APPLICATION_JSON)
                    .body(product("refused", "500", "5")).retrieve().toEntity(JsonNode.class);
            String why = password == null ? "HTTP Basic" : "wrong";
            assertProblem(refused, 401, why);
            assertThat(refused.getBody().get("type").asString()).isEqualTo("urn:luckydraw:problem:unauthenticated");
            assertProblem(anonymous(password).get().uri("/admin/rounds/{id}", round).retrieve()
                    .toEntity(JsonNode.class), 401, why);
            assertProblem(anonymous(password).get().uri("/actuator/metrics").retrieve().toEntity(JsonNode.class),
                    401, why);
        }

        var publicRound = anonymous(null).get().uri("/rounds/{id}", round).retrieve().toEntity(JsonNode.class);
        assertThat(publicRound.getStatusCode().value()).isEqualTo(200);
        JsonNode health = anonymous(null).get().uri("/actuator/health").retrieve().body(JsonNode.class);
        assertThat(health.has("components")).as("details only with the login").isFalse();
        assertThat(get("/actuator/health").getBody().path("components").has("redis")).isTrue();
    }

    @Test
    void aBodyOfThreeMegabytesIsATooLargeProblem() {
        var answer = post("/admin/products", product("x".repeat(3_000_000), "500", "5"));

        assertProblem(answer, 413, "larger than the limit of 65536 bytes");
        assertThat(answer.getBody().get("type").asString()).isEqualTo("urn:luckydraw:problem:body-too-large");
    }
}

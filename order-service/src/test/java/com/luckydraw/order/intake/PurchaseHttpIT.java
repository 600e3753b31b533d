package com.luckydraw.order.intake;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.OrderStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Terminals over HTTP: a valid request from its own terminal is published and answered 202; bad input is a problem
 * and publishes nothing. Who may call is in {@link TerminalHttpAccessIT}.
 */
class PurchaseHttpIT extends OrderServiceTestBase {

    private static String body(String bizId, String extra) {
        return """
                {"bizId":"%s","posId":"pos-http","userId":"u-http","roundId":7,"shares":2,"pricePerShare":150,
                 "currency":"CNY","paymentMethod":"MONEY"%s}""".formatted(bizId, extra);
    }

    private ResponseEntity<String> post(String body) {
        return http(terminal("pos-http")).post().uri("/purchases").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    private static List<PurchaseRequested> requests(List<ConsumerRecord<String, byte[]>> records, String bizId) {
        return TestKafka.messages(records, PurchaseRequested.class).stream().filter(r -> r.bizId().equals(bizId))
                .toList();
    }

    @Test
    void validRequestIsPublishedAndAnswered202WithWhereToFollowIt() {
        String bizId = uniqueBizId("http");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        var answer = post(body(bizId, ""));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode accepted = json(answer.getBody());
        UUID orderId = UUID.fromString(accepted.path("orderId").asString());
        assertThat(accepted.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.path("posId").asString()).isEqualTo("pos-http");
        assertThat(accepted.path("bizId").asString()).isEqualTo(bizId);
        assertThat(accepted.path("statusUrl").asString()).isEqualTo("/purchases/pos-http/" + bizId);
        // Acknowledged before the answer: the record is on the topic already.
        var published = TestKafka.readSince(requests).stream()
                .filter(r -> ("pos-http:" + bizId).equals(r.key())).toList();
        assertThat(requests(published, bizId)).singleElement().satisfies(request -> {
            assertThat(request.orderId()).isEqualTo(orderId);
            assertThat(request.userId()).isEqualTo("u-http");
            assertThat(request.shares()).isEqualTo(2);
            assertThat(request.pricePerShare()).isEqualTo(150);
        });

        awaitStatus(orderId, OrderStatus.COMPLETED);
        var status = http().get().uri(accepted.path("statusUrl").asString()).retrieve().toEntity(String.class);
        assertThat(status.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode view = json(status.getBody());
        assertThat(view.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(view.path("amount").asLong()).isEqualTo(300);
        assertThat(view.path("lastNumber").asLong() - view.path("firstNumber").asLong() + 1).isEqualTo(2);
        assertThat(view.has("reason")).isFalse();
    }

    @Test
    void unknownPurchaseIsANotFoundProblem() {
        var answer = http().get().uri("/purchases/pos-http/{bizId}", uniqueBizId("never")).retrieve()
                .toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer.getBody()).path("type").asString()).isEqualTo("urn:luckydraw:problem:order-not-found");
    }

    @Test
    void cancelledPurchaseShowsItsReason() {
        String bizId = uniqueBizId("http-poor");
        participants.script(bizId).debit = com.luckydraw.order.TestParticipants.Answer.REJECT;
        var accepted = json(post(body(bizId, "")).getBody());

        awaitStatus(UUID.fromString(accepted.path("orderId").asString()), OrderStatus.CANCELLED);
        JsonNode view = json(http().get().uri(accepted.path("statusUrl").asString()).retrieve().body(String.class));
        assertThat(view.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(view.path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(view.has("firstNumber")).isFalse();
    }

    @Test
    void keyAlreadyUsedForAnotherPurchaseIsAConflictAndPublishesNothing() {
        String bizId = uniqueBizId("http-taken");
        var first = json(post(body(bizId, "")).getBody());
        awaitStatus(UUID.fromString(first.path("orderId").asString()), OrderStatus.COMPLETED);
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        var answer = post(body(bizId, "").replace("\"shares\":2", "\"shares\":9"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(answer.getBody()).path("detail").asString()).contains("shares 2 (accepted) vs 9 (now)");
        assertThat(requests(TestKafka.readSince(requests), bizId)).isEmpty();
    }

    @Test
    void aPurchaseWhoseKeyJoinsLikeAnothersIsAnsweredWithItsOwnOrder() {
        String terminal = uniqueBizId("T1");
        String suffix = uniqueBizId("");
        // posId "T:9" + bizId "5x" and posId "T" + bizId "9:5x" read alike once joined by ':'. A posId with ':' cannot
        // log in over HTTP Basic (RFC 7617: the user-id ends at the first colon), so that one buys on Kafka.
        var onKafka = PurchaseRequested.of("5" + suffix, terminal + ":9", "u-colon-1", 7, 2, 150, "CNY", PaymentMethod.MONEY);
        TestKafka.publishRequest(onKafka);
        await("the Kafka purchase's order").atMost(Duration.ofSeconds(60))
                .until(() -> orders.findById(new OrderId(onKafka.orderId())).map(o -> o.status().isTerminal()).orElse(false));
        assertThat(orders.findById(new OrderId(onKafka.orderId())).orElseThrow())
                .satisfies(o -> assertThat(o.status()).as(o.toString()).isEqualTo(OrderStatus.COMPLETED));

        var http = http(terminal(terminal));
        var overHttp = http.post().uri("/purchases").contentType(MediaType.APPLICATION_JSON)
                .body(body("9:5" + suffix, "").replace("pos-http", terminal).replace("\"shares\":2", "\"shares\":3"))
                .retrieve().toEntity(String.class);

        assertThat(overHttp.getStatusCode()).as(overHttp.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        UUID ownOrder = UUID.fromString(json(overHttp.getBody()).path("orderId").asString());
        assertThat(ownOrder).isNotEqualTo(onKafka.orderId());
        assertThat(awaitStatus(ownOrder, OrderStatus.COMPLETED).purchase().shares()).isEqualTo(3);
        var status = http.get().uri("/purchases/{posId}/{bizId}", terminal, "9:5" + suffix).retrieve()
                .toEntity(String.class);
        assertThat(json(status.getBody()).path("orderId").asString()).isEqualTo(ownOrder.toString());
    }

    @Test
    void twoRacingRequestsUnderOneKeyWithDifferentPurchasesAreOneAcceptedAndOneConflict() throws Exception {
        String bizId = uniqueBizId("http-race");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        for (String shares : List.of("2", "9")) {
            String body = body(bizId, "").replace("\"shares\":2", "\"shares\":" + shares);
            answers.add(threads.submit(() -> {
                gate.await();
                return post(body);
            }));
        }
        gate.countDown();
        List<HttpStatusCode> statuses = new ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get(30, TimeUnit.SECONDS).getStatusCode());
        }
        threads.shutdown();

        assertThat(statuses).containsExactlyInAnyOrder(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
        assertThat(requests(TestKafka.readSince(requests), bizId)).as("only the winner is published").hasSize(1);
        // The winner's resend is still accepted.
        int winner = statuses.get(0) == HttpStatus.ACCEPTED ? 2 : 9;
        assertThat(post(body(bizId, "").replace("\"shares\":2", "\"shares\":" + winner)).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("missing field", body("BIZ", "").replace("\"userId\":\"u-http\",", ""), "userId",
                        "userId is required"),
                Arguments.of("zero shares", body("BIZ", "").replace("\"shares\":2", "\"shares\":0"), "shares",
                        "shares must be positive"),
                Arguments.of("negative shares", body("BIZ", "").replace("\"shares\":2", "\"shares\":-3"), "shares",
                        "shares must be positive"),
                Arguments.of("too many shares", body("BIZ", "").replace("\"shares\":2", "\"shares\":10001"),
                        "shares", "shares must be at most 10000"),
                Arguments.of("shares beyond int", body("BIZ", "").replace("\"shares\":2", "\"shares\":99999999999"),
                        "shares", "out of range"),
                Arguments.of("fractional shares", body("BIZ", "").replace("\"shares\":2", "\"shares\":2.5"),
                        "shares", "shares"),
                Arguments.of("zero price", body("BIZ", "").replace("\"pricePerShare\":150", "\"pricePerShare\":0"),
                        "pricePerShare", "pricePerShare must be positive"),
                Arguments.of("negative price",
                        body("BIZ", "").replace("\"pricePerShare\":150", "\"pricePerShare\":-1"), "pricePerShare",
                        "pricePerShare must be positive"),
                Arguments.of("huge price",
                        body("BIZ", "").replace("\"pricePerShare\":150", "\"pricePerShare\":1000000000001"),
                        "pricePerShare", "must be at most"),
                Arguments.of("price times shares too big",
                        body("BIZ", "").replace("\"pricePerShare\":150", "\"pricePerShare\":900000000000"),
                        "pricePerShare", "price of the purchase"),
                Arguments.of("bad bizId", body("BIZ", "").replace("\"bizId\":\"BIZ\"", "\"bizId\":\"x'; drop--\""),
                        "bizId", "bizId must be 1-64 characters"),
                Arguments.of("bad posId", body("BIZ", "").replace("pos-http", "pos http"), "posId",
                        "posId must be 1-64 characters"),
                Arguments.of("zero round", body("BIZ", "").replace("\"roundId\":7", "\"roundId\":0"), "roundId",
                        "roundId must be positive"),
                Arguments.of("bad currency", body("BIZ", "").replace("CNY", "yuan"), "currency",
                        "currency must be an ISO 4217 code"),
                Arguments.of("unknown payment method", body("BIZ", "").replace("\"MONEY\"", "\"CREDIT\""),
                        "paymentMethod", "paymentMethod must be one of MONEY, FREE_TRIES"),
                Arguments.of("malformed JSON", body("BIZ", "").replace("\"shares\":2,", "\"shares\":2,,"), null,
                        "malformed JSON"),
                Arguments.of("not an object", "[1,2]", null, "the body must be a JSON object"),
                Arguments.of("control character in posId", body("BIZ", "").replace("pos-http", "pos\\u0007http"),
                        "posId", "posId must be 1-64 characters"),
                Arguments.of("NUL in userId", body("BIZ", "").replace("u-http", "u\\u0000http"), "userId",
                        "userId must be 1-64 characters"),
                Arguments.of("long userId", body("BIZ", "").replace("u-http", "u".repeat(1_000)), "userId",
                        "userId must be 1-64 characters"),
                Arguments.of("raw control character", body("BIZ", "").replace("u-http", "u\u0001http"), null,
                        "malformed JSON"),
                Arguments.of("field given twice", body("BIZ", ",\"shares\":3"), null,
                        "Duplicate Object property \"shares\""),
                Arguments.of("empty body", "", null, "the request body is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIsAProblemThatSaysWhatIsWrongAndPublishesNothing(String what, String bodyTemplate, String field,
            String message) {
        String bizId = uniqueBizId("bad");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        var answer = post(bodyTemplate.replace("\"BIZ\"", "\"" + bizId + "\""));

        assertThat(answer.getStatusCode()).as(what).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(answer.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("type").asString()).startsWith("urn:luckydraw:problem:");
        assertThat(problem.path("detail").asString()).contains(message);
        if (field != null) {
            assertThat(problem.path("errors").findValuesAsString("field")).contains(field);
        }
        assertThat(TestKafka.readSince(requests).stream().filter(r -> r.key() != null && r.key().contains(bizId)))
                .as("nothing published for bad input").isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaTypeProblemAndPublishesNothing() {
        String bizId = uniqueBizId("bad-type");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        var answer = http(terminal("pos-http")).post().uri("/purchases").contentType(MediaType.TEXT_PLAIN).body(body(bizId, ""))
                .retrieve().toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer.getBody()).path("status").asInt()).isEqualTo(415);
        assertThat(TestKafka.readSince(requests).stream().filter(r -> r.key() != null && r.key().contains(bizId)))
                .isEmpty();
    }

    @Test
    void aBodyLargerThanAnyMessageIsRefusedBeforeParsingAndPublishesNothing() {
        String bizId = uniqueBizId("too-big");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        var answer = post(body(bizId, ",\"note\":\"" + "x".repeat(70_000) + "\""));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(answer.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("type").asString()).isEqualTo("urn:luckydraw:problem:body-too-large");
        assertThat(problem.path("detail").asString()).contains("is larger than the limit of 65536 bytes");
        assertThat(TestKafka.readSince(requests).stream().filter(r -> r.key() != null && r.key().contains(bizId)))
                .isEmpty();
    }

    @Test
    void everyProblemOfARequestIsListed() {
        var answer = post("""
                {"bizId":"","posId":"pos-http","roundId":-1,"shares":0,"pricePerShare":150,"currency":"CNY"}""");

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(answer.getBody()).path("errors").findValuesAsString("field"))
                .containsExactly("bizId", "userId", "roundId", "shares", "paymentMethod");
    }

    @Test
    void badAdminParametersAreProblems() {
        var status = http().get().uri("/admin/orders?status=REQUESTED").retrieve().toEntity(String.class);
        assertThat(status.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(status.getBody()).path("detail").asString()).contains("status must be one of PENDING");

        var id = http().post().uri("/admin/orders/not-a-uuid/retry").retrieve().toEntity(String.class);
        assertThat(id.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        var unknown = http().post().uri("/admin/orders/{id}/retry", UUID.randomUUID()).retrieve()
                .toEntity(String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        var latest = http().get().uri("/admin/orders").retrieve().toEntity(String.class);
        assertThat(latest.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(latest.getBody()).isArray()).isTrue();
    }

    @Test
    void aTerminalsLoginOpensItsPurchasesButNeitherTheAdminApiNorMetrics() {
        RestClient terminal = http(terminal("pos-http"));
        RestClient anonymous = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
        String bizId = uniqueBizId("own-login");

        var accepted = post(body(bizId, ""));
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String statusUrl = json(accepted.getBody()).path("statusUrl").asString();
        // The order exists once the request is consumed; until then the read answers 404, never 401.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                terminal.get().uri(statusUrl).retrieve().toEntity(String.class).getStatusCode() == HttpStatus.OK);

        for (String path : List.of("/admin/orders", "/admin/orders/stuck", "/admin/terminals", "/actuator/prometheus")) {
            var refused = terminal.get().uri(path).retrieve().toEntity(String.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            var unauthenticated = anonymous.get().uri(path).retrieve().toEntity(String.class);
            assertThat(unauthenticated.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(json(unauthenticated.getBody()).path("type").asString())
                    .isEqualTo("urn:luckydraw:problem:unauthenticated");
        }
        var retry = terminal.post().uri("/admin/orders/{id}/retry", UUID.randomUUID()).retrieve()
                .toEntity(String.class);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http().get().uri("/actuator/prometheus").retrieve().toEntity(String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }
}

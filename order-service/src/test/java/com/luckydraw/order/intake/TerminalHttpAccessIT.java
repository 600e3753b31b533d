package com.luckydraw.order.intake;

import com.luckydraw.events.Topics;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.TestTerminal;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.RevokingTerminal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A terminal buys only as itself over HTTP: no login 401, another terminal's posId 403, its own 202. */
class TerminalHttpAccessIT extends OrderServiceTestBase {

    @Autowired
    RevokingTerminal revoking;

    private static String body(String posId, String bizId) {
        return """
                {"bizId":"%s","posId":"%s","userId":"u-access","roundId":7,"shares":1,"pricePerShare":100,
                 "currency":"CNY","paymentMethod":"MONEY"}""".formatted(bizId, posId);
    }

    private static ResponseEntity<String> post(RestClient client, String body) {
        return client.post().uri("/purchases").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    private RestClient anonymous() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
    }

    private void assertProblem(ResponseEntity<String> answer, HttpStatus status, String type) {
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer.getBody()).path("type").asString()).isEqualTo("urn:luckydraw:problem:" + type);
    }

    @Test
    void purchaseWithoutCredentialsIs401AndPublishesNothing() {
        String bizId = uniqueBizId("anon");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        var answer = post(anonymous(), body("pos-access-a", bizId));

        assertProblem(answer, HttpStatus.UNAUTHORIZED, "unauthenticated");
        assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(anonymous().get().uri("/purchases/pos-access-a/{bizId}", bizId).retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(TestKafka.readSince(requests).stream().filter(r -> r.key() != null && r.key().contains(bizId)))
                .isEmpty();
    }

    @Test
    void purchaseWithAWrongSecretIs401() {
        TestTerminal a = terminal("pos-access-a");
        var wrong = new TestTerminal(a.posId(), a.apiSecret() + "x", a.signingKey(), a.keyVersion());

        assertProblem(post(http(wrong), body(a.posId(), uniqueBizId("wrong"))), HttpStatus.UNAUTHORIZED,
                "unauthenticated");
    }

    @Test
    void purchaseForAnotherTerminalsPosIdIs403AndPublishesNothing() {
        TestTerminal a = terminal("pos-access-a");
        terminal("pos-access-b");
        String bizId = uniqueBizId("not-mine");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        var answer = post(http(a), body("pos-access-b", bizId));

        assertProblem(answer, HttpStatus.FORBIDDEN, "wrong-terminal");
        assertThat(json(answer.getBody()).path("detail").asString()).contains("pos-access-a", "pos-access-b");
        assertThat(TestKafka.readSince(requests).stream().filter(r -> r.key() != null && r.key().contains(bizId)))
                .isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM purchase_order WHERE biz_id = ?", Long.class, bizId))
                .isZero();
    }

    @Test
    void ownPurchaseIs202AndItsStatusIsReadableByItAndTheOperatorsButNotByAnotherTerminal() {
        TestTerminal a = terminal("pos-access-a");
        TestTerminal b = terminal("pos-access-b");
        String bizId = uniqueBizId("mine");

        var answer = post(http(a), body(a.posId(), bizId));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        UUID orderId = UUID.fromString(json(answer.getBody()).path("orderId").asString());
        awaitStatus(orderId, OrderStatus.COMPLETED);
        String statusUrl = "/purchases/" + a.posId() + "/" + bizId;
        assertThat(http(a).get().uri(statusUrl).retrieve().toEntity(String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http().get().uri(statusUrl).retrieve().toEntity(String.class).getStatusCode())
                .as("the operators").isEqualTo(HttpStatus.OK);
        assertProblem(http(b).get().uri(statusUrl).retrieve().toEntity(String.class), HttpStatus.FORBIDDEN,
                "wrong-terminal");
    }

    @Test
    void theOperatorsLoginRequestsNoPurchase() {
        String bizId = uniqueBizId("operator");

        assertProblem(post(http(), body("pos-access-a", bizId)), HttpStatus.FORBIDDEN, "wrong-terminal");
    }

    @Test
    void aRevokedTerminalNoLongerLogsIn() {
        var issued = issuing.register(new PosId(uniqueBizId("pos-gone")));
        TestTerminal gone = testTerminal(issued);
        assertThat(post(http(gone), body(gone.posId(), uniqueBizId("before"))).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        revoking.revoke(new PosId(gone.posId()));

        assertProblem(post(http(gone), body(gone.posId(), uniqueBizId("after"))), HttpStatus.UNAUTHORIZED,
                "unauthenticated");
    }
}

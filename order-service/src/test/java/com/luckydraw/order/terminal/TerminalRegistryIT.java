package com.luckydraw.order.terminal;

import com.luckydraw.events.Topics;
import com.luckydraw.events.terminal.TerminalEvent;
import com.luckydraw.events.terminal.TerminalRegistered;
import com.luckydraw.events.terminal.TerminalRevoked;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' registry of terminals: secrets shown once, never stored in clear, rotated and revoked for good. */
class TerminalRegistryIT extends OrderServiceTestBase {

    @Autowired
    Terminals terminals;

    @Autowired
    SigningKeyEncryption encryption;

    private ResponseEntity<String> register(String posId) {
        return http().post().uri("/admin/terminals").contentType(MediaType.APPLICATION_JSON)
                .body("{\"posId\":\"" + posId + "\"}").retrieve().toEntity(String.class);
    }

    private RestClient as(String posId, String secret) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBasicAuth(posId, secret))
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
    }

    private HttpStatus statusOfOwnPurchaseRead(String posId, String secret) {
        return HttpStatus.valueOf(as(posId, secret).get().uri("/purchases/{posId}/{bizId}", posId, "none").retrieve()
                .toEntity(String.class).getStatusCode().value());
    }

    @Test
    void registrationHandsOutTheSecretsOnceAndStoresNeitherInClear() {
        String posId = uniqueBizId("pos-reg");

        var answer = register(posId);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getHeaders().getCacheControl()).contains("no-store");
        JsonNode issued = json(answer.getBody());
        String secret = issued.path("apiSecret").asString();
        byte[] signingKey = Base64.getDecoder().decode(issued.path("signingKey").asString());
        assertThat(secret).hasSize(43);
        assertThat(signingKey).hasSize(32);
        assertThat(issued.path("keyVersion").asInt()).isEqualTo(1);
        assertThat(issued.path("status").asString()).isEqualTo("ACTIVE");

        Terminal stored = terminals.find(new PosId(posId)).orElseThrow();
        assertThat(stored.apiSecretHash()).isEqualTo(ApiSecret.hash(secret)).isNotEqualTo(secret.getBytes());
        assertThat(new String(stored.sealedSigningKey(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(signingKey, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(encryption.open(stored)).isEqualTo(signingKey);

        JsonNode read = json(http().get().uri("/admin/terminals/{posId}", posId).retrieve().body(String.class));
        assertThat(read.path("posId").asString()).isEqualTo(posId);
        assertThat(read.path("keyVersion").asInt()).isEqualTo(1);
        assertThat(read.has("apiSecret")).isFalse();
        assertThat(read.has("signingKey")).isFalse();
        assertThat(statusOfOwnPurchaseRead(posId, secret)).as("the secret logs in").isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aPosIdIsRegisteredOnce() {
        String posId = uniqueBizId("pos-twice");
        register(posId);

        var again = register(posId);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(again.getBody()).path("type").asString())
                .isEqualTo("urn:luckydraw:problem:terminal-already-registered");
    }

    @Test
    void aBadPosIdIsAProblem() {
        var answer = register("pos with spaces");

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(answer.getBody()).path("errors").findValuesAsString("field")).containsExactly("posId");
    }

    @Test
    void rotationIssuesNewSecretsAndTheOldOnesStopWorking() {
        String posId = uniqueBizId("pos-rot");
        JsonNode first = json(register(posId).getBody());

        var answer = http().post().uri("/admin/terminals/{posId}/rotate", posId).retrieve().toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode second = json(answer.getBody());
        assertThat(second.path("keyVersion").asInt()).isEqualTo(2);
        assertThat(second.path("apiSecret").asString()).isNotEqualTo(first.path("apiSecret").asString());
        assertThat(second.path("signingKey").asString()).isNotEqualTo(first.path("signingKey").asString());
        assertThat(statusOfOwnPurchaseRead(posId, first.path("apiSecret").asString()))
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(statusOfOwnPurchaseRead(posId, second.path("apiSecret").asString()))
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(encryption.open(terminals.find(new PosId(posId)).orElseThrow()))
                .isEqualTo(Base64.getDecoder().decode(second.path("signingKey").asString()));
    }

    @Test
    void revocationIsFinal() {
        String posId = uniqueBizId("pos-rev");
        String secret = json(register(posId).getBody()).path("apiSecret").asString();

        var revoked = http().post().uri("/admin/terminals/{posId}/revoke", posId).retrieve().toEntity(String.class);

        assertThat(revoked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(revoked.getBody()).path("status").asString()).isEqualTo("REVOKED");
        assertThat(statusOfOwnPurchaseRead(posId, secret)).isEqualTo(HttpStatus.UNAUTHORIZED);
        for (String change : new String[] {"revoke", "rotate"}) {
            var again = http().post().uri("/admin/terminals/{posId}/" + change, posId).retrieve()
                    .toEntity(String.class);
            assertThat(again.getStatusCode()).as(change).isEqualTo(HttpStatus.CONFLICT);
            assertThat(json(again.getBody()).path("type").asString())
                    .isEqualTo("urn:luckydraw:problem:illegal-terminal-transition");
        }
    }

    @Test
    void registrationRotationAndRevocationAreAnnouncedWithTheSecretsHashOnly() {
        String posId = uniqueBizId("pos-ann");
        var announced = TestKafka.mark(Topics.TERMINAL_EVENTS.name());

        String first = json(register(posId).getBody()).path("apiSecret").asString();
        String second = json(http().post().uri("/admin/terminals/{posId}/rotate", posId).retrieve()
                .body(String.class)).path("apiSecret").asString();
        http().post().uri("/admin/terminals/{posId}/revoke", posId).retrieve().toBodilessEntity();

        var records = TestKafka.readUntil(announced, java.time.Duration.ofSeconds(30), read -> read.stream()
                .filter(r -> posId.equals(r.key())).count() == 3).stream().filter(r -> posId.equals(r.key())).toList();
        var events = TestKafka.messages(records, TerminalEvent.class);
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(TerminalRegistered.class, e -> {
            assertThat(e.keyVersion()).isEqualTo(1);
            assertThat(e.apiSecretHash()).isEqualTo(HexFormat.of().formatHex(ApiSecret.hash(first)));
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(TerminalRegistered.class, e -> {
            assertThat(e.keyVersion()).isEqualTo(2);
            assertThat(e.apiSecretHash()).isEqualTo(HexFormat.of().formatHex(ApiSecret.hash(second)));
        });
        assertThat(events.get(2)).isInstanceOf(TerminalRevoked.class);
        assertThat(records).allSatisfy(r -> assertThat(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain(first).doesNotContain(second));
    }

    @Test
    void anUnknownTerminalIsNotFound() {
        var answer = http().get().uri("/admin/terminals/{posId}", "pos-nobody").retrieve().toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(answer.getBody()).path("type").asString()).isEqualTo("urn:luckydraw:problem:terminal-not-found");
    }

    @Test
    void onlyTheOperatorsManageTerminals() {
        var terminal = terminal("pos-reg-not-admin");

        var answer = http(terminal).post().uri("/admin/terminals").contentType(MediaType.APPLICATION_JSON)
                .body("{\"posId\":\"pos-sneaky\"}").retrieve().toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(terminals.find(new PosId("pos-sneaky"))).isEmpty();
    }
}

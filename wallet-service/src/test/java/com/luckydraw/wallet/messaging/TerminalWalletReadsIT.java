package com.luckydraw.wallet.messaging;

import com.luckydraw.events.terminal.TerminalRegistered;
import com.luckydraw.events.terminal.TerminalRevoked;
import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's balance and ledger are for registered terminals and the operators: the wallet learns the terminals from
 * order-service's announcements on the terminal events topic and checks a terminal's secret against the announced
 * hash.
 */
@WalletIntegrationTest
class TerminalWalletReadsIT {

    @LocalServerPort int port;
    @Autowired TestWallets wallets;

    private final WalletTopics topics = new WalletTopics();

    @AfterEach
    void close() {
        topics.close();
    }

    private RestClient client(String user, String password) {
        var builder = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { });
        if (user != null) {
            builder.defaultHeaders(headers -> headers.setBasicAuth(user, password));
        }
        return builder.build();
    }

    private int status(RestClient client, String path) {
        return client.get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
    }

    private static String hashOf(String secret) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anonymousCallersGet401() {
        String user = wallets.open("reads-anon", 500).value();

        assertThat(status(client(null, null), "/wallets/" + user)).isEqualTo(401);
        assertThat(status(client(null, null), "/wallets/" + user + "/ledger")).isEqualTo(401);
    }

    @Test
    void theOperatorsRead() {
        String user = wallets.open("reads-op", 500).value();

        assertThat(status(client("test-admin", "test-password"), "/wallets/" + user)).isEqualTo(200);
        assertThat(status(client("test-admin", "test-password"), "/wallets/" + user + "/ledger")).isEqualTo(200);
    }

    @Test
    void aRegisteredTerminalReadsWithItsCurrentSecretOnlyAndNotOnceRevoked() throws Exception {
        String user = wallets.open("reads-term", 500).value();
        String posId = "pos-w-" + UUID.randomUUID().toString().substring(0, 8);
        String first = "secret-1-" + UUID.randomUUID();
        String second = "secret-2-" + UUID.randomUUID();
        RestClient withFirst = client(posId, first);
        RestClient withSecond = client(posId, second);
        assertThat(status(withFirst, "/wallets/" + user)).as("not yet announced").isEqualTo(401);

        topics.announce(TerminalRegistered.of(posId, hashOf(first), 1, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(withFirst, "/wallets/" + user) == 200);
        assertThat(status(withFirst, "/wallets/" + user + "/ledger")).isEqualTo(200);
        assertThat(status(client(posId, "guess"), "/wallets/" + user)).isEqualTo(401);

        // A rotation replaces the secret; an older announcement seen again (a replay) does not bring it back.
        topics.announce(TerminalRegistered.of(posId, hashOf(second), 2, Instant.now()),
                TerminalRegistered.of(posId, hashOf(first), 1, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(withSecond, "/wallets/" + user) == 200);
        assertThat(status(withFirst, "/wallets/" + user)).isEqualTo(401);

        topics.announce(TerminalRevoked.of(posId, 2, Instant.now()),
                TerminalRegistered.of(posId, hashOf(second), 3, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(withSecond, "/wallets/" + user) == 401);
        // Revoked is final: a later registration under the same posId is not applied (order-service never sends one).
        assertThat(status(withSecond, "/wallets/" + user + "/ledger")).isEqualTo(401);
    }

    @Test
    void aTerminalCannotUseTheAdminApi() throws Exception {
        String posId = "pos-w-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "secret-" + UUID.randomUUID();
        String user = wallets.open("reads-adm", 500).value();
        topics.announce(TerminalRegistered.of(posId, hashOf(secret), 1, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(client(posId, secret), "/wallets/" + user) == 200);

        assertThat(status(client(posId, secret), "/admin/wallets/" + user)).isEqualTo(403);
        assertThat(status(client(posId, secret), "/actuator/prometheus")).isEqualTo(403);
    }
}

package com.luckydraw.order.terminal;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TerminalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Terminal registered() {
        return Terminal.register(new PosId("pos-1"), ApiSecret.hash("secret"), new byte[60], T0);
    }

    @Test
    void acceptsOnlyItsOwnSecretWhileActive() {
        Terminal terminal = registered();

        assertThat(terminal.acceptsSecret("secret")).isTrue();
        assertThat(terminal.acceptsSecret("secreT")).isFalse();
        assertThat(terminal.acceptsSecret(null)).isFalse();
        assertThat(terminal.revoke(T0).acceptsSecret("secret")).isFalse();
    }

    @Test
    void rotationMovesToTheNextKeyVersionAndDropsTheOldSecret() {
        Terminal rotated = registered().rotate(ApiSecret.hash("new"), new byte[60], T0.plusSeconds(1));

        assertThat(rotated.keyVersion()).isEqualTo(2);
        assertThat(rotated.acceptsSecret("secret")).isFalse();
        assertThat(rotated.acceptsSecret("new")).isTrue();
        assertThat(rotated.updatedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aRevokedTerminalCannotBeRotatedNorRevokedAgain() {
        Terminal revoked = registered().revoke(T0);

        assertThat(revoked.status()).isEqualTo(TerminalStatus.REVOKED);
        assertThatThrownBy(() -> revoked.rotate(ApiSecret.hash("x"), new byte[60], T0))
                .isInstanceOf(IllegalTerminalTransitionException.class).hasMessageContaining("REVOKED");
        assertThatThrownBy(() -> revoked.revoke(T0)).isInstanceOf(IllegalTerminalTransitionException.class);
    }

    @Test
    void secretsAreGenerated256BitsAndNeverPrinted() {
        ApiSecret secret = ApiSecret.generate(new java.security.SecureRandom());

        assertThat(secret.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(secret.toString()).doesNotContain(secret.value());
    }
}

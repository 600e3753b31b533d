package com.luckydraw.web.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TerminalAuthenticationTest {

    private final List<String> asked = new ArrayList<>();
    private final TerminalAuthentication authentication = new TerminalAuthentication((posId, secret) -> {
        asked.add(posId);
        return posId.equals("pos-1") && secret.equals("right");
    });

    @Test
    void aTerminalTheRegistryAcceptsIsItsPosIdWithTheTerminalRole() {
        var authenticated = authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("pos-1",
                "right"));

        assertThat(authenticated.isAuthenticated()).isTrue();
        assertThat(authenticated.getName()).isEqualTo("pos-1");
        assertThat(authenticated.getCredentials()).as("the secret is not kept").isNull();
        assertThat(authenticated.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_TERMINAL");
    }

    @Test
    void aWrongSecretAndAnUnknownTerminalGetTheSameAnswer() {
        assertThatThrownBy(() -> authentication.authenticate(
                UsernamePasswordAuthenticationToken.unauthenticated("pos-1", "wrong")))
                .isInstanceOf(BadCredentialsException.class).hasMessage("the user or password is wrong");
        assertThatThrownBy(() -> authentication.authenticate(
                UsernamePasswordAuthenticationToken.unauthenticated("pos-2", "right")))
                .isInstanceOf(BadCredentialsException.class).hasMessage("the user or password is wrong");
    }

    @Test
    void anOverlongOrEmptyNameOrACredentialThatIsNoTextIsRefusedWithoutAskingTheRegistry() {
        for (var attempt : List.of(UsernamePasswordAuthenticationToken.unauthenticated("p".repeat(65), "right"),
                UsernamePasswordAuthenticationToken.unauthenticated("", "right"),
                UsernamePasswordAuthenticationToken.unauthenticated("pos-1", new char[] {'r'}))) {
            assertThatThrownBy(() -> authentication.authenticate(attempt))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(asked).isEmpty();
    }
}

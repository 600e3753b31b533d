package com.luckydraw.web.security;

import com.luckydraw.events.Checks;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * HTTP Basic for terminals, {@code posId:apiSecret}, checked by the service's {@link TerminalLogins}: an accepted
 * terminal is authenticated as its posId with role TERMINAL. Asked after the operators' login. A name that is no
 * posId ({@link Checks#identifier}) is refused like a wrong secret, before the registry is asked.
 */
final class TerminalAuthentication implements AuthenticationProvider {

    private static final List<SimpleGrantedAuthority> ROLES =
            List.of(new SimpleGrantedAuthority("ROLE_" + ServiceSecurity.TERMINAL));

    private final TerminalLogins logins;

    TerminalAuthentication(TerminalLogins logins) {
        this.logins = logins;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String posId = authentication.getName();
        if (!(authentication.getCredentials() instanceof String secret) || !isPosId(posId)
                || !logins.accepts(posId, secret)) {
            throw new BadCredentialsException("the user or password is wrong");
        }
        return UsernamePasswordAuthenticationToken.authenticated(posId, null, ROLES);
    }

    private static boolean isPosId(String name) {
        try {
            Checks.identifier("posId", name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

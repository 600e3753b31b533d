package com.luckydraw.web.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * HTTP Basic for terminals, {@code posId:apiSecret}, checked by the service's {@link TerminalLogins}: an accepted
 * terminal is authenticated as its posId with role TERMINAL. Asked after the operators' login.
 */
final class TerminalAuthentication implements AuthenticationProvider {

    /** The longest posId any service accepts; a longer name is refused before the registry is asked. */
    private static final int MAX_POS_ID = 64;
    private static final List<SimpleGrantedAuthority> ROLES =
            List.of(new SimpleGrantedAuthority("ROLE_" + ServiceSecurity.TERMINAL));

    private final TerminalLogins logins;

    TerminalAuthentication(TerminalLogins logins) {
        this.logins = logins;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String posId = authentication.getName();
        if (!(authentication.getCredentials() instanceof String secret) || posId == null || posId.isEmpty()
                || posId.length() > MAX_POS_ID || !logins.accepts(posId, secret)) {
            throw new BadCredentialsException("the user or password is wrong");
        }
        return UsernamePasswordAuthenticationToken.authenticated(posId, null, ROLES);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

package com.luckydraw.wallet.terminal.web;

import com.luckydraw.wallet.terminal.Terminals;
import com.luckydraw.web.security.ServiceSecurity;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * HTTP Basic for registered terminals, {@code posId:apiSecret}, checked against the hash order-service's registry
 * announced: role TERMINAL (common-web's {@link ServiceSecurity} asks this after the operators' login). Unknown,
 * revoked and wrong are one answer.
 */
@Component
class TerminalAuthentication implements AuthenticationProvider {

    private static final List<SimpleGrantedAuthority> ROLES =
            List.of(new SimpleGrantedAuthority("ROLE_" + ServiceSecurity.TERMINAL));

    private final Terminals terminals;

    TerminalAuthentication(Terminals terminals) {
        this.terminals = terminals;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String posId = authentication.getName();
        if (!(authentication.getCredentials() instanceof String secret) || posId == null || posId.length() > 64
                || !terminals.accepts(posId, secret)) {
            throw new BadCredentialsException("the user or password is wrong");
        }
        return UsernamePasswordAuthenticationToken.authenticated(posId, null, ROLES);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

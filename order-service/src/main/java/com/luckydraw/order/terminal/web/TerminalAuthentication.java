package com.luckydraw.order.terminal.web;

import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.Terminals;
import com.luckydraw.web.security.ServiceSecurity;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * HTTP Basic for terminals, {@code posId:apiSecret}: an active registered terminal whose secret's hash matches is
 * authenticated as its posId with role TERMINAL (common-web's {@link ServiceSecurity} asks this after the operators'
 * login). Unknown, revoked and wrong are one answer: the caller learns nothing about which.
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
        String name = authentication.getName();
        Object credentials = authentication.getCredentials();
        PosId posId;
        try {
            posId = new PosId(name);
        } catch (IllegalArgumentException e) {
            throw new BadCredentialsException("the user or password is wrong");
        }
        boolean accepted = credentials instanceof String secret
                && terminals.find(posId).map(t -> t.acceptsSecret(secret)).orElse(false);
        if (!accepted) {
            throw new BadCredentialsException("the user or password is wrong");
        }
        return UsernamePasswordAuthenticationToken.authenticated(posId.value(), null, ROLES);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

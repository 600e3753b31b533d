package com.luckydraw.web.security;

/**
 * A service's registry of terminals, as the HTTP guard asks it: whether {@code apiSecret} is the current secret of the
 * active terminal {@code posId}. A service whose {@link TerminalEndpoints} serve terminals declares one bean of this
 * type; {@link ServiceSecurity} then lets those terminals in over HTTP Basic with role {@link ServiceSecurity#TERMINAL}.
 * Asked only with a well-formed posId ({@link com.luckydraw.events.Checks#identifier}). Unknown, revoked and wrong are
 * all {@code false}: the caller learns nothing about which.
 */
@FunctionalInterface
public interface TerminalLogins {

    boolean accepts(String posId, String apiSecret);
}

package com.luckydraw.order.terminal.web;

import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.Terminals;
import com.luckydraw.web.security.TerminalLogins;
import org.springframework.stereotype.Component;

/**
 * The registry's terminals as common-web's HTTP guard asks them for a terminal's login: an active terminal whose
 * secret's hash matches. A name that is no posId is refused like a wrong secret.
 */
@Component
class RegisteredTerminals implements TerminalLogins {

    private final Terminals terminals;

    RegisteredTerminals(Terminals terminals) {
        this.terminals = terminals;
    }

    @Override
    public boolean accepts(String posId, String apiSecret) {
        PosId id;
        try {
            id = new PosId(posId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return terminals.find(id).map(terminal -> terminal.acceptsSecret(apiSecret)).orElse(false);
    }
}

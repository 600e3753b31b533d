package com.luckydraw.order.terminal.web;

import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.Terminals;
import com.luckydraw.web.security.TerminalLogins;
import org.springframework.stereotype.Component;

/**
 * The registry's terminals as common-web's HTTP guard asks them for a terminal's login (with a well-formed posId): an
 * active terminal whose secret's hash matches.
 */
@Component
class RegisteredTerminals implements TerminalLogins {

    private final Terminals terminals;

    RegisteredTerminals(Terminals terminals) {
        this.terminals = terminals;
    }

    @Override
    public boolean accepts(String posId, String apiSecret) {
        return terminals.find(new PosId(posId)).map(terminal -> terminal.acceptsSecret(apiSecret)).orElse(false);
    }
}

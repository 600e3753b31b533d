package com.luckydraw.wallet.terminal.web;

import com.luckydraw.wallet.terminal.Terminals;
import com.luckydraw.web.security.TerminalLogins;
import org.springframework.stereotype.Component;

/** The terminals order-service's registry announced, as common-web's HTTP guard asks them for a terminal's login. */
@Component
class RegisteredTerminals implements TerminalLogins {

    private final Terminals terminals;

    RegisteredTerminals(Terminals terminals) {
        this.terminals = terminals;
    }

    @Override
    public boolean accepts(String posId, String apiSecret) {
        return terminals.accepts(posId, apiSecret);
    }
}

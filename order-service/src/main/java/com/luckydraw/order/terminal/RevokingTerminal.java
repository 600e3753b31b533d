package com.luckydraw.order.terminal;

import org.springframework.stereotype.Component;

import java.time.Clock;

/** Revokes a terminal for good: its secret no longer logs in and its records are dead-lettered from now on. */
@Component
public class RevokingTerminal {

    private final Terminals terminals;
    private final Clock clock;

    public RevokingTerminal(Terminals terminals, Clock clock) {
        this.terminals = terminals;
        this.clock = clock;
    }

    public Terminal revoke(PosId posId) {
        Terminal current = terminals.find(posId).orElseThrow(() -> new TerminalNotFoundException(posId));
        return terminals.update(current.revoke(clock.instant()));
    }
}

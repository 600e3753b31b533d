package com.luckydraw.order.terminal;

import com.luckydraw.events.Topics;
import com.luckydraw.events.terminal.TerminalRevoked;
import com.luckydraw.messaging.outbox.Outbox;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;

/**
 * Revokes a terminal for good: its secret no longer logs in and its records are dead-lettered from now on. Announced
 * as a {@link TerminalRevoked} through the outbox, in the same transaction.
 */
@Component
public class RevokingTerminal {

    private final Terminals terminals;
    private final Clock clock;
    private final Outbox outbox;

    public RevokingTerminal(Terminals terminals, Clock clock, Outbox outbox) {
        this.terminals = terminals;
        this.clock = clock;
        this.outbox = outbox;
    }

    @Transactional
    public Terminal revoke(PosId posId) {
        Terminal current = terminals.find(posId).orElseThrow(() -> new TerminalNotFoundException(posId));
        Terminal revoked = terminals.update(current.revoke(clock.instant()));
        outbox.append(Topics.TERMINAL_EVENTS, posId.value(), TerminalRevoked.of(posId.value(), revoked.keyVersion(),
                revoked.updatedAt()));
        return revoked;
    }
}

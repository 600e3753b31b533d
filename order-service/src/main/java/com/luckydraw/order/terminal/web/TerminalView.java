package com.luckydraw.order.terminal.web;

import com.luckydraw.order.terminal.Terminal;

import java.time.Instant;

/** A terminal as the operators see it: never a secret, nor a hash of one. */
public record TerminalView(String posId, String status, int keyVersion, Instant createdAt, Instant updatedAt) {

    static TerminalView of(Terminal terminal) {
        return new TerminalView(terminal.posId().value(), terminal.status().name(), terminal.keyVersion(),
                terminal.createdAt(), terminal.updatedAt());
    }
}

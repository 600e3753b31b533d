package com.luckydraw.events.terminal;

import com.luckydraw.events.Message;

/**
 * What order-service's terminal registry (the owner of these messages) tells the other services, on {@code Topics.TERMINAL_EVENTS} keyed by posId:
 * which terminals may log in, with the hash of their current HTTP secret. {@code bizId} names the key version
 * ({@code key-<n>}); {@code posId} is the terminal.
 */
public sealed interface TerminalEvent extends Message permits TerminalRegistered, TerminalRevoked {

    int keyVersion();
}

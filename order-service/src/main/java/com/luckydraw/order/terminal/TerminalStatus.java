package com.luckydraw.order.terminal;

/** A terminal may buy while ACTIVE; REVOKED is final (a terminal that comes back is registered under a new posId). */
public enum TerminalStatus {
    ACTIVE, REVOKED
}

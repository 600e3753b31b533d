package com.luckydraw.order.terminal;

/** The posId is taken (by an active or a revoked terminal: a posId is never reused, its orders keep naming it). */
public class TerminalAlreadyRegisteredException extends RuntimeException {

    public TerminalAlreadyRegisteredException(PosId posId) {
        super("terminal " + posId + " is already registered; rotate its credentials instead");
    }
}

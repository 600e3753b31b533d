package com.luckydraw.order.terminal;

/** A change the terminal's state does not allow (a revoked terminal is never changed again); nothing was changed. */
public class IllegalTerminalTransitionException extends RuntimeException {

    public IllegalTerminalTransitionException(String message) {
        super(message);
    }
}

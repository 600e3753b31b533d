package com.luckydraw.order.terminal;

/** No terminal is registered under the posId. */
public class TerminalNotFoundException extends RuntimeException {

    public TerminalNotFoundException(PosId posId) {
        super("no terminal " + posId + " is registered");
    }
}

package com.luckydraw.order.intake.web;

/** A terminal acting for another posId, or a login that is no terminal requesting a purchase; answered 403. */
public class WrongTerminalException extends RuntimeException {

    public WrongTerminalException(String message) {
        super(message);
    }
}

package com.luckydraw.order.terminal.web;

/** A posId that is not an identifier; answered 400. */
public class InvalidPosIdException extends RuntimeException {

    public InvalidPosIdException(String message) {
        super(message);
    }
}

package com.luckydraw.order.web;

/** A path or query parameter that is not acceptable: which one, and why. Answered 400. */
public class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}

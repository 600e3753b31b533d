package com.luckydraw.web.problem;

/**
 * A path or query parameter a controller refuses after reading it (an unknown status, a limit out of range): which
 * one and why. Answered 400 {@code invalid-parameter}, like a parameter Spring itself could not convert.
 */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}

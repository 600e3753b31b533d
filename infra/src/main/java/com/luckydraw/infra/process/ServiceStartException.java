package com.luckydraw.infra.process;

/** A service process could not be started or did not become healthy; the message carries the end of its log. */
public class ServiceStartException extends RuntimeException {

    public ServiceStartException(String message) {
        super(message);
    }
}

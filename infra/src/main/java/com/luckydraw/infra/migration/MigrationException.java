package com.luckydraw.infra.migration;

/** A step could not run at all (a client program missing or failing, a backup unreadable): the message says why. */
public class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}

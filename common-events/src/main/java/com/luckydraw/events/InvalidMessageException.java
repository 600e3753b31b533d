package com.luckydraw.events;

/** A record that is not a message this consumer can accept. The message says what is wrong, for the dead letter. */
public class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String reason) {
        super(reason);
    }

    public InvalidMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

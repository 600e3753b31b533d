package com.luckydraw.order.intake;

/** The broker did not acknowledge a purchase request: it may or may not be there; resending it is safe. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

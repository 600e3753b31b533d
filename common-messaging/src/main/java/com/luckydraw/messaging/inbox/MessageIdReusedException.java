package com.luckydraw.messaging.inbox;

import java.util.UUID;

/**
 * A message arrived under the id of a message applied before, with other content: a producer reused the id. It is
 * not a redelivery, so skipping it would lose it; the consumer dead-letters it with this reason instead.
 */
public class MessageIdReusedException extends RuntimeException {

    public MessageIdReusedException(String consumer, UUID messageId) {
        super("messageId " + messageId + " was applied before by " + consumer + " with different content: the "
                + "producer reused a message id for another message (same id and same content is a duplicate)");
    }
}

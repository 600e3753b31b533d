package com.luckydraw.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every record on a luckydraw topic carries besides its own fields. The wire form adds {@code type}, the
 * simple class name, so a consumer knows what it holds before binding it.
 */
public interface Message {

    /** Unique per message; the inbox deduplicates on it. A command sent again after a timeout gets a new id: its business keys, not its id, make it harmless. */
    UUID messageId();

    /** Version of this message's shape; a consumer refuses versions it does not know. */
    int schemaVersion();

    /** The purchase this message is about, as the terminal named it. */
    String bizId();

    /** The terminal (point of sale) that sent the purchase. */
    String posId();

    /** Correlates every message of one saga: the order id for saga messages, the producer's trace id otherwise. */
    UUID correlationId();

    Instant occurredAt();

    default String type() {
        return getClass().getSimpleName();
    }
}

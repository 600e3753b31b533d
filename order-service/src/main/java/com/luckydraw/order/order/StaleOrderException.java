package com.luckydraw.order.order;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The order changed since it was read (its version moved): this write was refused. A concurrency failure, so the
 * messaging library redelivers the batch instead of dead-lettering it, and the retry reads the new state.
 */
public class StaleOrderException extends OptimisticLockingFailureException {

    public StaleOrderException(OrderId id, long expectedVersion) {
        super("order " + id + " changed since it was read at version " + expectedVersion + "; not written");
    }
}

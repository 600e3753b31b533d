package com.luckydraw.order.order;

/** A move the saga does not allow (from a finished order, or skipping a step); nothing was changed. */
public class IllegalOrderTransitionException extends RuntimeException {

    public IllegalOrderTransitionException(String message) {
        super(message);
    }

    public IllegalOrderTransitionException(String message, Throwable cause) {
        super(message, cause);
    }

    static IllegalOrderTransitionException of(OrderId id, OrderStatus from, OrderStatus to) {
        return new IllegalOrderTransitionException("illegal order transition " + from + " -> " + to + " for order "
                + id + (from.isTerminal() ? ": it is finished" : ": allowed from " + from + " are " + from.next()));
    }
}

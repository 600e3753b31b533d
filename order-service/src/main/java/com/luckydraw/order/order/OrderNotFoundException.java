package com.luckydraw.order.order;

/** No order under this id or key (yet: a request is turned into an order shortly after it is accepted). */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String message) {
        super(message);
    }
}

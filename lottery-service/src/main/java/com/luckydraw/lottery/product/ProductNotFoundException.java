package com.luckydraw.lottery.product;

public class ProductNotFoundException extends RuntimeException {

    public ProductNotFoundException(ProductId id) {
        super("product " + id + " does not exist");
    }
}

package com.luckydraw.lottery.product;

import com.luckydraw.lottery.money.Money;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;

/** A {@code product} row as Spring Data JDBC reads and writes it; {@link Products} hands out {@link Product}s. */
@Table("product")
record ProductRow(@Id Long id, String name, long pricePerShare, String currency, int sharesPerRound,
        boolean reopenOnSellOut, Instant createdAt) {

    Product toProduct() {
        return new Product(new ProductId(id), name, Money.price(pricePerShare, currency), sharesPerRound,
                reopenOnSellOut, createdAt);
    }
}

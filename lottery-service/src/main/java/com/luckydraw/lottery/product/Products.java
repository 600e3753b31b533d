package com.luckydraw.lottery.product;

import com.luckydraw.lottery.money.Money;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The product table: products are written once and read whole (Spring Data JDBC). */
@Repository
public class Products {

    private final ProductRows rows;

    Products(ProductRows rows) {
        this.rows = rows;
    }

    public Product insert(String name, Money pricePerShare, int sharesPerRound, boolean reopenOnSellOut) {
        Product.validate(name, pricePerShare, sharesPerRound);
        // Microseconds: what the timestamptz column keeps, so the product returned equals the one read back.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return rows.save(new ProductRow(null, name.strip(), pricePerShare.minorUnits(), pricePerShare.currency(),
                sharesPerRound, reopenOnSellOut, now)).toProduct();
    }

    public Optional<Product> find(ProductId id) {
        return rows.findById(id.value()).map(ProductRow::toProduct);
    }

    public Product get(ProductId id) {
        return find(id).orElseThrow(() -> new ProductNotFoundException(id));
    }
}

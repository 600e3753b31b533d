package com.luckydraw.lottery.product;

import com.luckydraw.lottery.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The product table. */
@Repository
public class Products {

    private static final String COLUMNS =
            "id, name, price_per_share, currency, shares_per_round, reopen_on_sell_out, created_at";

    private final JdbcClient jdbc;

    public Products(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Product insert(String name, Money pricePerShare, int sharesPerRound, boolean reopenOnSellOut) {
        Product.validate(name, pricePerShare, sharesPerRound);
        return jdbc.sql("INSERT INTO product (name, price_per_share, currency, shares_per_round, reopen_on_sell_out)"
                        + " VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS)
                .params(name.strip(), pricePerShare.minorUnits(), pricePerShare.currency(), sharesPerRound,
                        reopenOnSellOut)
                .query(Products::map).single();
    }

    public Optional<Product> find(ProductId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM product WHERE id = ?").param(id.value())
                .query(Products::map).optional();
    }

    public Product get(ProductId id) {
        return find(id).orElseThrow(() -> new ProductNotFoundException(id));
    }

    private static Product map(ResultSet rs, int row) throws SQLException {
        return new Product(new ProductId(rs.getLong("id")), rs.getString("name"),
                Money.price(rs.getLong("price_per_share"), rs.getString("currency")), rs.getInt("shares_per_round"),
                rs.getBoolean("reopen_on_sell_out"), rs.getTimestamp("created_at").toInstant());
    }
}

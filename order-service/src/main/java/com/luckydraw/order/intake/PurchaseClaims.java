package com.luckydraw.order.intake;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.order.order.Purchase;
import com.luckydraw.order.order.PurchaseKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/**
 * The purchase_claim table: which purchase the HTTP intake accepted first under a key. The insert is the arbiter of
 * two racing requests: a concurrent insert of the same key waits for the first to commit, then finds its row.
 */
@Repository
public class PurchaseClaims {

    private final JdbcTemplate jdbc;

    public PurchaseClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims {@code key} for {@code purchase}; when it was claimed before, the purchase that claimed it. */
    public Optional<Purchase> claim(PurchaseKey key, Purchase purchase) {
        int inserted = jdbc.update("""
                INSERT INTO purchase_claim (biz_id, pos_id, user_id, round_id, shares, price_per_share, currency,
                                            payment_method)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, key.bizId(), key.posId(), purchase.userId(), purchase.roundId(), purchase.shares(),
                purchase.pricePerShare(), purchase.currency(), purchase.paymentMethod().name());
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.query("""
                SELECT user_id, round_id, shares, price_per_share, currency, payment_method
                  FROM purchase_claim WHERE biz_id = ? AND pos_id = ?
                """, (rs, i) -> new Purchase(rs.getString("user_id"), rs.getLong("round_id"), rs.getInt("shares"),
                rs.getLong("price_per_share"), rs.getString("currency"),
                PaymentMethod.valueOf(rs.getString("payment_method"))), key.bizId(), key.posId()).stream().findFirst();
    }
}

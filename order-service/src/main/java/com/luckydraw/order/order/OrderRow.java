package com.luckydraw.order.order;

import com.luckydraw.events.PaymentMethod;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A {@code purchase_order} row as Spring Data JDBC reads and writes it; {@link Orders} hands out {@link Order}s. {@code
 * version} is the one the order was read at: a save writes it plus one where the row still holds it, or throws.
 */
@Table("purchase_order")
record OrderRow(@Id UUID id, String bizId, String posId, String userId, long roundId, int shares, long pricePerShare,
        long amount, String currency, PaymentMethod paymentMethod, OrderStatus status, String cancelReason,
        Long firstNumber, Long lastNumber, int stepAttempts, Instant stepStartedAt, Instant stepDeadline,
        @Version Long version, Instant createdAt, Instant updatedAt) {

    static OrderRow of(Order o) {
        Purchase p = o.purchase();
        LuckyNumbers numbers = o.numbers();
        return new OrderRow(o.id().value(), o.key().bizId(), o.key().posId(), p.userId(), p.roundId(), p.shares(),
                p.pricePerShare(), p.amount().minorUnits(), p.currency(), p.paymentMethod(), o.status(),
                o.cancelReason(), numbers == null ? null : numbers.first(), numbers == null ? null : numbers.last(),
                o.stepAttempts(), o.stepStartedAt(), o.stepDeadline(), o.version(), o.createdAt(), o.updatedAt());
    }

    Order toOrder() {
        return Order.restore(new OrderId(id), new PurchaseKey(posId, bizId),
                new Purchase(userId, roundId, shares, pricePerShare, currency, paymentMethod), createdAt, status,
                cancelReason, firstNumber == null ? null : new LuckyNumbers(firstNumber, lastNumber), stepAttempts,
                stepStartedAt, stepDeadline, updatedAt, version);
    }
}

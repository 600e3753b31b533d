package com.luckydraw.order.order;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.order.OrderServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order's rules hold in the database too: transitions (trigger), immutable purchase, version-checked writes. */
class OrderTransitionsIT extends OrderServiceTestBase {

    @Autowired
    Orders orders;

    private static final Instant NOW = Instant.now();

    /** Inserts an order row directly in {@code status}, with the columns that status requires. */
    private UUID insertRow(OrderStatus status) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, price_per_share, amount,
                    currency, payment_method, status, cancel_reason, first_number, last_number, step_attempts,
                    step_started_at, step_deadline, created_at, updated_at)
                VALUES (?, ?, 'pos-sql', 'u-1', 1, 2, 100, 200, 'CNY', 'MONEY', ?, 'TEST', ?, ?, 1, now(), ?, now(), now())
                """, id, "biz-" + id, status.name(), status == OrderStatus.COMPLETED ? 1L : null,
                status == OrderStatus.COMPLETED ? 2L : null, deadlineFor(status));
        return id;
    }

    private static Timestamp deadlineFor(OrderStatus status) {
        return status.awaitsReply() ? Timestamp.from(NOW.plus(Duration.ofDays(1))) : null;
    }

    private void updateStatus(UUID id, OrderStatus to) {
        jdbc.update("UPDATE purchase_order SET status = ?, first_number = ?, last_number = ?, step_deadline = ?"
                        + " WHERE id = ?", to.name(), to == OrderStatus.COMPLETED ? 1L : null,
                to == OrderStatus.COMPLETED ? 2L : null, deadlineFor(to), id);
    }

    @Test
    void databaseAllowsExactlyTheTransitionsOfTheDomain() {
        List<String> disagreements = new ArrayList<>();
        int allowed = 0;
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                if (from == to) {
                    continue;
                }
                UUID id = insertRow(from);
                boolean databaseAllowed;
                try {
                    updateStatus(id, to);
                    databaseAllowed = true;
                } catch (DataAccessException e) {
                    assertThat(e.getMostSpecificCause().getMessage()).contains("illegal order");
                    databaseAllowed = false;
                }
                if (databaseAllowed != from.canMoveTo(to)) {
                    disagreements.add(from + " -> " + to + ": database " + databaseAllowed);
                }
                allowed += databaseAllowed ? 1 : 0;
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(allowed).isEqualTo(12);
    }

    @Test
    void directSqlUpdateOfAnIllegalTransitionRaises() {
        UUID pending = insertRow(OrderStatus.PENDING);

        assertThatThrownBy(() -> updateStatus(pending, OrderStatus.COMPLETED))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("illegal order transition PENDING -> COMPLETED");
        assertThat(jdbc.queryForObject("SELECT status FROM purchase_order WHERE id = ?", String.class, pending))
                .isEqualTo("PENDING");
    }

    @Test
    void finishedOrderNeverChangesInTheDatabase() {
        UUID cancelled = insertRow(OrderStatus.CANCELLED);

        assertThatThrownBy(() -> jdbc.update("UPDATE purchase_order SET cancel_reason = 'OTHER' WHERE id = ?",
                cancelled)).hasMessageContaining("finished; it never changes");
        assertThatThrownBy(() -> updateStatus(cancelled, OrderStatus.PENDING))
                .hasMessageContaining("illegal order transition");
    }

    @Test
    void purchaseOfAnOrderNeverChangesInTheDatabase() {
        UUID paid = insertRow(OrderStatus.PAID);

        assertThatThrownBy(() -> jdbc.update("UPDATE purchase_order SET shares = 3, amount = 300 WHERE id = ?", paid))
                .hasMessageContaining("the purchase of order " + paid + " never changes");
    }

    @Test
    void illegalTransitionIsRefusedByTheDomainAndChangesNothing() {
        Order order = Order.place(new PurchaseKey("pos-d", uniqueBizId("domain")),
                new Purchase("u-1", 1, 2, 100, "CNY", PaymentMethod.MONEY), NOW, NOW.plusSeconds(10));

        assertThatThrownBy(() -> order.complete(new LuckyNumbers(1, 2), NOW))
                .isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessageContaining("PENDING -> COMPLETED");
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.numbers()).isNull();
    }

    @Test
    void staleWriteIsRefusedWithANamedException() {
        Order placed = Order.place(new PurchaseKey("pos-v", uniqueBizId("stale")),
                new Purchase("u-1", 1, 2, 100, "CNY", PaymentMethod.MONEY), NOW, NOW.plusSeconds(10));
        assertThat(orders.insertIfAbsent(List.of(placed))).containsExactly(placed.id());

        Order first = orders.findById(placed.id()).orElseThrow();
        Order second = orders.findById(placed.id()).orElseThrow();
        first.markPaid(NOW, NOW.plus(Duration.ofSeconds(10)));
        orders.save(first);
        second.cancel("INSUFFICIENT_FUNDS", NOW);

        assertThatThrownBy(() -> orders.save(second)).isInstanceOf(StaleOrderException.class)
                .hasMessageContaining("version 0");
        Order stored = orders.findById(placed.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(OrderStatus.PAID);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(orders.history(placed.id())).extracting(StatusChange::to)
                .containsExactly(OrderStatus.PENDING, OrderStatus.PAID);
    }

    @Test
    void aStaleWriteInABatchIsRefusedWithTheSameNamedException() {
        Order placed = Order.place(new PurchaseKey("pos-v", uniqueBizId("stale-batch")),
                new Purchase("u-1", 1, 2, 100, "CNY", PaymentMethod.MONEY), NOW, NOW.plusSeconds(10));
        orders.insertIfAbsent(List.of(placed));

        Order first = orders.findAll(List.of(placed.id())).get(placed.id());
        Order second = orders.findAll(List.of(placed.id())).get(placed.id());
        first.markPaid(NOW, NOW.plus(Duration.ofSeconds(10)));
        orders.saveAll(List.of(first));
        second.cancel("INSUFFICIENT_FUNDS", NOW);

        assertThatThrownBy(() -> orders.saveAll(List.of(second))).isInstanceOf(StaleOrderException.class)
                .hasMessageContaining("version 0");
        assertThat(orders.findById(placed.id()).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void anOrderReadAloneIsTheOrderABatchReads() {
        Order placed = Order.place(new PurchaseKey("pos-v", uniqueBizId("read")),
                new Purchase("u-1", 1, 2, 100, "CNY", PaymentMethod.FREE_TRIES), NOW, NOW.plusSeconds(10));
        orders.insertIfAbsent(List.of(placed));
        Order paid = orders.lock(placed.id()).orElseThrow();
        paid.markPaid(NOW, NOW.plusSeconds(20));
        orders.save(paid);

        Order alone = orders.findById(placed.id()).orElseThrow();
        assertThat(alone.version()).isEqualTo(1);
        assertThat(alone).usingRecursiveComparison().isEqualTo(orders.findAll(List.of(placed.id())).get(placed.id()));
        assertThat(alone).usingRecursiveComparison()
                .isEqualTo(orders.findAllByKey(List.of(placed.key())).get(placed.key()));
    }
}

package com.luckydraw.order.order;

import com.luckydraw.order.OrderServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The orders-by-status tally (V3) agrees with a count of the table, however writers and folders interleave. */
class OrderStatusTallyIT extends OrderServiceTestBase {

    /** Tally and table read in one statement, so in one snapshot: they must agree exactly even while others write. */
    private List<String> disagreements() {
        return jdbc.query("""
                SELECT coalesce(t.status, c.status) AS status, coalesce(t.n, 0) AS tallied, coalesce(c.n, 0) AS counted
                  FROM (SELECT status, sum(orders) AS n FROM order_status_tally GROUP BY status) t
                  FULL JOIN (SELECT status, count(*) AS n FROM purchase_order GROUP BY status) c
                    ON c.status = t.status
                 WHERE coalesce(t.n, 0) <> coalesce(c.n, 0)
                """, (rs, i) -> rs.getString(1) + ": tallied " + rs.getLong(2) + ", counted " + rs.getLong(3));
    }

    private Map<OrderStatus, Long> tableCounts() {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.query("SELECT status, count(*) FROM purchase_order GROUP BY status",
                rs -> {
                    counts.put(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    /** Three orders placed in one statement, paid in one, then two completed and one refunded in one. */
    private void placeAndMoveThree() {
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        jdbc.update("""
                INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, price_per_share, amount,
                    currency, payment_method, status, step_attempts, step_started_at, step_deadline, created_at,
                    updated_at)
                SELECT id, 'tally-' || id, 'pos-tally', 'u-tally', 1, 2, 100, 200, 'CNY', 'MONEY', 'PENDING', 1, now(),
                       now() + interval '1 day', now(), now()
                  FROM unnest(?::uuid[]) AS id
                """, (Object) ids.toArray(UUID[]::new));
        jdbc.update("UPDATE purchase_order SET status = 'PAID' WHERE id = ANY (?::uuid[])",
                (Object) ids.toArray(UUID[]::new));
        // An update that moves no order nets to nothing.
        jdbc.update("UPDATE purchase_order SET updated_at = now() WHERE id = ANY (?::uuid[])",
                (Object) ids.toArray(UUID[]::new));
        jdbc.update("""
                UPDATE purchase_order
                   SET status = CASE WHEN id = ? THEN 'REFUNDING' ELSE 'COMPLETED' END,
                       cancel_reason = CASE WHEN id = ? THEN 'SOLD_OUT' END,
                       first_number = CASE WHEN id = ? THEN NULL ELSE 1 END,
                       last_number = CASE WHEN id = ? THEN NULL ELSE 2 END,
                       step_deadline = CASE WHEN id = ? THEN step_deadline END
                 WHERE id = ANY (?::uuid[])
                """, ids.get(0), ids.get(0), ids.get(0), ids.get(0), ids.get(0), ids.toArray(UUID[]::new));
    }

    @Test
    void tallyAgreesWithTheTableWhileWritersAndFoldersRace() throws Exception {
        Map<OrderStatus, Long> before = tableCounts();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(pool.submit(() -> {
                    for (int round = 0; round < 25; round++) {
                        placeAndMoveThree();
                    }
                    return null;
                }));
            }
            List<Future<Integer>> folders = new ArrayList<>();
            for (int f = 0; f < 2; f++) {
                folders.add(pool.submit(() -> {
                    int folds = 0;
                    while (writing.get()) {
                        orders.countByStatus();
                        folds++;
                    }
                    return folds;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            for (Future<Integer> folder : folders) {
                assertThat(folder.get(1, TimeUnit.MINUTES)).as("folds while the writers ran").isPositive();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        assertThat(disagreements()).isEmpty();
        Map<OrderStatus, Long> after = tableCounts();
        assertThat(after.get(OrderStatus.COMPLETED) - before.get(OrderStatus.COMPLETED)).isGreaterThanOrEqualTo(200);
        assertThat(after.get(OrderStatus.REFUNDING) - before.get(OrderStatus.REFUNDING)).isGreaterThanOrEqualTo(100);
        // The gauge's reading: the table's counts, once nothing else is moving orders (the saga may still be).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(orders.countByStatus()).isEqualTo(tableCounts()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM order_status_tally", Long.class))
                .as("folded into at most one row per status, plus what was appended since")
                .isLessThanOrEqualTo(OrderStatus.values().length + 50L);
    }
}

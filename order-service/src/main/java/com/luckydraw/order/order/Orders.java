package com.luckydraw.order.order;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.jdbc.UnnestBatch;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The orders table, {@code purchase_order}, and its history, {@code order_status_change}. Writes are version-checked:
 * {@code UPDATE ... WHERE id = ? AND version = ?}; a write over a newer version is a {@link StaleOrderException}.
 * Readers that mean to change an order lock it ({@code FOR UPDATE}), in id order so two batches never deadlock.
 *
 * <p>One order is read and written whole through Spring Data JDBC ({@link OrderRow}); the saga's batches are read
 * with one query and written with one statement per table ({@link UnnestBatch}), and the listings are plain queries.
 */
@Repository
public class Orders {

    private static final String COLUMNS = """
            id, biz_id, pos_id, user_id, round_id, shares, price_per_share, currency, payment_method, status,
            cancel_reason, first_number, last_number, step_attempts, step_started_at, step_deadline, version,
            created_at, updated_at""";

    /**
     * One statement for a batch of new orders; a key already taken (by an earlier request, or earlier in the batch) is
     * skipped. No conflict target: two deliveries of one purchase inserting at once may meet on the id's index first,
     * and a conflict there must be skipped as well, not raised.
     */
    private static final String INSERT = """
            INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, price_per_share, amount,
                                        currency, payment_method, status, step_attempts, step_started_at,
                                        step_deadline, version, created_at, updated_at)
            SELECT o.id, o.biz_id, o.pos_id, o.user_id, o.round_id, o.shares, o.price_per_share, o.amount,
                   o.currency, o.payment_method, o.status, o.step_attempts, o.step_started_at, o.step_deadline, 0,
                   o.created_at, o.created_at
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::bigint[], ?::bigint[],
                          ?::text[], ?::text[], ?::text[], ?::int[], ?::text[]::timestamptz[],
                          ?::text[]::timestamptz[], ?::text[]::timestamptz[])
                   AS o(id, biz_id, pos_id, user_id, round_id, shares, price_per_share, amount, currency,
                        payment_method, status, step_attempts, step_started_at, step_deadline, created_at)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    /**
     * All the changed orders of a transaction in one statement, each over the version it was read at: one statement
     * instead of one per order cost a quarter as much in the database (docs/benchmarks.md). Instants travel as
     * ISO-8601 text with their zone, as in {@link #INSERT}.
     */
    private static final String UPDATE = """
            UPDATE purchase_order p
               SET status = u.status, cancel_reason = u.cancel_reason, first_number = u.first_number,
                   last_number = u.last_number, step_attempts = u.step_attempts,
                   step_started_at = u.step_started_at::timestamptz, step_deadline = u.step_deadline::timestamptz,
                   updated_at = u.updated_at::timestamptz, version = p.version + 1
              FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::int[], ?::text[],
                          ?::text[], ?::text[])
                   AS u(id, version, status, cancel_reason, first_number, last_number, step_attempts, step_started_at,
                        step_deadline, updated_at)
             WHERE p.id = u.id AND p.version = u.version
            RETURNING p.id
            """;

    /** Advisory lock key of the tally's fold; the orders database is this service's own. */
    private static final long TALLY_LOCK = 0x74616c6c79L; // "tally"
    private static final String FOLD_TALLY = """
            WITH appended AS (DELETE FROM order_status_tally RETURNING status, orders)
            INSERT INTO order_status_tally (status, orders)
            SELECT status, sum(orders)::bigint FROM appended GROUP BY status
            RETURNING status, orders
            """;

    private static final String HISTORY = """
            INSERT INTO order_status_change (order_id, from_status, to_status, reason, changed_at)
            SELECT h.order_id, h.from_status, h.to_status, h.reason, h.changed_at::timestamptz
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS h(order_id, from_status, to_status, reason, changed_at)
            """;

    private final JdbcTemplate jdbc;
    private final OrderRows rows;
    private final RowMapper<Order> mapper = Orders::map;

    public Orders(JdbcTemplate jdbc, OrderRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /**
     * Inserts the orders whose key is free, with their first history row; returns the ids of those inserted. The
     * others (resends, or another purchase under a taken key) are left for the caller to tell apart.
     */
    public Set<OrderId> insertIfAbsent(List<Order> orders) {
        if (orders.isEmpty()) {
            return Set.of();
        }
        List<UUID> inserted = jdbc.query(UnnestBatch.of(INSERT, orders)
                .uuid(o -> o.id().value())
                .text(o -> o.key().bizId())
                .text(o -> o.key().posId())
                .text(o -> o.purchase().userId())
                .bigint(o -> o.purchase().roundId())
                .integer(o -> o.purchase().shares())
                .bigint(o -> o.purchase().pricePerShare())
                .bigint(o -> o.purchase().amount().minorUnits())
                .text(o -> o.purchase().currency())
                .text(o -> o.purchase().paymentMethod().name())
                .text(o -> o.status().name())
                .integer(Order::stepAttempts)
                .instantText(Order::stepStartedAt)
                .instantText(Order::stepDeadline)
                .instantText(Order::createdAt), (rs, i) -> rs.getObject(1, UUID.class));
        Set<OrderId> ids = new HashSet<>();
        inserted.forEach(id -> ids.add(new OrderId(id)));
        // The same key twice in one batch: only its first instance was inserted.
        Set<OrderId> once = new HashSet<>();
        List<Order> fresh = orders.stream().filter(o -> ids.contains(o.id()) && once.add(o.id())).toList();
        writeHistory(fresh);
        fresh.forEach(o -> o.saved(0));
        return ids;
    }

    public Optional<Order> findById(OrderId id) {
        return rows.findById(id.value()).map(OrderRow::toOrder);
    }

    /** The order, locked until the end of the transaction. */
    public Optional<Order> lock(OrderId id) {
        return rows.findLockedById(id.value()).map(OrderRow::toOrder);
    }

    /** The orders that exist among {@code ids}, without locks. */
    public Map<OrderId, Order> findAll(Collection<OrderId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return byId(queryByIds("SELECT " + COLUMNS + " FROM purchase_order WHERE id = ANY (?)", ids));
    }

    /**
     * The orders stored under these purchase keys, whatever their id: an order stored before the order-id formula
     * changed for keys containing ':' keeps its first id (docs/decisions.md, "Order ids").
     */
    public Map<PurchaseKey, Order> findAllByKey(Collection<PurchaseKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<Order> found = jdbc.query(UnnestBatch.of("SELECT " + COLUMNS
                        + " FROM purchase_order WHERE (biz_id, pos_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))",
                        keys.stream().distinct().toList()).text(PurchaseKey::bizId).text(PurchaseKey::posId), mapper);
        Map<PurchaseKey, Order> result = new LinkedHashMap<>();
        found.forEach(o -> result.put(o.key(), o));
        return result;
    }

    /** The orders that exist among {@code ids}, locked in id order until the end of the transaction. */
    public Map<OrderId, Order> lockAll(Collection<OrderId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return byId(queryByIds("SELECT " + COLUMNS + " FROM purchase_order WHERE id = ANY (?) ORDER BY id FOR UPDATE",
                ids));
    }

    /**
     * Claims up to {@code limit} orders whose step is past its deadline, locking them; orders another transaction
     * holds (a reply being applied, another instance's sweeper) are skipped, not waited for.
     */
    public List<Order> claimOverdue(Instant now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + """
                 FROM purchase_order
                WHERE status IN ('PENDING', 'PAID', 'REFUNDING', 'COMPENSATION_FAILED', 'ESCALATED')
                  AND step_deadline <= ?
                ORDER BY step_deadline
                LIMIT ?
                  FOR UPDATE SKIP LOCKED
                """, mapper, timestamp(now), limit);
    }

    /** Newest first. */
    public List<Order> findLatest(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM purchase_order ORDER BY created_at DESC LIMIT ?", mapper, limit);
    }

    /** Newest first. */
    public List<Order> findByStatus(OrderStatus status, int limit) {
        return jdbc.query("SELECT " + COLUMNS
                + " FROM purchase_order WHERE status = ? ORDER BY created_at DESC LIMIT ?", mapper, status.name(), limit);
    }

    /**
     * Orders that need a look: escalated, compensation failed, or waiting past their deadline (the sweeper has not
     * caught up). Oldest first.
     */
    public List<Order> findStuck(Instant now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + """
                 FROM purchase_order
                WHERE status IN ('ESCALATED', 'COMPENSATION_FAILED')
                   OR (status IN ('PENDING', 'PAID', 'REFUNDING') AND step_deadline < ?)
                ORDER BY created_at
                LIMIT ?
                """, mapper, timestamp(now), limit);
    }

    /**
     * Orders by status, from the tally the database keeps (V3): the rows appended since the last call are folded into
     * one per status, and the totals returned. One caller folds at a time (an advisory lock), so each reads every
     * total another instance folded before it.
     */
    @Transactional
    public Map<OrderStatus, Long> countByStatus() {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> { }, TALLY_LOCK);
        jdbc.query(FOLD_TALLY, rs -> {
            counts.put(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });
        return counts;
    }

    public List<StatusChange> history(OrderId id) {
        return jdbc.query("""
                SELECT from_status, to_status, reason, changed_at FROM order_status_change
                 WHERE order_id = ? ORDER BY id
                """, (rs, i) -> new StatusChange(
                rs.getString(1) == null ? null : OrderStatus.valueOf(rs.getString(1)),
                OrderStatus.valueOf(rs.getString(2)), rs.getString(3), instant(rs, 4)), id.value());
    }

    /**
     * Writes the order over the version it was read at, with its new history rows.
     *
     * @throws StaleOrderException if the order was written since
     */
    public void save(Order order) {
        if (!order.hasUnsavedChanges()) {
            return;
        }
        try {
            rows.save(OrderRow.of(order));
        } catch (OptimisticLockingFailureException e) {
            throw new StaleOrderException(order.id(), order.version());
        } catch (DataIntegrityViolationException e) {
            throw refusedTransition(e);
        }
        writeHistory(List.of(order));
        order.saved(order.version() + 1);
    }

    /** {@link #save} for a batch: the changed orders in one statement, their history rows in another. */
    public void saveAll(Collection<Order> orders) {
        List<Order> changed = orders.stream().filter(Order::hasUnsavedChanges).toList();
        if (changed.isEmpty()) {
            return;
        }
        Set<UUID> updated;
        try {
            updated = new HashSet<>(jdbc.query(UnnestBatch.of(UPDATE, changed)
                    .uuid(o -> o.id().value())
                    .bigint(Order::version)
                    .text(o -> o.status().name())
                    .text(Order::cancelReason)
                    .bigint(o -> o.numbers() == null ? null : o.numbers().first())
                    .bigint(o -> o.numbers() == null ? null : o.numbers().last())
                    .integer(Order::stepAttempts)
                    .instantText(Order::stepStartedAt)
                    .instantText(Order::stepDeadline)
                    .instantText(Order::updatedAt), (rs, i) -> rs.getObject(1, UUID.class)));
        } catch (DataIntegrityViolationException e) {
            throw refusedTransition(e);
        }
        for (Order order : changed) {
            if (!updated.contains(order.id().value())) {
                throw new StaleOrderException(order.id(), order.version());
            }
        }
        writeHistory(changed);
        changed.forEach(o -> o.saved(o.version() + 1));
    }

    /** The trigger refused what the aggregate allowed: the two lists of transitions disagree. */
    private static RuntimeException refusedTransition(DataIntegrityViolationException e) {
        if (String.valueOf(e.getMessage()).contains("illegal order")) {
            return new IllegalOrderTransitionException("the database refused the change: "
                    + e.getMostSpecificCause().getMessage(), e);
        }
        return e;
    }

    private void writeHistory(List<Order> orders) {
        List<Change> changes = new ArrayList<>();
        for (Order order : orders) {
            order.unsavedChanges().forEach(change -> changes.add(new Change(order.id(), change)));
        }
        if (changes.isEmpty()) {
            return;
        }
        jdbc.update(UnnestBatch.of(HISTORY, changes)
                .uuid(c -> c.orderId().value())
                .text(c -> c.change().from() == null ? null : c.change().from().name())
                .text(c -> c.change().to().name())
                .text(c -> c.change().reason())
                .instantText(c -> c.change().at()));
    }

    /** A row of the history: one status change of one order. */
    private record Change(OrderId orderId, StatusChange change) {
    }

    private static Order map(ResultSet rs, int row) throws SQLException {
        Long first = rs.getObject("first_number", Long.class);
        Long last = rs.getObject("last_number", Long.class);
        return Order.restore(
                new OrderId(rs.getObject("id", UUID.class)),
                new PurchaseKey(rs.getString("pos_id"), rs.getString("biz_id")),
                new Purchase(rs.getString("user_id"), rs.getLong("round_id"), rs.getInt("shares"),
                        rs.getLong("price_per_share"), rs.getString("currency"),
                        PaymentMethod.valueOf(rs.getString("payment_method"))),
                instant(rs, "created_at"),
                OrderStatus.valueOf(rs.getString("status")),
                rs.getString("cancel_reason"),
                first == null ? null : new LuckyNumbers(first, last),
                rs.getInt("step_attempts"),
                instant(rs, "step_started_at"),
                instant(rs, "step_deadline"),
                instant(rs, "updated_at"),
                rs.getLong("version"));
    }

    private static Map<OrderId, Order> byId(List<Order> orders) {
        Map<OrderId, Order> result = new LinkedHashMap<>();
        orders.forEach(o -> result.put(o.id(), o));
        return result;
    }

    private List<Order> queryByIds(String sql, Collection<OrderId> ids) {
        return jdbc.query(UnnestBatch.of(sql, ids.stream().map(OrderId::value).distinct().toList()).uuid(id -> id),
                mapper);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

package com.luckydraw.e2e;

import com.luckydraw.infra.audit.AuditConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the tests assert on, read straight from the three test databases as the read-only {@code auditor} role, the
 * way the audit reads them: the services' own APIs are not trusted to report their own mistakes.
 */
final class TestDatabases {

    private final AuditConfig config;

    TestDatabases(AuditConfig config) {
        this.config = config;
    }

    record Order(String bizId, String posId, String userId, long roundId, int shares, long amount, String status,
            String cancelReason, int stepAttempts) {
    }

    record LedgerEntry(String kind, String userId, long amount) {
    }

    record Allocation(long roundId, String userId, int shares, long firstNumber, long lastNumber) {
    }

    record Round(long id, int totalShares, int soldShares, String status) {
    }

    List<Order> orders(String bizId, String posId) {
        return query(config.ordersUrl(), """
                SELECT biz_id, pos_id, user_id, round_id, shares, amount, status, cancel_reason, step_attempts
                  FROM purchase_order WHERE biz_id = ? AND pos_id = ?
                """, st -> {
            st.setString(1, bizId);
            st.setString(2, posId);
        }, TestDatabases::order);
    }

    Optional<Order> order(String bizId, String posId) {
        return orders(bizId, posId).stream().findFirst();
    }

    /** Orders of the given bizId prefix (one test's purchases). */
    List<Order> ordersWithPrefix(String bizIdPrefix) {
        return query(config.ordersUrl(), """
                SELECT biz_id, pos_id, user_id, round_id, shares, amount, status, cancel_reason, step_attempts
                  FROM purchase_order WHERE starts_with(biz_id, ?) ORDER BY biz_id
                """, st -> st.setString(1, bizIdPrefix), TestDatabases::order);
    }

    /** Every order of the database not yet COMPLETED or CANCELLED, as {@code posId/bizId status}. */
    List<String> ordersInFlight() {
        return query(config.ordersUrl(), """
                SELECT pos_id || '/' || biz_id || ' ' || status
                  FROM purchase_order WHERE status NOT IN ('COMPLETED', 'CANCELLED')
                """, st -> {
        }, rs -> rs.getString(1));
    }

    /** The statuses an order went through, oldest first. */
    List<String> statusHistory(String bizId, String posId) {
        return query(config.ordersUrl(), """
                SELECT c.to_status FROM order_status_change c JOIN purchase_order o ON o.id = c.order_id
                 WHERE o.biz_id = ? AND o.pos_id = ? ORDER BY c.id
                """, st -> {
            st.setString(1, bizId);
            st.setString(2, posId);
        }, rs -> rs.getString(1));
    }

    List<LedgerEntry> ledger(String bizId, String posId) {
        return query(config.walletUrl(), """
                SELECT kind, user_id, amount FROM ledger_entry WHERE biz_id = ? AND pos_id = ? ORDER BY id
                """, st -> {
            st.setString(1, bizId);
            st.setString(2, posId);
        }, rs -> new LedgerEntry(rs.getString("kind"), rs.getString("user_id"), rs.getLong("amount")));
    }

    long balance(String userId) {
        return query(config.walletUrl(), "SELECT balance FROM wallet WHERE user_id = ?",
                st -> st.setString(1, userId), rs -> rs.getLong(1)).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no wallet for " + userId));
    }

    Optional<Allocation> allocation(String bizId, String posId) {
        return query(config.lotteryUrl(), """
                SELECT round_id, user_id, shares, first_number, last_number
                  FROM allocation WHERE biz_id = ? AND pos_id = ?
                """, st -> {
            st.setString(1, bizId);
            st.setString(2, posId);
        }, rs -> new Allocation(rs.getLong("round_id"), rs.getString("user_id"), rs.getInt("shares"),
                rs.getLong("first_number"), rs.getLong("last_number"))).stream().findFirst();
    }

    Round round(long roundId) {
        return query(config.lotteryUrl(), "SELECT id, total_shares, sold_shares, status FROM round WHERE id = ?",
                st -> st.setLong(1, roundId), rs -> new Round(rs.getLong("id"), rs.getInt("total_shares"),
                        rs.getInt("sold_shares"), rs.getString("status"))).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no round " + roundId));
    }

    private static Order order(ResultSet rs) throws SQLException {
        return new Order(rs.getString("biz_id"), rs.getString("pos_id"), rs.getString("user_id"),
                rs.getLong("round_id"), rs.getInt("shares"), rs.getLong("amount"), rs.getString("status"),
                rs.getString("cancel_reason"), rs.getInt("step_attempts"));
    }

    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String url, String sql, Binder binder, Row<T> row) {
        try (Connection c = DriverManager.getConnection(url, config.user(), config.password());
             PreparedStatement st = c.prepareStatement(sql)) {
            c.setReadOnly(true);
            binder.bind(st);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    result.add(row.map(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("query on " + url + " failed: " + e.getMessage(), e);
        }
    }
}

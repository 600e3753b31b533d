package com.luckydraw.resilience;

import com.luckydraw.infra.audit.AuditConfig;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a replay must not change, read as the auditor: every wallet's balance and ledger, every order's status and
 * every allocation with its lucky numbers, and each round's sold shares. Compared as whole rows.
 */
record Snapshot(List<String> wallets, List<String> ledger, List<String> orders, List<String> allocations,
        List<String> rounds) {

    static Snapshot of(AuditConfig db) {
        return new Snapshot(
                rows(db.walletUrl(), db, "SELECT user_id, balance FROM wallet ORDER BY user_id"),
                rows(db.walletUrl(), db, "SELECT biz_id, pos_id, kind, amount FROM ledger_entry"
                        + " ORDER BY biz_id, pos_id, kind"),
                rows(db.ordersUrl(), db, "SELECT id, status, shares, amount FROM purchase_order ORDER BY id"),
                rows(db.lotteryUrl(), db, "SELECT biz_id, pos_id, round_id, shares, first_number, last_number"
                        + " FROM allocation ORDER BY round_id, first_number"),
                rows(db.lotteryUrl(), db, "SELECT id, sold_shares FROM round ORDER BY id"));
    }

    long rowCount() {
        return wallets.size() + ledger.size() + orders.size() + allocations.size() + rounds.size();
    }

    /** The kinds of rows that differ, with their counts before and after; empty when nothing changed. */
    List<String> differencesFrom(Snapshot before) {
        List<String> out = new ArrayList<>();
        compare(out, "wallets", before.wallets, wallets);
        compare(out, "ledger entries", before.ledger, ledger);
        compare(out, "orders", before.orders, orders);
        compare(out, "allocations", before.allocations, allocations);
        compare(out, "rounds", before.rounds, rounds);
        return out;
    }

    private static void compare(List<String> out, String what, List<String> before, List<String> after) {
        if (!before.equals(after)) {
            out.add(what + " changed: " + before.size() + " rows before, " + after.size() + " after");
        }
    }

    private static List<String> rows(String url, AuditConfig db, String sql) {
        List<String> rows = new ArrayList<>();
        try (var c = DriverManager.getConnection(url, db.user(), db.password());
             var st = c.prepareStatement(sql); var rs = st.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("snapshot " + sql + ": " + e.getMessage(), e);
        }
        return rows;
    }
}

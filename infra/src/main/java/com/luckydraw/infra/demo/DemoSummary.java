package com.luckydraw.infra.demo;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.infra.audit.AuditConfig;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a demo run did, scoped to its own bizIds and users: the outcomes from the order events, and the money and
 * shares from the databases, read like the audit reads them (plain SQL as the read-only auditor role).
 */
public final class DemoSummary {

    private final DemoPlan plan;
    private final DemoStream.Result stream;
    private final DemoOutcomes outcomes;
    private final Map<Long, RoundDrawn> draws;
    private final AuditConfig databases;
    private final String requestsTopic;

    public DemoSummary(DemoPlan plan, DemoStream.Result stream, DemoOutcomes outcomes, Map<Long, RoundDrawn> draws,
            AuditConfig databases, String requestsTopic) {
        this.plan = plan;
        this.stream = stream;
        this.outcomes = outcomes;
        this.draws = draws;
        this.databases = databases;
        this.requestsTopic = requestsTopic;
    }

    public void print(PrintStream out) {
        String like = plan.bizIdPrefix() + "%";
        out.println();
        out.println("luckydraw demo, run " + plan.runId());
        out.printf("  requests sent %28d  to %s, bizIds %s0000..%04d%n", stream.sent().size(), requestsTopic,
                plan.bizIdPrefix(), stream.purchases().size() - 1);
        out.printf("    distinct purchases %21d%n", stream.purchases().size());
        out.printf("    resent duplicates %22d  (same bizId and posId, new messageId)%n", stream.duplicates());
        long freeTryRequests = stream.purchases().stream().filter(p -> p.paymentMethod() == PaymentMethod.FREE_TRIES)
                .count();
        out.printf("    paid with free tries %19d%n", freeTryRequests);

        try (Connection orders = connect(databases.ordersUrl());
             Connection wallet = connect(databases.walletUrl());
             Connection lottery = connect(databases.lotteryUrl())) {
            printOrders(out, orders, like);
            printRounds(out, lottery);
            printMoney(out, wallet, like);
        } catch (SQLException e) {
            out.println("  (could not read the databases for the summary: " + e.getMessage() + ")");
        }
        printDraws(out);
    }

    private void printOrders(PrintStream out, Connection orders, String like) throws SQLException {
        Map<String, Long> byStatus = new TreeMap<>();
        try (var st = orders.prepareStatement(
                "SELECT status, count(*) AS n FROM purchase_order WHERE biz_id LIKE ? GROUP BY status")) {
            st.setString(1, like);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString("status"), rs.getLong("n"));
                }
            }
        }
        long inDatabase = byStatus.values().stream().mapToLong(Long::longValue).sum();
        out.printf("  orders %35d  in the orders database for %d purchases%s%n", inDatabase,
                stream.purchases().size(), inDatabase == stream.purchases().size() ? ": one each" : "");
        List<OrderCompleted> completed = outcomes.completed();
        List<OrderCancelled> cancelled = outcomes.cancelled();
        out.printf("    COMPLETED %30d%n", completed.size());
        out.printf("    CANCELLED %30d%n", cancelled.size());
        Map<String, Long> reasons = cancelled.stream().collect(Collectors.groupingBy(OrderCancelled::reason,
                TreeMap::new, Collectors.counting()));
        reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.printf("      %-32s %6d%n", e.getKey(), e.getValue()));
        if (outcomes.ended() < outcomes.expected()) {
            out.printf("    NOT ENDED %30d  e.g. %s%n", outcomes.expected() - outcomes.ended(),
                    outcomes.missing().stream().limit(3).toList());
        }
        byStatus.forEach((status, n) -> {
            if (!status.equals("COMPLETED") && !status.equals("CANCELLED")) {
                out.printf("    still %s in the database: %d%n", status, n);
            }
        });
    }

    private void printRounds(PrintStream out, Connection lottery) throws SQLException {
        out.println("  shares sold per round");
        Map<Long, Long> completedShares = outcomes.completed().stream().collect(Collectors.groupingBy(
                OrderCompleted::roundId, Collectors.summingLong(OrderCompleted::shares)));
        for (DemoPlan.Round round : plan.rounds()) {
            try (var st = lottery.prepareStatement("SELECT total_shares, sold_shares FROM round WHERE id = ?")) {
                st.setLong(1, round.id());
                try (var rs = st.executeQuery()) {
                    if (rs.next()) {
                        long total = rs.getLong("total_shares");
                        long sold = rs.getLong("sold_shares");
                        out.printf("    round %-4d %-24s %6d / %-6d%s  (completed orders hold %d)%n", round.id(),
                                round.name(), sold, total, sold == total ? " SOLD OUT" : "         ",
                                completedShares.getOrDefault(round.id(), 0L));
                    } else {
                        out.printf("    round %d: not in the lottery database%n", round.id());
                    }
                }
            }
        }
    }

    private void printMoney(PrintStream out, Connection wallet, String like) throws SQLException {
        record Sum(long count, long amount) {
        }
        Map<String, Sum> byKind = new LinkedHashMap<>();
        try (var st = wallet.prepareStatement("""
                SELECT kind, count(*) AS n, coalesce(sum(amount), 0) AS amount
                  FROM ledger_entry WHERE biz_id LIKE ? GROUP BY kind
                """)) {
            st.setString(1, like);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    byKind.put(rs.getString("kind"), new Sum(rs.getLong("n"), rs.getLong("amount")));
                }
            }
        }
        Sum none = new Sum(0, 0);
        Sum debit = byKind.getOrDefault("DEBIT", none);
        Sum refund = byKind.getOrDefault("REFUND", none);
        Sum spent = byKind.getOrDefault("FREE_TRY_SPEND", none);
        Sum returned = byKind.getOrDefault("FREE_TRY_REFUND", none);
        long completedMoney = outcomes.completed().stream().filter(c -> c.paymentMethod() == PaymentMethod.MONEY)
                .mapToLong(OrderCompleted::amount).sum();
        out.println("  money, in minor units of " + plan.currency());
        out.printf("    debited %32s  in %d debits%n", money(debit.amount()), debit.count());
        out.printf("    refunded %31s  in %d refunds%n", money(refund.amount()), refund.count());
        out.printf("    kept (debited - refunded) %14s  = the completed money orders' %s%s%n",
                money(debit.amount() - refund.amount()),
                money(completedMoney), debit.amount() - refund.amount() == completedMoney ? "" : "  MISMATCH");
        out.printf("    free tries spent %23d  (%d given back)%n", spent.amount(), returned.amount());

        out.println("  balances");
        Map<String, DemoPlan.User> users = plan.users().stream()
                .collect(Collectors.toMap(DemoPlan.User::id, Function.identity()));
        try (var st = wallet.prepareStatement("SELECT user_id, balance FROM wallet WHERE user_id = ANY (?)")) {
            st.setArray(1, wallet.createArrayOf("text", users.keySet().toArray()));
            try (var rs = st.executeQuery()) {
                Map<String, Long> balances = new TreeMap<>();
                while (rs.next()) {
                    balances.put(rs.getString("user_id"), rs.getLong("balance"));
                }
                plan.users().stream().sorted(Comparator.comparing(DemoPlan.User::id)).forEach(u ->
                        out.printf("    %-36s %10s -> %10s  %s%n", u.id(), money(u.balance()),
                                Optional.ofNullable(balances.get(u.id())).map(DemoSummary::money).orElse("?"),
                                u.note()));
            }
        }
    }

    private void printDraws(PrintStream out) {
        for (DemoPlan.Round round : plan.rounds()) {
            RoundDrawn draw = draws.get(round.id());
            if (draw != null) {
                out.printf("  draw of round %d (%s): winning number %d of %d..%d, winner %s%n", round.id(),
                        round.name(), draw.winningNumber(), draw.firstNumber(),
                        draw.firstNumber() + draw.totalShares() - 1, draw.winnerUserId());
                out.printf("    allocations digest %s%n", draw.allocationsDigest());
                out.printf("    (GET /admin/rounds/%d/draw on lottery-service gives the formula to recompute both)%n",
                        round.id());
            } else if (round.small()) {
                out.printf("  draw of round %d (%s): no RoundDrawn event seen%n", round.id(), round.name());
            }
        }
    }

    static String money(long minor) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + String.format("%,d.%02d", abs / 100, abs % 100);
    }

    private Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, databases.user(), databases.password());
        c.setReadOnly(true);
        return c;
    }
}

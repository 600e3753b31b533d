package com.luckydraw.infra.demo;

import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a run's users and rounds over the services' admin APIs, as an operator would: wallets with an initial
 * credit ({@code POST /admin/wallets} on wallet-service) and two products with their first round
 * ({@code POST /admin/products} on lottery-service). The users' ids carry the run id, so every run starts with fresh
 * wallets and fresh free tries.
 */
public final class DemoSetup {

    static final String CURRENCY = "CNY";

    /** name, opening balance in minor units, weight in the stream, what the demo shows with it. */
    private static final List<Object[]> USERS = List.of(
            new Object[] {"alice", 500_00L, 3, "rich: everything she asks for"},
            new Object[] {"bob", 300_00L, 3, "enough for most"},
            new Object[] {"carol", 120_00L, 2, "runs out on the way"},
            new Object[] {"dave", 30_00L, 1, "too little money for most"},
            new Object[] {"erin", 5_00L, 1, "too little money"},
            new Object[] {"frank", 0L, 1, "no money: only free tries work"});

    private final String walletUrl;
    private final String lotteryUrl;
    private final AdminHttp http = new AdminHttp();

    public DemoSetup(String walletUrl, String lotteryUrl) {
        this.walletUrl = walletUrl;
        this.lotteryUrl = lotteryUrl;
    }

    /** Users and rounds for a stream of {@code purchases}: the small round holds a fraction of its demand. */
    public DemoPlan create(String runId, int purchases, PrintStream out) {
        List<DemoPlan.User> users = new ArrayList<>();
        for (Object[] u : USERS) {
            String userId = "demo-" + runId + "-" + u[0];
            long balance = (Long) u[1];
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", userId);
            body.put("currency", CURRENCY);
            if (balance > 0) {
                body.put("initialCredit", Map.of("amount", balance, "bizId", "demo-" + runId + "-credit-" + u[0],
                        "posId", "demo-admin"));
            }
            JsonNode wallet = http.post(walletUrl + "/admin/wallets", body);
            users.add(new DemoPlan.User(userId, wallet.path("balance").asLong(), (Integer) u[2], (String) u[3]));
        }
        out.printf("  %d wallets on wallet-service: %s%n", users.size(),
                users.stream().map(u -> u.id().substring(u.id().lastIndexOf('-') + 1) + " " + DemoSummary.money(u.balance()))
                        .toList());

        List<DemoPlan.Round> rounds = new ArrayList<>();
        // A quarter of the purchases ask the small round for 2 shares on average: it holds under a third of that.
        rounds.add(round("Small jar " + runId, Math.max(10, purchases * 3 / 20), 1_00, true));
        rounds.add(round("Big jar " + runId, 5_000, 2_00, false));
        rounds.forEach(r -> out.printf("  round %d on lottery-service: %s, %d shares at %s%s%n", r.id(), r.name(),
                r.totalShares(), DemoSummary.money(r.pricePerShare()), r.small() ? " (meant to sell out)" : ""));
        return new DemoPlan(runId, CURRENCY, users, rounds);
    }

    private DemoPlan.Round round(String name, int shares, long price, boolean small) {
        JsonNode launch = http.post(lotteryUrl + "/admin/products", Map.of("name", name, "pricePerShare", price,
                "currency", CURRENCY, "sharesPerRound", shares, "reopenOnSellOut", false));
        JsonNode round = launch.path("round");
        return new DemoPlan.Round(round.path("id").asLong(), small ? "small" : "big",
                round.path("totalShares").asInt(), round.path("pricePerShare").asLong(), small);
    }
}

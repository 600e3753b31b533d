package com.luckydraw.e2e;

import com.luckydraw.infra.demo.AdminHttp;
import com.luckydraw.infra.process.Service;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an operator does before purchases can flow: open wallets (wallet-service) and launch rounds (lottery-service). */
final class Operators {

    private final E2eSystem system;
    private final AdminHttp http;

    Operators(E2eSystem system) {
        this.system = system;
        this.http = new AdminHttp(system.services.serviceAdmin());
    }

    /** A new wallet for a fresh user, credited with {@code balance} minor units; returns the user id. */
    String walletWith(long balance) {
        String userId = Purchases.id("user");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("currency", "CNY");
        if (balance > 0) {
            body.put("initialCredit", Map.of("amount", balance, "bizId", Purchases.id("credit"), "posId", "e2e-admin"));
        }
        JsonNode wallet = http.post(system.url(Service.WALLET) + "/admin/wallets", body);
        if (wallet.path("balance").asLong() != balance) {
            throw new IllegalStateException("wallet " + userId + " opened with " + wallet);
        }
        return userId;
    }

    /** A new product whose first round sells {@code shares} shares at {@code pricePerShare}; returns the round id. */
    long roundOf(int shares, long pricePerShare) {
        JsonNode launch = http.post(system.url(Service.LOTTERY) + "/admin/products", Map.of(
                "name", Purchases.id("product"), "pricePerShare", pricePerShare, "currency", "CNY",
                "sharesPerRound", shares, "reopenOnSellOut", false));
        return launch.path("round").path("id").asLong();
    }

    /** order-service's list for operators: ESCALATED, COMPENSATION_FAILED, or waiting past their deadline. */
    JsonNode stuckOrders() {
        return http.get(system.url(Service.ORDER) + "/admin/orders/stuck");
    }

    /** The draw of a round, once it is sold out (lottery-service answers 404 before). */
    JsonNode draw(long roundId) {
        return http.get(system.url(Service.LOTTERY) + "/admin/rounds/" + roundId + "/draw");
    }
}

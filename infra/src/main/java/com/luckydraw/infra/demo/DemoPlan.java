package com.luckydraw.infra.demo;

import java.util.List;

/**
 * What one demo run works with: its id (part of every bizId and user id, so runs repeat on the same databases without
 * colliding), the users with their starting balances, and the rounds.
 */
public record DemoPlan(String runId, String currency, List<User> users, List<Round> rounds) {

    public DemoPlan {
        users = List.copyOf(users);
        rounds = List.copyOf(rounds);
        if (users.isEmpty() || rounds.isEmpty()) {
            throw new IllegalArgumentException("a demo needs users and rounds");
        }
    }

    /** Prefix of this run's bizIds: {@code demo-<runId>-}. */
    public String bizIdPrefix() {
        return "demo-" + runId + "-";
    }

    public Round round(long id) {
        return rounds.stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no round " + id + " in the plan"));
    }

    /** A buyer: opening balance in minor units; {@code weight}: how often the stream picks them, relative to others. */
    public record User(String id, long balance, int weight, String note) {
    }

    /** A round on sale: {@code small} rounds are meant to sell out during the demo. */
    public record Round(long id, String name, int totalShares, long pricePerShare, boolean small) {
    }
}

package com.luckydraw.e2e;

import com.luckydraw.events.order.PurchaseRequested;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/** Waits on orders as they appear in orders_test. */
final class Orders {

    static final Set<String> ENDED = Set.of("COMPLETED", "CANCELLED");
    static final Duration SAGA = Duration.ofSeconds(60);

    private Orders() {
    }

    /** The order of the request once it is COMPLETED or CANCELLED. */
    static TestDatabases.Order ended(E2eSystem system, PurchaseRequested request) {
        return inStatus(system, request, ENDED, SAGA);
    }

    static TestDatabases.Order inStatus(E2eSystem system, PurchaseRequested request, Set<String> statuses,
            Duration atMost) {
        return await("order " + request.posId() + "/" + request.bizId() + " in " + statuses).atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> system.read.order(request.bizId(), request.posId()),
                        o -> o.filter(order -> statuses.contains(order.status())).isPresent())
                .orElseThrow();
    }

    static Optional<TestDatabases.Order> now(E2eSystem system, PurchaseRequested request) {
        return system.read.order(request.bizId(), request.posId());
    }
}

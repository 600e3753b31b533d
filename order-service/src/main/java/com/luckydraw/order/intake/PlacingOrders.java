package com.luckydraw.order.intake;

import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.messaging.inbox.Received;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.messaging.outbox.Outbox.Outgoing;
import com.luckydraw.order.metrics.OrderMetrics;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.order.Purchase;
import com.luckydraw.order.order.PurchaseKey;
import com.luckydraw.order.saga.PurchaseSaga;
import com.luckydraw.order.saga.SagaProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns purchase requests into orders, in the batch's transaction: {@code INSERT ... ON CONFLICT DO NOTHING} for all
 * of them (a race between two deliveries of one purchase ends in one order, whichever index it meets on), the saga's first command for each new order into the outbox. A key already taken is a
 * resend when the purchase is the same (counted, no effect), and a {@link PurchaseConflictException} when it is not:
 * the batch then rolls back, the messaging library applies its requests one by one and dead-letters only the culprit.
 */
@Component
public class PlacingOrders {

    private final Orders orders;
    private final PurchaseSaga saga;
    private final Outbox outbox;
    private final SagaProperties sagaProperties;
    private final OrderMetrics metrics;
    private final Clock clock;

    public PlacingOrders(Orders orders, PurchaseSaga saga, Outbox outbox, SagaProperties sagaProperties,
            OrderMetrics metrics, Clock clock) {
        this.orders = orders;
        this.saga = saga;
        this.outbox = outbox;
        this.sagaProperties = sagaProperties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void place(List<Received<PurchaseRequested>> requests) {
        Instant now = clock.instant();
        Instant deadline = now.plus(sagaProperties.stepTimeout());
        List<Order> candidates = requests.stream()
                .map(r -> Order.place(keyOf(r.message()), purchaseOf(r.message()), now, deadline)).toList();
        Set<OrderId> inserted = orders.insertIfAbsent(candidates);

        Set<OrderId> started = new HashSet<>();
        List<Outgoing> outgoing = new ArrayList<>();
        List<Order> resent = new ArrayList<>();
        for (Order order : candidates) {
            if (inserted.contains(order.id()) && started.add(order.id())) {
                outgoing.addAll(saga.start(order));
            } else {
                resent.add(order); // the key was taken before, or earlier in this batch
            }
        }
        if (!resent.isEmpty()) {
            // By key, not by id: an order stored under an earlier id formula is still found (docs/decisions.md).
            Map<PurchaseKey, Order> stored = orders.findAllByKey(resent.stream().map(Order::key).toList());
            for (Order request : resent) {
                Order accepted = stored.get(request.key());
                if (accepted == null) {
                    // Not inserted, yet nothing under its key: its id is another key's. Impossible with one-to-one
                    // ids; said plainly rather than applied to the other purchase.
                    throw new IllegalStateException("order id " + request.id() + " of " + request.key()
                            + " is taken by another purchase key");
                }
                List<String> differences = accepted.purchase().differencesFrom(request.purchase());
                if (!differences.isEmpty()) {
                    if (requests.size() == 1) {
                        // Counted once: a larger batch that fails is applied again one request at a time.
                        metrics.conflictingRequest();
                    }
                    throw new PurchaseConflictException(request.key(), differences);
                }
            }
            metrics.duplicateRequests(resent.size());
        }
        outbox.appendAll(outgoing);
    }

    static PurchaseKey keyOf(PurchaseRequested request) {
        return new PurchaseKey(request.posId(), request.bizId());
    }

    static Purchase purchaseOf(PurchaseRequested request) {
        return new Purchase(request.userId(), request.roundId(), request.shares(), request.pricePerShare(),
                request.currency(), request.paymentMethod());
    }
}

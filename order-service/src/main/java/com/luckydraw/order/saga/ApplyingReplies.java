package com.luckydraw.order.saga;

import com.luckydraw.events.Message;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.lottery.RoundOpened;
import com.luckydraw.messaging.inbox.Received;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.messaging.outbox.Outbox.Outgoing;
import com.luckydraw.order.metrics.OrderMetrics;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.Orders;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of replies from the wallet and the lottery, in the batch's transaction: locks the orders they
 * name (all at once, in id order), lets the saga move each order in the order the replies arrived, then writes the
 * changed orders (version-checked, with their history) and the saga's next messages to the outbox.
 */
@Component
public class ApplyingReplies {

    private final Orders orders;
    private final PurchaseSaga saga;
    private final Outbox outbox;
    private final OrderMetrics metrics;
    private final Clock clock;

    public ApplyingReplies(Orders orders, PurchaseSaga saga, Outbox outbox, OrderMetrics metrics, Clock clock) {
        this.orders = orders;
        this.saga = saga;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void apply(List<? extends Received<? extends Message>> batch) {
        // Openings and draws are the lottery's news for everyone; no order waits on them.
        List<Message> replies = batch.stream().<Message>map(Received::message)
                .filter(m -> !(m instanceof RoundOpened || m instanceof RoundDrawn)).toList();
        if (replies.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<OrderId, Order> locked = orders.lockAll(replies.stream().map(m -> new OrderId(m.correlationId())).toList());
        Set<Order> touched = new LinkedHashSet<>();
        List<Outgoing> outgoing = new ArrayList<>();
        for (Message reply : replies) {
            Order order = locked.get(new OrderId(reply.correlationId()));
            if (order == null) {
                metrics.replyIgnored(reply.type(), "unknown-order");
                continue;
            }
            outgoing.addAll(saga.onReply(reply, order, now));
            touched.add(order);
        }
        orders.saveAll(touched);
        outbox.appendAll(outgoing);
    }
}

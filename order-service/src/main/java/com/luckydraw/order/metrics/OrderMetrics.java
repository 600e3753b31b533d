package com.luckydraw.order.metrics;

import com.luckydraw.order.order.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What order-service measures. Events that happen inside a transaction are counted when it commits, so a batch
 * rolled back and applied again one message at a time does not count twice.
 */
@Component
public class OrderMetrics {

    private final MeterRegistry meters;
    private final Counter duplicateRequests;
    private final Counter conflictingRequests;
    private final Map<OrderStatus, AtomicLong> byStatus = new EnumMap<>(OrderStatus.class);

    public OrderMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.duplicateRequests = Counter.builder("luckydraw.orders.duplicate.requests")
                .description("purchase requests resent with the same payload: no effect").register(meters);
        this.conflictingRequests = Counter.builder("luckydraw.orders.conflicting.requests")
                .description("purchase requests under a used key with another payload: dead-lettered").register(meters);
        for (OrderStatus status : OrderStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("luckydraw.orders", count, AtomicLong::get).description("orders by status")
                    .tag("status", status.name()).register(meters);
        }
    }

    public void duplicateRequests(int n) {
        afterCommit(() -> duplicateRequests.increment(n));
    }

    /** Counted at once: the transaction that found the conflict rolls back by design. */
    public void conflictingRequest() {
        conflictingRequests.increment();
    }

    /** A step got its reply {@code latency} after its command was first sent. */
    public void stepReplied(String step, String outcome, Duration latency) {
        afterCommit(() -> Timer.builder("luckydraw.saga.step.latency")
                .description("from a step's first command to its reply").tag("step", step).tag("outcome", outcome)
                .publishPercentileHistogram().register(meters).record(latency));
    }

    /**
     * Makes a step's retry counter exist at zero before its first retry: a dashboard then shows 0, not "not
     * reported", and a rate over it starts from the beginning.
     */
    public void expectRetries(String step) {
        meters.counter("luckydraw.saga.retries", "step", step);
    }

    /** The same for an escalation the saga can make. */
    public void expectEscalations(String step, OrderStatus to) {
        meters.counter("luckydraw.saga.escalations", "step", step, "to", to.name());
    }

    public void stepRetried(String step) {
        afterCommit(() -> meters.counter("luckydraw.saga.retries", "step", step).increment());
    }

    public void escalated(String step, OrderStatus to) {
        afterCommit(() -> meters.counter("luckydraw.saga.escalations", "step", step, "to", to.name()).increment());
    }

    /** A reply that did not fit (late, duplicate, unknown order): nothing changed. */
    public void replyIgnored(String type, String why) {
        afterCommit(() -> meters.counter("luckydraw.saga.replies.ignored", "type", type, "why", why).increment());
    }

    public void statusCounts(Map<OrderStatus, Long> counts) {
        counts.forEach((status, n) -> byStatus.get(status).set(n));
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}

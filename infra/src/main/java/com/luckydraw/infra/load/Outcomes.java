package com.luckydraw.infra.load;

import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.OrderEvent;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches terminal order events to the requests sent: the latency of an order is the time its first terminal event
 * was received minus the time its first request was sent, both read from this machine's monotonic clock (the
 * events' occurredAt comes from order-service's clock and is not used). Later terminal events of the same order
 * (a replay, a resent duplicate) and events of orders this run did not send are counted apart, not measured.
 */
final class Outcomes {

    /** Latencies in microseconds, up to an hour. */
    private static final long HIGHEST = TimeUnit.HOURS.toMicros(1);

    private final ConcurrentHashMap<UUID, Long> sentAt = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder(HIGHEST, 3);
    private final Histogram total = new Histogram(HIGHEST, 3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    private final Map<String, Long> cancelReasons = new ConcurrentHashMap<>();
    private volatile long firstSent = Long.MIN_VALUE;
    private volatile long lastTerminal = Long.MIN_VALUE;

    /** Records the first send of an order; a resend keeps the original time. */
    void sent(UUID orderId, long nanos) {
        if (firstSent == Long.MIN_VALUE) {
            firstSent = nanos;
        }
        sentAt.putIfAbsent(orderId, nanos);
    }

    /** Whether an order of this tracker is still waiting for its terminal event. */
    boolean expects(UUID orderId) {
        return sentAt.containsKey(orderId);
    }

    /** Forgets an order whose request never reached the broker. */
    void unsent(UUID orderId) {
        sentAt.remove(orderId);
    }

    /** A terminal event received at {@code nanos}; called by the one consumer thread. */
    void terminal(OrderEvent event, long nanos) {
        Long sent = sentAt.remove(event.correlationId());
        if (sent == null) {
            foreign.incrementAndGet();
            return;
        }
        recorder.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos - sent)));
        lastTerminal = nanos;
        if (event instanceof OrderCompleted) {
            completed.incrementAndGet();
        } else if (event instanceof OrderCancelled c) {
            cancelled.incrementAndGet();
            cancelReasons.merge(c.reason(), 1L, Long::sum);
        }
    }

    /** Latencies recorded since the previous call; they are added to the run's total as well. */
    synchronized Histogram interval() {
        Histogram h = recorder.getIntervalHistogram();
        total.add(h);
        return h;
    }

    /** Every latency recorded so far. */
    synchronized Histogram total() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    long inFlight() {
        return sentAt.size();
    }

    long completed() {
        return completed.get();
    }

    long cancelled() {
        return cancelled.get();
    }

    long terminal() {
        return completed.get() + cancelled.get();
    }

    /** Terminal events that matched no order of this run, or an order already ended. */
    long foreign() {
        return foreign.get();
    }

    Map<String, Long> cancelReasons() {
        return new TreeMap<>(cancelReasons);
    }

    long firstSent() {
        return firstSent;
    }

    long lastTerminal() {
        return lastTerminal;
    }
}

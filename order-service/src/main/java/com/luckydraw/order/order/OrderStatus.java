package com.luckydraw.order.order;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an order is in the purchase saga. The allowed moves are listed once here; the database's trigger
 * ({@code purchase_order_guard}) allows exactly the same pairs, and a test holds them equal.
 *
 * <pre>
 * PENDING   -> PAID (debited), CANCELLED (debit rejected), REFUNDING (no debit reply: refund to be sure)
 * PAID      -> COMPLETED (allocated), REFUNDING (allocation rejected), ESCALATED (no allocation reply)
 * ESCALATED -> PAID (operator retry), COMPLETED / REFUNDING (the void's answer, or the allocation reply after all)
 * REFUNDING -> CANCELLED (refunded), COMPENSATION_FAILED (no refund reply)
 * COMPENSATION_FAILED -> CANCELLED (refunded, at last)
 * COMPLETED, CANCELLED: finished, never change
 * </pre>
 */
public enum OrderStatus {
    /** Created; the wallet debit is asked for. */
    PENDING,
    /** The wallet was debited; the shares are asked for. */
    PAID,
    /** Paid and allocated: done. */
    COMPLETED,
    /** The debit is being given back before the order is cancelled. */
    REFUNDING,
    /** Ended without shares; any debit was refunded. */
    CANCELLED,
    /** The refund was not confirmed after every attempt; it keeps being sent, more slowly. */
    COMPENSATION_FAILED,
    /**
     * Paid, but the allocation was never answered: after {@code void-after} the allocation request is voided
     * (VoidAllocation, sent again until answered), which completes or refunds the order; an operator may retry or void
     * it sooner.
     */
    ESCALATED;

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = new EnumMap<>(OrderStatus.class);

    static {
        NEXT.put(PENDING, EnumSet.of(PAID, CANCELLED, REFUNDING));
        NEXT.put(PAID, EnumSet.of(COMPLETED, REFUNDING, ESCALATED));
        NEXT.put(ESCALATED, EnumSet.of(PAID, COMPLETED, REFUNDING));
        NEXT.put(REFUNDING, EnumSet.of(CANCELLED, COMPENSATION_FAILED));
        NEXT.put(COMPENSATION_FAILED, EnumSet.of(CANCELLED));
        NEXT.put(COMPLETED, EnumSet.noneOf(OrderStatus.class));
        NEXT.put(CANCELLED, EnumSet.noneOf(OrderStatus.class));
    }

    public boolean canMoveTo(OrderStatus next) {
        return NEXT.get(this).contains(next);
    }

    public Set<OrderStatus> next() {
        return EnumSet.copyOf(NEXT.get(this));
    }

    /** COMPLETED and CANCELLED: the order never changes again. */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED;
    }

    /** The saga waits for a reply in these, with a deadline the sweeper watches: every status but the terminal ones. */
    public boolean awaitsReply() {
        return this == PENDING || this == PAID || this == REFUNDING || this == COMPENSATION_FAILED
                || this == ESCALATED;
    }

    /** The debit may have happened and must be given back before the order ends. */
    public boolean isRefunding() {
        return this == REFUNDING || this == COMPENSATION_FAILED;
    }
}

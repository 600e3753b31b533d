package com.luckydraw.order.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static com.luckydraw.order.order.OrderStatus.CANCELLED;
import static com.luckydraw.order.order.OrderStatus.COMPENSATION_FAILED;
import static com.luckydraw.order.order.OrderStatus.COMPLETED;
import static com.luckydraw.order.order.OrderStatus.ESCALATED;
import static com.luckydraw.order.order.OrderStatus.PAID;
import static com.luckydraw.order.order.OrderStatus.PENDING;
import static com.luckydraw.order.order.OrderStatus.REFUNDING;

/**
 * One purchase carried through the saga. Every change goes through a guarded method that refuses a move
 * {@link OrderStatus} does not allow ({@link IllegalOrderTransitionException}), so an order cannot skip a step or
 * leave a finished state. Besides its status, an order tracks the step it waits on: how many times the step's
 * command was sent, when the step began and when its reply is due.
 *
 * <p>Not thread-safe: one transaction holds an order at a time (row lock), and {@link Orders#save} refuses a write
 * over a newer version ({@link StaleOrderException}).
 */
public final class Order {

    private final OrderId id;
    private final PurchaseKey key;
    private final Purchase purchase;
    private final Instant createdAt;

    private OrderStatus status;
    private String cancelReason;
    private LuckyNumbers numbers;
    private int stepAttempts;
    private Instant stepStartedAt;
    private Instant stepDeadline;
    private Instant updatedAt;
    private long version;

    private final List<StatusChange> unsavedChanges = new ArrayList<>();
    private boolean dirty;

    private Order(OrderId id, PurchaseKey key, Purchase purchase, Instant createdAt, OrderStatus status,
            String cancelReason, LuckyNumbers numbers, int stepAttempts, Instant stepStartedAt, Instant stepDeadline,
            Instant updatedAt, long version) {
        this.id = Objects.requireNonNull(id);
        this.key = Objects.requireNonNull(key);
        this.purchase = Objects.requireNonNull(purchase);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.status = Objects.requireNonNull(status);
        this.cancelReason = cancelReason;
        this.numbers = numbers;
        this.stepAttempts = stepAttempts;
        this.stepStartedAt = stepStartedAt;
        this.stepDeadline = stepDeadline;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** A new order for a request: PENDING, its first step (the debit) sent once and due by {@code deadline}. */
    public static Order place(PurchaseKey key, Purchase purchase, Instant now, Instant deadline) {
        var order = new Order(OrderId.of(key), key, purchase, now, PENDING, null, null, 1, now, deadline, now, 0);
        order.unsavedChanges.add(new StatusChange(null, PENDING, "requested", now));
        return order;
    }

    /** An order as stored; only {@link Orders} reads orders back. */
    static Order restore(OrderId id, PurchaseKey key, Purchase purchase, Instant createdAt, OrderStatus status,
            String cancelReason, LuckyNumbers numbers, int stepAttempts, Instant stepStartedAt, Instant stepDeadline,
            Instant updatedAt, long version) {
        return new Order(id, key, purchase, createdAt, status, cancelReason, numbers, stepAttempts, stepStartedAt,
                stepDeadline, updatedAt, version);
    }

    // ----------------------------------------------------------------------------------------------- transitions

    /** The wallet was debited: the next step (allocation) begins, sent once and due by {@code deadline}. */
    public void markPaid(Instant now, Instant deadline) {
        if (status != PENDING) {
            // ESCALATED -> PAID is the operator's move, not the debit's.
            throw IllegalOrderTransitionException.of(id, status, PAID);
        }
        moveTo(PAID, "wallet debited", now);
        beginStep(now, deadline);
    }

    /** The shares were allocated with these numbers: the purchase is done. */
    public void complete(LuckyNumbers numbers, Instant now) {
        Objects.requireNonNull(numbers, "numbers");
        if (numbers.count() != purchase.shares()) {
            throw new IllegalArgumentException("lucky numbers " + numbers + " do not make the " + purchase.shares()
                    + " shares of order " + id);
        }
        moveTo(COMPLETED, "shares allocated " + numbers, now);
        this.numbers = numbers;
        endStep();
    }

    /** The debit must be given back before the order is cancelled for {@code reason}. */
    public void startRefund(String reason, Instant now, Instant deadline) {
        requireReason(reason);
        moveTo(REFUNDING, reason, now);
        this.cancelReason = reason;
        beginStep(now, deadline);
    }

    /**
     * The order ends without shares for {@code reason}: the debit was rejected, or the refund is confirmed (then
     * the reason is the one the refund was started for).
     */
    public void cancel(String reason, Instant now) {
        requireReason(reason);
        moveTo(CANCELLED, reason, now);
        this.cancelReason = reason;
        endStep();
    }

    /**
     * No allocation reply after every attempt (or an operator's void): the allocation request is to be voided at
     * {@code voidAt}. The void is the step now awaited; no void was sent yet.
     */
    public void escalate(String reason, Instant now, Instant voidAt) {
        moveTo(ESCALATED, reason, now);
        this.stepAttempts = 0;
        this.stepStartedAt = now;
        this.stepDeadline = Objects.requireNonNull(voidAt);
    }

    /** An operator voids the allocation of a paid or escalated order now: its void is due at once. */
    public void voidByOperator(Instant now) {
        if (status == PAID) {
            escalate("voided by an operator", now, now);
        } else if (status == ESCALATED) {
            this.stepDeadline = now;
            this.updatedAt = now;
            this.dirty = true;
        } else {
            throw new IllegalOrderTransitionException("order " + id + " is " + status
                    + "; only PAID and ESCALATED orders wait on an allocation that can be voided");
        }
    }

    /** No refund reply after every attempt: the refund goes on being sent, next at {@code nextAttempt}. */
    public void compensationFailed(Instant now, Instant nextAttempt) {
        moveTo(COMPENSATION_FAILED, "no refund reply after " + stepAttempts + " attempts", now);
        this.stepDeadline = nextAttempt;
    }

    /** An operator retries the allocation of an escalated order: PAID again, with fresh attempts. */
    public void retryByOperator(Instant now, Instant deadline) {
        if (status != ESCALATED) {
            // PENDING -> PAID is the debit's move, not an operator's.
            throw new IllegalOrderTransitionException("order " + id + " is " + status
                    + "; only ESCALATED orders are retried by an operator (the saga retries the others itself)");
        }
        moveTo(PAID, "retried by an operator", now);
        beginStep(now, deadline);
    }

    /** The current step's command was sent again; its reply is due by {@code deadline}. The status stays. */
    public void stepResent(Instant now, Instant deadline) {
        if (!status.awaitsReply()) {
            throw new IllegalOrderTransitionException("order " + id + " is " + status + " and waits on no step;"
                    + " nothing to send again");
        }
        this.stepAttempts++;
        this.stepDeadline = Objects.requireNonNull(deadline);
        this.updatedAt = now;
        this.dirty = true;
    }

    private void moveTo(OrderStatus next, String reason, Instant now) {
        if (!status.canMoveTo(next)) {
            throw IllegalOrderTransitionException.of(id, status, next);
        }
        unsavedChanges.add(new StatusChange(status, next, reason, now));
        this.status = next;
        this.updatedAt = now;
        this.dirty = true;
    }

    private void beginStep(Instant now, Instant deadline) {
        this.stepAttempts = 1;
        this.stepStartedAt = now;
        this.stepDeadline = Objects.requireNonNull(deadline);
    }

    private void endStep() {
        this.stepDeadline = null;
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a cancellation needs a reason");
        }
    }

    // ----------------------------------------------------------------------------------------------- persistence

    /** Status changes not yet written to the history. */
    List<StatusChange> unsavedChanges() {
        return List.copyOf(unsavedChanges);
    }

    /** Whether anything changed since the order was read or saved. */
    public boolean hasUnsavedChanges() {
        return dirty || !unsavedChanges.isEmpty();
    }

    /** Called by {@link Orders} once written: the stored version moved on. */
    void saved(long newVersion) {
        this.version = newVersion;
        this.unsavedChanges.clear();
        this.dirty = false;
    }

    // ----------------------------------------------------------------------------------------------- reading

    public OrderId id() {
        return id;
    }

    public PurchaseKey key() {
        return key;
    }

    public Purchase purchase() {
        return purchase;
    }

    public OrderStatus status() {
        return status;
    }

    /** Why the order is being or was cancelled; null while it is not. */
    public String cancelReason() {
        return cancelReason;
    }

    /** The lucky numbers once completed; null before. */
    public LuckyNumbers numbers() {
        return numbers;
    }

    public int stepAttempts() {
        return stepAttempts;
    }

    public Instant stepStartedAt() {
        return stepStartedAt;
    }

    /** When the current step's reply (or, escalated, its void) is due; null once the order is finished. */
    public Instant stepDeadline() {
        return stepDeadline;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "Order[" + id + " " + key + " " + status + (cancelReason == null ? "" : " (" + cancelReason + ")")
                + ", version " + version + "]";
    }
}

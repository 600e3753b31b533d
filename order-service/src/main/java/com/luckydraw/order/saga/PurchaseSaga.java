package com.luckydraw.order.saga;

import com.luckydraw.events.Message;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletRefunded;
import com.luckydraw.messaging.outbox.Outbox.Outgoing;
import com.luckydraw.order.metrics.OrderMetrics;
import com.luckydraw.order.order.LuckyNumbers;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.Purchase;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.luckydraw.order.order.OrderStatus.COMPENSATION_FAILED;
import static com.luckydraw.order.order.OrderStatus.ESCALATED;
import static com.luckydraw.order.order.OrderStatus.PAID;
import static com.luckydraw.order.order.OrderStatus.PENDING;
import static com.luckydraw.order.order.OrderStatus.REFUNDING;

/**
 * The purchase saga, orchestrated here and only here. Each step sits beside its compensation:
 *
 * <pre>
 * step               command         success reply                 failure reply                         compensation
 * 1 debit wallet     DebitWallet     WalletDebited -> PAID, step 2 WalletDebitRejected -> CANCELLED      RefundWallet; WalletRefunded -> CANCELLED
 * 2 allocate shares  AllocateShares  SharesAllocated -> COMPLETED  AllocationRejected -> REFUNDING,      none: all or nothing; an unanswered
 *                                    + OrderCompleted              compensate step 1 (+ OrderCancelled)  request is voided: VoidAllocation;
 *                                                                                                        SharesAllocated -> COMPLETED or
 *                                                                                                        AllocationRejected(VOIDED) -> REFUNDING
 * </pre>
 *
 * <p>Every method takes an order its caller has locked, changes it through its guarded transitions and returns the
 * messages to send; the caller saves the order and appends the messages to the outbox in one transaction. A reply is
 * matched to its order by {@code correlationId} (the order id). A reply that does not fit the order's state (late,
 * duplicate, repeated after a resend) changes nothing and is counted.
 *
 * <p>Timeouts: a step not answered by its deadline has its command sent again (same bizId/posId, new messageId, so
 * the receiver's inbox lets it through and its (bizId, posId) idempotency makes it harmless). After
 * {@code maxAttempts} sends the saga escalates: no debit reply, refund to be sure (DEBIT_TIMEOUT); no allocation
 * reply, ESCALATED, where an operator may retry or void it, and after {@code voidAfter} the saga voids the request
 * itself, sent again until answered (like a payment system's void of a pending transfer); no refund reply,
 * COMPENSATION_FAILED, retried more slowly until refunded. So every non-terminal order has a deadline.
 */
@Component
public class PurchaseSaga {

    /** The reason of orders refunded because the debit was never answered. */
    public static final String DEBIT_TIMEOUT = "DEBIT_TIMEOUT";

    /** The steps, as metrics and operators name them. */
    public enum Step {
        /** 1. Take the price (or the free tries) from the wallet. Compensation: {@link #REFUND_WALLET}. */
        DEBIT_WALLET("debit-wallet"),
        /** 2. Allocate the shares and their lucky numbers, all or nothing. No compensation. */
        ALLOCATE_SHARES("allocate-shares"),
        /** Compensation of step 1: give the debit back. */
        REFUND_WALLET("refund-wallet"),
        /**
         * Way out of step 2 when it is never answered: void the allocation request. The lottery answers with the
         * allocation if it happened, or a VOIDED rejection and a tombstone so that it never happens.
         */
        VOID_ALLOCATION("void-allocation");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The step an order in this status waits on. */
        public static Step awaitedIn(OrderStatus status) {
            return switch (status) {
                case PENDING -> DEBIT_WALLET;
                case PAID -> ALLOCATE_SHARES;
                case ESCALATED -> VOID_ALLOCATION;
                case REFUNDING, COMPENSATION_FAILED -> REFUND_WALLET;
                case COMPLETED, CANCELLED -> throw new IllegalArgumentException(status + " orders wait on no step");
            };
        }
    }

    private final SagaProperties properties;
    private final OrderMetrics metrics;

    public PurchaseSaga(SagaProperties properties, OrderMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
        // Every retry and escalation this saga can count, at zero until it happens (see onTimeout).
        for (Step step : Step.values()) {
            metrics.expectRetries(step.label());
        }
        metrics.expectEscalations(Step.DEBIT_WALLET.label(), REFUNDING);
        metrics.expectEscalations(Step.ALLOCATE_SHARES.label(), ESCALATED);
        metrics.expectEscalations(Step.REFUND_WALLET.label(), COMPENSATION_FAILED);
    }

    /** A new order (placed PENDING): its first step begins. */
    public List<Outgoing> start(Order order) {
        return List.of(debitWallet(order));
    }

    // ================================================================ step 1: debit the wallet

    private Outgoing debitWallet(Order order) {
        Purchase p = order.purchase();
        UUID orderId = order.id().value();
        DebitWallet command = p.paymentMethod() == PaymentMethod.MONEY
                ? DebitWallet.money(order.key().bizId(), order.key().posId(), orderId, p.userId(),
                        p.amount().minorUnits(), p.currency())
                : DebitWallet.freeTries(order.key().bizId(), order.key().posId(), orderId, p.userId(),
                        p.freeTries(), p.currency());
        return new Outgoing(Topics.WALLET_COMMANDS, p.userId(), command);
    }

    List<Outgoing> on(WalletDebited reply, Order order, Instant now) {
        if (order.status() != PENDING) {
            return ignored(reply, order);
        }
        replied(order, "debited", now);
        order.markPaid(now, deadline(now));
        return List.of(allocateShares(order));
    }

    List<Outgoing> on(WalletDebitRejected reply, Order order, Instant now) {
        if (order.status() != PENDING) {
            return ignored(reply, order);
        }
        replied(order, "rejected", now);
        order.cancel(reply.reason().name(), now);
        return List.of(orderCancelled(order, now));
    }

    // ---------------------------------------------------------------- compensation of step 1: refund the wallet

    private Outgoing refundWallet(Order order) {
        return new Outgoing(Topics.WALLET_COMMANDS, order.purchase().userId(), RefundWallet.of(order.key().bizId(),
                order.key().posId(), order.id().value(), order.purchase().userId(), order.cancelReason()));
    }

    List<Outgoing> on(WalletRefunded reply, Order order, Instant now) {
        if (!order.status().isRefunding()) {
            return ignored(reply, order);
        }
        replied(order, reply.refunded() ? "refunded" : "nothing-to-refund", now);
        order.cancel(order.cancelReason(), now);
        return List.of(orderCancelled(order, now));
    }

    // ================================================================ step 2: allocate the shares (no compensation)

    private Outgoing allocateShares(Order order) {
        Purchase p = order.purchase();
        return new Outgoing(Topics.LOTTERY_COMMANDS, Long.toString(p.roundId()), AllocateShares.of(
                order.key().bizId(), order.key().posId(), order.id().value(), p.userId(), p.roundId(), p.shares(),
                p.pricePerShare(), p.currency()));
    }

    List<Outgoing> on(SharesAllocated reply, Order order, Instant now) {
        // ESCALATED too: the allocation was answered after the saga gave up waiting; the shares are the buyer's.
        if (order.status() != PAID && order.status() != ESCALATED) {
            return ignored(reply, order);
        }
        replied(order, "allocated", now);
        order.complete(new LuckyNumbers(reply.firstNumber(), reply.lastNumber()), now);
        return List.of(orderCompleted(order, now));
    }

    List<Outgoing> on(AllocationRejected reply, Order order, Instant now) {
        if (order.status() != PAID && order.status() != ESCALATED) {
            return ignored(reply, order);
        }
        replied(order, "rejected", now);
        order.startRefund(reply.reason().name(), now, deadline(now));
        return List.of(refundWallet(order));
    }

    // ---------------------------------------------------------------- way out of step 2: void the allocation request

    private Outgoing voidAllocation(Order order) {
        AllocateShares request = (AllocateShares) allocateShares(order).message();
        return new Outgoing(Topics.LOTTERY_COMMANDS, Long.toString(request.roundId()), VoidAllocation.of(request));
    }

    /** An operator voids the allocation of a paid or escalated order now; the answer completes or refunds it. */
    public List<Outgoing> voidByOperator(Order order, Instant now) {
        order.voidByOperator(now);
        return onTimeout(order, now);
    }

    // ================================================================ outcomes

    private static Outgoing orderCompleted(Order order, Instant now) {
        Purchase p = order.purchase();
        return new Outgoing(Topics.ORDER_EVENTS, order.id().toString(), new OrderCompleted(UUID.randomUUID(),
                OrderCompleted.SCHEMA_VERSION, order.key().bizId(), order.key().posId(), order.id().value(), now,
                p.userId(), p.roundId(), p.shares(), p.paymentMethod(), p.amount().minorUnits(),
                order.numbers().first(), order.numbers().last()));
    }

    private static Outgoing orderCancelled(Order order, Instant now) {
        Purchase p = order.purchase();
        return new Outgoing(Topics.ORDER_EVENTS, order.id().toString(), new OrderCancelled(UUID.randomUUID(),
                OrderCancelled.SCHEMA_VERSION, order.key().bizId(), order.key().posId(), order.id().value(), now,
                p.userId(), p.roundId(), order.cancelReason()));
    }

    // ================================================================ replies, timeouts, operators

    /** Applies a reply from the wallet or the lottery to its order. */
    public List<Outgoing> onReply(Message reply, Order order, Instant now) {
        if (!reply.bizId().equals(order.key().bizId()) || !reply.posId().equals(order.key().posId())) {
            metrics.replyIgnored(reply.type(), "key-mismatch");
            return List.of();
        }
        if (reply instanceof WalletDebited debited) {
            return on(debited, order, now);
        } else if (reply instanceof WalletDebitRejected rejected) {
            return on(rejected, order, now);
        } else if (reply instanceof WalletRefunded refunded) {
            return on(refunded, order, now);
        } else if (reply instanceof SharesAllocated allocated) {
            return on(allocated, order, now);
        } else if (reply instanceof AllocationRejected rejected) {
            return on(rejected, order, now);
        }
        metrics.replyIgnored(reply.type(), "not-a-reply");
        return List.of();
    }

    /**
     * The order's step is past its deadline: send its command again, or escalate once every attempt is spent.
     * A failed compensation is never given up: it is sent again every {@code compensationRetryInterval}.
     */
    public List<Outgoing> onTimeout(Order order, Instant now) {
        Step step = Step.awaitedIn(order.status());
        if (order.status() == COMPENSATION_FAILED) {
            order.stepResent(now, now.plus(properties.compensationRetryInterval()));
            metrics.stepRetried(step.label());
            return List.of(refundWallet(order));
        }
        if (order.status() == ESCALATED) {
            // Never given up: the void is the way out. After maxAttempts it is sent as slowly as a failed refund.
            order.stepResent(now, order.stepAttempts() < properties.maxAttempts() ? deadline(now)
                    : now.plus(properties.compensationRetryInterval()));
            metrics.stepRetried(step.label());
            return List.of(voidAllocation(order));
        }
        if (order.stepAttempts() < properties.maxAttempts()) {
            order.stepResent(now, deadline(now));
            metrics.stepRetried(step.label());
            return List.of(commandOf(step, order));
        }
        return switch (order.status()) {
            case PENDING -> {
                // The debit may have happened unseen; the wallet refuses a debit that arrives after its refund.
                order.startRefund(DEBIT_TIMEOUT, now, deadline(now));
                metrics.escalated(step.label(), REFUNDING);
                yield List.of(refundWallet(order));
            }
            case PAID -> {
                order.escalate("no allocation reply after " + order.stepAttempts() + " attempts", now,
                        now.plus(properties.voidAfter()));
                metrics.escalated(step.label(), ESCALATED);
                yield List.of();
            }
            case REFUNDING -> {
                order.compensationFailed(now, now.plus(properties.compensationRetryInterval()));
                metrics.escalated(step.label(), COMPENSATION_FAILED);
                yield List.of();
            }
            default -> throw new IllegalStateException("no timeout for a " + order.status() + " order");
        };
    }

    /** An operator retries the allocation of an escalated order. */
    public List<Outgoing> retryByOperator(Order order, Instant now) {
        order.retryByOperator(now, deadline(now));
        return List.of(allocateShares(order));
    }

    private Outgoing commandOf(Step step, Order order) {
        return switch (step) {
            case DEBIT_WALLET -> debitWallet(order);
            case ALLOCATE_SHARES -> allocateShares(order);
            case REFUND_WALLET -> refundWallet(order);
            case VOID_ALLOCATION -> voidAllocation(order);
        };
    }

    private Instant deadline(Instant now) {
        return now.plus(properties.stepTimeout());
    }

    private void replied(Order order, String outcome, Instant now) {
        Step step = Step.awaitedIn(order.status());
        metrics.stepReplied(step.label(), outcome, Duration.between(order.stepStartedAt(), now));
    }

    private List<Outgoing> ignored(Message reply, Order order) {
        metrics.replyIgnored(reply.type(), order.status().isTerminal() ? "order-finished" : "out-of-step");
        return List.of();
    }
}

package com.luckydraw.wallet.debit;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A row of {@code debit_request}: the outcome of the debit under one key, and of its refund once there was one.
 *
 * @param reason       null when debited; a {@link DebitRejection} name, or {@link #REFUNDED_BEFORE_DEBIT} for the
 *                     tombstone a refund leaves when it came before its debit
 * @param refund       null until a refund came
 */
record DebitRecord(RequestKey key, UserId userId, UUID orderId, PaymentMethod method, long amount, String currency,
        int freeTries, LocalDate freeTryDay, String requestHash, boolean debited, String reason, String detail,
        Long balanceAfter, Instant decidedAt, RefundState refund, Long refundBalanceAfter, String refundReason,
        Instant refundedAt) {

    static final String REFUNDED_BEFORE_DEBIT = "REFUNDED_BEFORE_DEBIT";

    enum RefundState { REFUNDED, NOTHING_TO_REFUND }

    static DebitRecord debited(DebitCommand c, LocalDate freeTryDay, long balanceAfter, Instant at) {
        return new DebitRecord(c.key(), c.userId(), c.orderId(), c.method(), c.amount(), c.currency(), c.freeTries(),
                freeTryDay, c.requestHash(), true, null, null, balanceAfter, at, null, null, null, null);
    }

    static DebitRecord rejected(DebitCommand c, DebitRejection reason, String detail, Instant at) {
        return new DebitRecord(c.key(), c.userId(), c.orderId(), c.method(), c.amount(), c.currency(), c.freeTries(),
                null, c.requestHash(), false, reason.name(), detail, null, at, null, null, null, null);
    }

    /** Left by a refund that found no debit: a debit arriving later under the key is refused. */
    static DebitRecord tombstone(RefundCommand r, String walletCurrency, long balance, Instant at) {
        return new DebitRecord(r.key(), r.userId(), r.orderId(), null, 0, walletCurrency, 0, null, null, false,
                REFUNDED_BEFORE_DEBIT, "refunded before any debit arrived", null, at, RefundState.NOTHING_TO_REFUND,
                balance, r.reason(), at);
    }

    boolean isTombstone() {
        return REFUNDED_BEFORE_DEBIT.equals(reason);
    }

    /** The outcome this record stands for, as a repeat of the request gets it. */
    DebitOutcome outcome(boolean replayed) {
        if (debited) {
            return new DebitOutcome.Debited(userId, method, amount, currency, freeTries, balanceAfter, decidedAt,
                    replayed);
        }
        return new DebitOutcome.Rejected(userId, DebitRejection.valueOf(reason), detail, decidedAt, replayed);
    }

    RefundOutcome refundOutcome(boolean replayed) {
        boolean refunded = refund == RefundState.REFUNDED;
        return new RefundOutcome(userId, refunded, method, refunded ? amount : 0, currency, refunded ? freeTries : 0,
                refundBalanceAfter, refundedAt, replayed);
    }
}

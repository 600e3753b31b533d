package com.luckydraw.wallet.debit;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.wallet.wallet.UserId;

import java.time.Instant;

/** What a debit request got: the same answer every time the same request comes again. */
public sealed interface DebitOutcome {

    UserId userId();

    /** When the outcome was decided (the first time, for a repeat). */
    Instant decidedAt();

    /** True when this answers a repeat of a request decided before. */
    boolean replayed();

    record Debited(UserId userId, PaymentMethod method, long amount, String currency, int freeTries,
            long balanceAfter, Instant decidedAt, boolean replayed) implements DebitOutcome {
    }

    record Rejected(UserId userId, DebitRejection reason, String detail, Instant decidedAt, boolean replayed)
            implements DebitOutcome {
    }
}

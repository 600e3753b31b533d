package com.luckydraw.wallet.debit;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.wallet.wallet.UserId;

import java.time.Instant;

/**
 * What a refund did. {@code refunded} is false when there was nothing to give back (no debit under the key, or a
 * rejected one); then amounts are 0 and {@code method}/{@code currency} are what is known (possibly null).
 */
public record RefundOutcome(UserId userId, boolean refunded, PaymentMethod method, long amount, String currency,
        int freeTries, long balanceAfter, Instant refundedAt, boolean replayed) {
}

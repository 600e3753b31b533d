package com.luckydraw.wallet.topup;

/**
 * What one credit did.
 *
 * @param reason       why it was rejected, null otherwise
 * @param balanceAfter the balance right after this credit (when applied now or before), null if rejected
 */
public record CreditOutcome(Status status, Reason reason, String detail, Long balanceAfter) {

    public enum Status { APPLIED, ALREADY_APPLIED, REJECTED }

    public enum Reason {
        /** The line could not be read or breaks a rule (amount, ids, currency). */
        INVALID_LINE,
        UNKNOWN_WALLET,
        CURRENCY_MISMATCH,
        /** The key was used before for another user or amount. */
        IDEMPOTENCY_CONFLICT,
        BALANCE_OVERFLOW,
        /** Version conflicts outlasted the retries; the same line may be sent again. */
        CONTENDED
    }

    static CreditOutcome applied(long balanceAfter) {
        return new CreditOutcome(Status.APPLIED, null, null, balanceAfter);
    }

    static CreditOutcome alreadyApplied(long balanceAfter) {
        return new CreditOutcome(Status.ALREADY_APPLIED, null, "applied before under the same key", balanceAfter);
    }

    static CreditOutcome rejected(Reason reason, String detail) {
        return new CreditOutcome(Status.REJECTED, reason, detail, null);
    }
}

package com.luckydraw.events.lottery;

/** Why no shares were allocated. */
public enum AllocationRejection {
    SOLD_OUT,
    ROUND_CLOSED,
    NOT_ENOUGH_SHARES,
    UNKNOWN_ROUND,
    PRICE_MISMATCH,
    /** The order's saga voided the request ({@link VoidAllocation}) before it was decided: it never allocates. */
    VOIDED,
    /** The (bizId, posId) was used before with a different round, user or number of shares. */
    IDEMPOTENCY_CONFLICT
}

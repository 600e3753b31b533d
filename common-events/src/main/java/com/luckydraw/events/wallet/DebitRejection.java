package com.luckydraw.events.wallet;

/** Why a debit was not applied. */
public enum DebitRejection {
    INSUFFICIENT_FUNDS,
    NO_FREE_TRIES_LEFT,
    UNKNOWN_WALLET,
    CURRENCY_MISMATCH,
    /** The (bizId, posId) was used before for a different user, method or amount. */
    IDEMPOTENCY_CONFLICT,
    /** Version conflicts outlasted the bounded retries. */
    CONTENDED
}

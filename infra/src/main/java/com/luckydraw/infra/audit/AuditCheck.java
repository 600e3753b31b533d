package com.luckydraw.infra.audit;

/**
 * Every kind of violation the audit looks for: each one is planted in throwaway databases by AuditTest, which fails
 * when a check is added here without a planted case.
 */
public enum AuditCheck {
    /** An order paid one way (MONEY, FREE_TRIES) but charged the other. */
    PAYMENT_METHOD,
    /** A COMPLETED order without exactly one debit (or free-try spend) of its amount from its user: none, or twice. */
    COMPLETED_DEBITED_ONCE,
    /** A COMPLETED order that was also refunded. */
    COMPLETED_NOT_REFUNDED,
    /** A COMPLETED order without an allocation of its shares in its round for its user. */
    COMPLETED_ALLOCATED,
    /** A CANCELLED order whose debit was not refunded exactly once, in full. */
    CANCELLED_REFUNDED,
    /** A CANCELLED order that holds shares. */
    CANCELLED_NOT_ALLOCATED,
    /** A debit or refund without an order. */
    LEDGER_HAS_ORDER,
    /** An allocation without an order. */
    ALLOCATION_HAS_ORDER,
    /** A round whose sold count is not the sum of its allocations, or exceeds its total. */
    ROUND_SOLD_MATCHES,
    /** Two allocations of a round sharing a lucky number. */
    LUCKY_NUMBERS_UNIQUE,
    /** A wallet with a negative balance. */
    BALANCE_NOT_NEGATIVE,
    /** A wallet whose ledger does not sum to its balance. */
    BALANCE_MATCHES_LEDGER,
    /** An order not COMPLETED or CANCELLED well after its own step deadline (the deadline + a grace). */
    ORDER_NOT_OVERDUE,
    /**
     * A purchase request on the requests topic, not dead-lettered (refused at the door), without an order (only with a
     * broker given).
     */
    REQUEST_HAS_ORDER
}

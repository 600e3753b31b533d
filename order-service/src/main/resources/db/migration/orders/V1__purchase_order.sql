-- Orders of order-service: one row per accepted purchase key (biz_id, pos_id), carried through the purchase saga.
-- The database keeps the order's rules too: the key is unique, the payload is consistent and never changes, and a
-- status only moves along the saga's transitions (trigger below), so no code path can break them.

CREATE TABLE purchase_order (
    -- OrderIds.of(posId, bizId): a name-based UUID, the same for every resend of the purchase.
    id              uuid        PRIMARY KEY,
    biz_id          text        NOT NULL,
    pos_id          text        NOT NULL,
    user_id         text        NOT NULL,
    round_id        bigint      NOT NULL CHECK (round_id > 0),
    shares          int         NOT NULL CHECK (shares > 0 AND shares <= 10000),
    price_per_share bigint      NOT NULL CHECK (price_per_share > 0),
    -- What the wallet is debited in minor units: shares * price for MONEY, 0 for FREE_TRIES (one try per share).
    amount          bigint      NOT NULL CHECK (amount >= 0),
    currency        char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    payment_method  text        NOT NULL CHECK (payment_method IN ('MONEY', 'FREE_TRIES')),
    status          text        NOT NULL CHECK (status IN ('PENDING', 'PAID', 'COMPLETED', 'REFUNDING', 'CANCELLED',
                                                           'COMPENSATION_FAILED', 'ESCALATED')),
    -- Why the order is being (or was) cancelled: a rejection reason (INSUFFICIENT_FUNDS, SOLD_OUT...) or DEBIT_TIMEOUT.
    cancel_reason   text,
    -- The lucky numbers first_number..last_number, once the shares are allocated.
    first_number    bigint,
    last_number     bigint,
    -- How many times the current step's command was sent, when the step began, and when it is due a reply.
    step_attempts   int         NOT NULL CHECK (step_attempts >= 0),
    step_started_at timestamptz,
    step_deadline   timestamptz,
    version         bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT purchase_order_key UNIQUE (biz_id, pos_id),
    CONSTRAINT purchase_order_amount CHECK (
        (payment_method = 'MONEY' AND amount = shares::bigint * price_per_share)
        OR (payment_method = 'FREE_TRIES' AND amount = 0)),
    -- Numbers exist exactly when the order is completed, and they count its shares.
    CONSTRAINT purchase_order_numbers CHECK (
        (status = 'COMPLETED') = (first_number IS NOT NULL AND last_number IS NOT NULL)
        AND (first_number IS NULL) = (last_number IS NULL)
        AND (first_number IS NULL OR last_number - first_number + 1 = shares)),
    CONSTRAINT purchase_order_cancel_reason CHECK (
        status NOT IN ('REFUNDING', 'COMPENSATION_FAILED', 'CANCELLED') OR cancel_reason IS NOT NULL),
    -- An order the saga waits on has a deadline, so the sweeper finds it; a finished one has none.
    CONSTRAINT purchase_order_deadline CHECK (
        (status IN ('PENDING', 'PAID', 'REFUNDING', 'COMPENSATION_FAILED')) = (step_deadline IS NOT NULL))
);

-- The sweeper's question, "which waiting orders are past their deadline?", reads only in-flight rows.
CREATE INDEX purchase_order_due ON purchase_order (step_deadline)
    WHERE status IN ('PENDING', 'PAID', 'REFUNDING', 'COMPENSATION_FAILED');

-- Operators list orders by status, newest first.
CREATE INDEX purchase_order_status ON purchase_order (status, created_at DESC);

-- Every status an order went through, and why; written in the transaction of the change.
CREATE TABLE order_status_change (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    uuid        NOT NULL REFERENCES purchase_order (id),
    from_status text,
    to_status   text        NOT NULL,
    reason      text,
    changed_at  timestamptz NOT NULL
);

CREATE INDEX order_status_change_order ON order_status_change (order_id, id);

CREATE FUNCTION purchase_order_guard() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF OLD.status IN ('COMPLETED', 'CANCELLED') AND NEW IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'illegal order transition: order % is % and finished; it never changes', OLD.id, OLD.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status
        AND (OLD.status, NEW.status) NOT IN (
            -- The saga's transitions; the Order aggregate (OrderStatus) allows exactly the same pairs.
            ('PENDING', 'PAID'),                   -- WalletDebited
            ('PENDING', 'CANCELLED'),              -- WalletDebitRejected
            ('PENDING', 'REFUNDING'),              -- no debit reply after the last attempt: refund to be sure
            ('PAID', 'COMPLETED'),                 -- SharesAllocated
            ('PAID', 'REFUNDING'),                 -- AllocationRejected
            ('PAID', 'ESCALATED'),                 -- no allocation reply after the last attempt
            ('ESCALATED', 'PAID'),                 -- an operator retries the allocation
            ('ESCALATED', 'COMPLETED'),            -- the allocation reply came after all
            ('ESCALATED', 'REFUNDING'),            -- the rejection came after all
            ('REFUNDING', 'CANCELLED'),            -- WalletRefunded
            ('REFUNDING', 'COMPENSATION_FAILED'),  -- no refund reply after the last attempt
            ('COMPENSATION_FAILED', 'CANCELLED')   -- WalletRefunded, at last
        ) THEN
        RAISE EXCEPTION 'illegal order transition % -> % for order %', OLD.status, NEW.status, OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.id, NEW.biz_id, NEW.pos_id, NEW.user_id, NEW.round_id, NEW.shares, NEW.price_per_share, NEW.amount,
        NEW.currency, NEW.payment_method, NEW.created_at)
        IS DISTINCT FROM
       (OLD.id, OLD.biz_id, OLD.pos_id, OLD.user_id, OLD.round_id, OLD.shares, OLD.price_per_share, OLD.amount,
        OLD.currency, OLD.payment_method, OLD.created_at) THEN
        RAISE EXCEPTION 'illegal order change: the purchase of order % never changes', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER purchase_order_guard
    BEFORE UPDATE ON purchase_order
    FOR EACH ROW EXECUTE FUNCTION purchase_order_guard();

-- wallet-service owns users' balances, their ledger and their free tries. No other service writes here; the audit
-- reads these tables with plain SQL, so names and meanings are a contract (see README.md).

-- One wallet per user. Money is in minor units (bigint), never floating point. Every change bumps version and is
-- written with "WHERE user_id = ? AND version = ?", so two writers can never both apply a change based on the same
-- state; the CHECK makes a negative balance impossible even for a buggy writer.
CREATE TABLE wallet (
    user_id    text        PRIMARY KEY CHECK (user_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    currency   char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    balance    bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
    version    bigint      NOT NULL DEFAULT 0 CHECK (version >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every change of a wallet, append-only. Per wallet: sum(CREDIT + REFUND) - sum(DEBIT) = balance.
-- FREE_TRY_* entries count tries, not money; their balance_after is the unchanged money balance.
-- (biz_id, pos_id, kind) is unique: one request has at most one debit, one refund, one credit.
-- wallet_version is the wallet's version this entry produced: unique per wallet, so the ledger is totally ordered
-- and no two entries were ever computed from the same state.
CREATE TABLE ledger_entry (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        text        NOT NULL REFERENCES wallet (user_id),
    kind           text        NOT NULL CHECK (kind IN ('CREDIT', 'DEBIT', 'REFUND', 'FREE_TRY_SPEND', 'FREE_TRY_REFUND')),
    amount         bigint      NOT NULL CHECK (amount > 0),
    balance_after  bigint      NOT NULL CHECK (balance_after >= 0),
    wallet_version bigint      NOT NULL CHECK (wallet_version > 0),
    biz_id         text        NOT NULL,
    pos_id         text        NOT NULL,
    order_id       uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ledger_entry_one_effect_per_key UNIQUE (biz_id, pos_id, kind),
    CONSTRAINT ledger_entry_one_entry_per_version UNIQUE (user_id, wallet_version)
);

-- The outcome of every debit request, by its idempotency key, so that a repeat answers the original outcome
-- (TigerBeetle-style): same key and same request_hash -> the stored outcome; same key, other hash -> conflict.
-- A refund updates the row once (refund_outcome). A refund that finds no row leaves a tombstone
-- (outcome REJECTED, reason REFUNDED_BEFORE_DEBIT, no request_hash) so a debit arriving later never takes money.
CREATE TABLE debit_request (
    biz_id               text        NOT NULL,
    pos_id               text        NOT NULL,
    user_id              text        NOT NULL,
    order_id             uuid,
    payment_method       text        CHECK (payment_method IN ('MONEY', 'FREE_TRIES')),
    amount               bigint      NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency             char(3),
    free_tries           integer     NOT NULL DEFAULT 0 CHECK (free_tries >= 0),
    free_try_day         date,
    request_hash         text,
    outcome              text        NOT NULL CHECK (outcome IN ('DEBITED', 'REJECTED')),
    reason               text,
    detail               text,
    balance_after        bigint      CHECK (balance_after >= 0),
    decided_at           timestamptz NOT NULL DEFAULT now(),
    refund_outcome       text        CHECK (refund_outcome IN ('REFUNDED', 'NOTHING_TO_REFUND')),
    refund_balance_after bigint      CHECK (refund_balance_after >= 0),
    refund_reason        text,
    refunded_at          timestamptz,
    PRIMARY KEY (biz_id, pos_id),
    CONSTRAINT debit_request_reason_iff_rejected CHECK ((outcome = 'REJECTED') = (reason IS NOT NULL)),
    CONSTRAINT debit_request_debited_is_complete CHECK (outcome <> 'DEBITED' OR (request_hash IS NOT NULL
        AND payment_method IS NOT NULL AND balance_after IS NOT NULL)),
    CONSTRAINT debit_request_spent_from_a_day CHECK (outcome <> 'DEBITED' OR payment_method <> 'FREE_TRIES'
        OR free_try_day IS NOT NULL),
    CONSTRAINT debit_request_method_amounts CHECK (payment_method IS NULL
        OR (payment_method = 'MONEY' AND amount > 0 AND free_tries = 0)
        OR (payment_method = 'FREE_TRIES' AND amount = 0 AND free_tries > 0)),
    CONSTRAINT debit_request_refund_stamped CHECK ((refund_outcome IS NULL) = (refunded_at IS NULL)),
    CONSTRAINT debit_request_refund_of_a_debit CHECK (refund_outcome <> 'REFUNDED' OR outcome = 'DEBITED')
);

-- A user's free tries of one day: granted by the daily reset (or lazily on first use), spent by purchases.
CREATE TABLE free_tries (
    user_id text    NOT NULL REFERENCES wallet (user_id),
    day     date    NOT NULL,
    granted integer NOT NULL CHECK (granted >= 0),
    used    integer NOT NULL DEFAULT 0,
    version bigint  NOT NULL DEFAULT 0 CHECK (version >= 0),
    PRIMARY KEY (user_id, day),
    CONSTRAINT free_tries_used_within_granted CHECK (used >= 0 AND used <= granted)
);

-- One row per day the reset ran: every instance runs the job, the one whose insert succeeds does the reset.
CREATE TABLE free_try_reset (
    day     date        PRIMARY KEY,
    ran_at  timestamptz NOT NULL DEFAULT now(),
    ran_by  text        NOT NULL,
    wallets integer     NOT NULL CHECK (wallets >= 0)
);

-- The row-lock baseline's schema, in its own database (bench_baseline), rebuilt from scratch by every run.
--
-- Same shape as the services' tables (round, wallet, ledger_entry, allocation, purchase_order), with the same
-- invariants as constraints, but in ONE database: the classic design does the whole purchase in one transaction.
-- Run by infra/bin/bench as the superuser:
--   psql -d bench_baseline -v users=10000 -v rounds=100 -f infra/bench/schema.sql
-- Variables: users (wallets user-1..user-N), rounds (rounds 1..N), balance (minor units per wallet),
-- total (shares per round), price (minor units per share).
-- Also creates purchase(), the whole purchase as one server-side function (purchase-function.sql calls it).

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;
\if :{?users}   \else \set users 10000     \endif
\if :{?rounds}  \else \set rounds 100      \endif
\if :{?balance} \else \set balance 1000000000 \endif
\if :{?total}   \else \set total 1000000000   \endif
\if :{?price}   \else \set price 100       \endif

DROP TABLE IF EXISTS purchase_order, allocation, ledger_entry, wallet, round CASCADE;

CREATE TABLE round (
    id              bigint PRIMARY KEY,
    total_shares    bigint NOT NULL CHECK (total_shares > 0),
    sold_shares     bigint NOT NULL DEFAULT 0 CHECK (sold_shares >= 0),
    price_per_share bigint NOT NULL CHECK (price_per_share > 0),
    status          text   NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED', 'DRAWN')),
    version         bigint NOT NULL DEFAULT 0,
    CHECK (sold_shares <= total_shares)
);

CREATE TABLE wallet (
    user_id text   PRIMARY KEY,
    balance bigint NOT NULL CHECK (balance >= 0),
    version bigint NOT NULL DEFAULT 0
);

CREATE TABLE ledger_entry (
    id         bigserial PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES wallet (user_id),
    biz_id     text        NOT NULL,
    pos_id     text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('CREDIT', 'DEBIT', 'REFUND')),
    amount     bigint      NOT NULL CHECK (amount > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (biz_id, pos_id, kind)
);

CREATE TABLE allocation (
    id           bigserial PRIMARY KEY,
    round_id     bigint      NOT NULL REFERENCES round (id),
    biz_id       text        NOT NULL,
    pos_id       text        NOT NULL,
    user_id      text        NOT NULL,
    shares       int         NOT NULL CHECK (shares > 0),
    first_number bigint      NOT NULL,
    last_number  bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (biz_id, pos_id),
    UNIQUE (round_id, first_number),
    CHECK (last_number = first_number + shares - 1)
);

CREATE TABLE purchase_order (
    id             uuid        PRIMARY KEY,
    biz_id         text        NOT NULL,
    pos_id         text        NOT NULL,
    user_id        text        NOT NULL,
    round_id       bigint      NOT NULL,
    shares         int         NOT NULL CHECK (shares > 0),
    amount         bigint      NOT NULL CHECK (amount >= 0),
    payment_method text        NOT NULL DEFAULT 'MONEY',
    status         text        NOT NULL CHECK (status IN ('COMPLETED', 'CANCELLED')),
    reason         text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    -- The duplicate check's key: one order per (bizId, posId), whatever the script checked before.
    UNIQUE (biz_id, pos_id)
);

INSERT INTO round (id, total_shares, price_per_share)
SELECT r, :total, :price FROM generate_series(1, :rounds) AS r;

INSERT INTO wallet (user_id, balance)
SELECT 'user-' || u, :balance FROM generate_series(1, :users) AS u;

-- The opening credit, so each wallet's ledger sums to its balance as in wallet-service.
INSERT INTO ledger_entry (user_id, biz_id, pos_id, kind, amount)
SELECT user_id, 'seed-' || user_id, 'bench', 'CREDIT', balance FROM wallet;

-- The seed's strongest row-lock form: the whole purchase in one server-side call, so the round row stays locked for
-- the server's own work only, never across a client round trip. Same steps, checks and rows as purchase.sql.
-- Returns the outcome: COMPLETED, SOLD_OUT, INSUFFICIENT_FUNDS or DUPLICATE (the key was seen: nothing done).
CREATE OR REPLACE FUNCTION purchase(p_round bigint, p_biz_id text, p_pos_id text, p_user_id text, p_shares int)
    RETURNS text
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_sold   bigint;
    v_total  bigint;
    v_price  bigint;
    v_amount bigint;
    v_order  uuid := md5(concat_ws(':', 'luckydraw-order', p_pos_id, p_biz_id))::uuid;
BEGIN
    -- The serialisation point: every purchase of this round waits here until the one before commits.
    SELECT sold_shares, total_shares, price_per_share INTO v_sold, v_total, v_price
      FROM round WHERE id = p_round FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'round % does not exist', p_round;
    END IF;
    -- Duplicate check on (bizId, posId); the unique key on purchase_order decides if two ever race.
    PERFORM 1 FROM purchase_order WHERE biz_id = p_biz_id AND pos_id = p_pos_id;
    IF FOUND THEN
        RETURN 'DUPLICATE';
    END IF;
    v_amount := p_shares * v_price;
    IF v_sold + p_shares > v_total THEN
        INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status, reason)
        VALUES (v_order, p_biz_id, p_pos_id, p_user_id, p_round, p_shares, v_amount, 'CANCELLED', 'SOLD_OUT');
        RETURN 'SOLD_OUT';
    END IF;
    -- Debit with a balance check: no row updated is an insufficient balance.
    UPDATE wallet SET balance = balance - v_amount, version = version + 1
     WHERE user_id = p_user_id AND balance >= v_amount;
    IF NOT FOUND THEN
        INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status, reason)
        VALUES (v_order, p_biz_id, p_pos_id, p_user_id, p_round, p_shares, v_amount, 'CANCELLED',
                'INSUFFICIENT_FUNDS');
        RETURN 'INSUFFICIENT_FUNDS';
    END IF;
    UPDATE round SET sold_shares = sold_shares + p_shares, version = version + 1 WHERE id = p_round;
    INSERT INTO ledger_entry (user_id, biz_id, pos_id, kind, amount)
    VALUES (p_user_id, p_biz_id, p_pos_id, 'DEBIT', v_amount);
    INSERT INTO allocation (round_id, biz_id, pos_id, user_id, shares, first_number, last_number)
    VALUES (p_round, p_biz_id, p_pos_id, p_user_id, p_shares, v_sold + 1, v_sold + p_shares);
    INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status)
    VALUES (v_order, p_biz_id, p_pos_id, p_user_id, p_round, p_shares, v_amount, 'COMPLETED');
    RETURN 'COMPLETED';
END
$fn$;

VACUUM ANALYZE;
CHECKPOINT;

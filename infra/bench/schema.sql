-- The row-lock baseline's schema, in its own database (bench_baseline), rebuilt from scratch by every run.
--
-- Same shape as the services' tables (round, wallet, ledger_entry, allocation, purchase_order), with the same
-- invariants as constraints, but in ONE database: the classic design does the whole purchase in one transaction.
-- Run by infra/bin/bench as the superuser:
--   psql -d bench_baseline -v users=10000 -v rounds=100 -f infra/bench/schema.sql
-- Variables: users (wallets user-1..user-N), rounds (rounds 1..N), balance (minor units per wallet),
-- total (shares per round), price (minor units per share).

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

VACUUM ANALYZE;
CHECKPOINT;

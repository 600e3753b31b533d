-- lottery-service: products, their rounds, the shares sold in them (allocations) and the draws.
-- The cross-service audit reads these tables with plain SQL: keep the names and meanings of the columns.

-- btree_gist lets one exclusion constraint compare a round id (=) and a range of numbers (&&).
-- It is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- What is sold: each round of a product sells shares_per_round shares at price_per_share (minor units).
CREATE TABLE product (
    id                 bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text    NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    price_per_share    bigint  NOT NULL CHECK (price_per_share > 0),
    currency           char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    shares_per_round   int     NOT NULL CHECK (shares_per_round > 0),
    -- When a round sells out, open the next round of the product in the same transaction.
    reopen_on_sell_out boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now()
);

-- One round of a product. sold_shares only grows, by a conditional, version-checked update
-- (sold_shares + n <= total_shares); the CHECKs make overselling the database's refusal too.
-- fencing_token is the Redisson fenced-lock token of the last writer: a write with an older token is refused.
CREATE TABLE round (
    id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id      bigint  NOT NULL REFERENCES product (id),
    price_per_share bigint  NOT NULL CHECK (price_per_share > 0),
    currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    total_shares    int     NOT NULL CHECK (total_shares > 0),
    sold_shares     int     NOT NULL DEFAULT 0,
    status          text    NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'SOLD_OUT', 'DRAWN')),
    fencing_token   bigint  NOT NULL DEFAULT 0 CHECK (fencing_token >= 0),
    version         bigint  NOT NULL DEFAULT 0,
    opened_at       timestamptz NOT NULL DEFAULT now(),
    sold_out_at     timestamptz,
    CONSTRAINT round_sold_within_total CHECK (sold_shares >= 0 AND sold_shares <= total_shares),
    -- A round is open exactly while shares are left, and has a sell-out time exactly when it is not open.
    CONSTRAINT round_open_while_shares_left CHECK ((status = 'OPEN') = (sold_shares < total_shares)),
    CONSTRAINT round_sold_out_at CHECK ((status = 'OPEN') = (sold_out_at IS NULL))
);

CREATE INDEX round_by_product ON round (product_id, id);
CREATE INDEX round_by_status ON round (status, id);

-- Shares given to a user for one purchase (biz_id, pos_id), with the contiguous lucky numbers
-- first_number..last_number. Numbers start at 10000001 in every round: first_number = 10000001 + sold before.
CREATE TABLE allocation (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id     bigint NOT NULL REFERENCES round (id),
    user_id      text   NOT NULL,
    biz_id       text   NOT NULL,
    pos_id       text   NOT NULL,
    order_id     uuid   NOT NULL,
    shares       int    NOT NULL CHECK (shares > 0),
    first_number bigint NOT NULL CHECK (first_number >= 10000001),
    last_number  bigint NOT NULL,
    -- SHA-256 of the request's payload: the same key with another payload is a conflict, not a repeat.
    request_hash text   NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT allocation_key UNIQUE (biz_id, pos_id),
    CONSTRAINT allocation_numbers_match_shares CHECK (last_number - first_number + 1 = shares),
    CONSTRAINT allocation_first_number UNIQUE (round_id, first_number),
    -- No lucky number is ever given twice in a round, whatever the code does.
    CONSTRAINT allocation_numbers_disjoint
        EXCLUDE USING gist (round_id WITH =, int8range(first_number, last_number, '[]') WITH &&)
);

-- Requests that got no shares, remembered so that a repeat is answered the same way (a key rejected as
-- SOLD_OUT stays SOLD_OUT even after the product reopened). round_id has no foreign key: UNKNOWN_ROUND
-- rejections name rounds that do not exist.
CREATE TABLE allocation_rejection (
    biz_id       text   NOT NULL,
    pos_id       text   NOT NULL,
    round_id     bigint NOT NULL,
    user_id      text   NOT NULL,
    order_id     uuid   NOT NULL,
    shares       int    NOT NULL,
    reason       text   NOT NULL CHECK (reason IN ('SOLD_OUT', 'ROUND_CLOSED', 'NOT_ENOUGH_SHARES', 'UNKNOWN_ROUND',
                                                   'PRICE_MISMATCH')),
    detail       text,
    request_hash text   NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (biz_id, pos_id)
);

-- The draw of a sold-out round. allocations_digest and winning_number follow the formula in the README:
-- anyone holding the round's allocations can recompute them.
CREATE TABLE draw (
    round_id           bigint PRIMARY KEY REFERENCES round (id),
    winning_number     bigint NOT NULL CHECK (winning_number >= 10000001),
    winner_user_id     text   NOT NULL,
    winner_biz_id      text   NOT NULL,
    winner_pos_id      text   NOT NULL,
    allocations_digest text   NOT NULL CHECK (allocations_digest ~ '^[0-9a-f]{64}$'),
    allocation_count   int    NOT NULL CHECK (allocation_count > 0),
    drawn_at           timestamptz NOT NULL DEFAULT now()
);

-- Purchase keys claimed by the HTTP intake before it publishes a request. Two racing POST /purchases under one
-- (posId, bizId) both find no order yet (the order is created later, by the topic's consumer); the first to insert
-- its claim publishes and gets 202, the other is compared with it: the same purchase is a resend (202), another
-- purchase a conflict (409). Requests published straight to Kafka claim nothing: the consumer decides those.
CREATE TABLE purchase_claim (
    biz_id          text        NOT NULL,
    pos_id          text        NOT NULL,
    user_id         text        NOT NULL,
    round_id        bigint      NOT NULL,
    shares          int         NOT NULL,
    price_per_share bigint      NOT NULL,
    currency        char(3)     NOT NULL,
    payment_method  text        NOT NULL,
    claimed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (biz_id, pos_id)
);

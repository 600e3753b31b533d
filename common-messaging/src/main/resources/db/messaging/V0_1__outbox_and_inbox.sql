-- Tables of the shared messaging library (common-messaging), created in every service's own database.
-- Versioned 0.1 so they exist before the service's own migrations (V1 onwards) run.

-- Outgoing messages, written in the same transaction as the state change they announce. The relay publishes them
-- in id order and stamps published_at; rows stay a while for operators, then the relay purges them.
CREATE TABLE outbox_message (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   uuid        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    message_type text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

-- The relay only ever looks for what is not yet published.
CREATE INDEX outbox_message_unpublished ON outbox_message (id) WHERE published_at IS NULL;

-- Messages a consumer has applied, recorded in the same transaction as their effect: a redelivery or a replay finds
-- its id here and has no second effect.
CREATE TABLE inbox_message (
    consumer         text        NOT NULL,
    message_id       uuid        NOT NULL,
    topic            text        NOT NULL,
    kafka_partition  integer     NOT NULL,
    kafka_offset     bigint      NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

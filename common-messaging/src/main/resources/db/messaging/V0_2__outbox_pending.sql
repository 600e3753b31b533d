-- The outbox becomes insert-only: which rows are not yet published is kept in a small table of its own, written in
-- the same statement as the rows and deleted once the broker acknowledged them.
--
-- Before, the relay stamped published_at on every row it published. The partial index on unpublished rows names
-- published_at, so each stamp was a full new row version (the payload written again, to the table and the WAL) with
-- new entries in every index, and a dead row that sent autovacuum through all the outbox's indexes every minute under
-- load: at 1,000 purchases a second, a tenth of the orders database's statement time went on stamps.
CREATE TABLE outbox_pending (
    -- The outbox row's id. No foreign key: both rows are written by one statement, and a check per row would cost
    -- what this table saves; the purge never deletes a row that is still pending.
    id bigint PRIMARY KEY
);

INSERT INTO outbox_pending (id)
SELECT id FROM outbox_message WHERE published_at IS NULL;

DROP INDEX outbox_message_unpublished;
ALTER TABLE outbox_message DROP COLUMN published_at;

-- Message ids are random UUIDs made by the sender, and receivers deduplicate by them in their inboxes; a unique
-- index here guarded nothing and cost every insert a random leaf of a large index.
ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_message_id_key;

COMMENT ON TABLE outbox_message IS
    'Messages leaving the service, written in the transaction of the state change they announce; published when '
    'their id is no longer in outbox_pending; purged by the relay once older than its keep-published setting.';

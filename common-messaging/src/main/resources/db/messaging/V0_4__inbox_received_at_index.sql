-- The inbox purge (InboxPurge) deletes entries older than luckydraw.messaging.keep-inbox, oldest first, in chunks:
-- this index lets each chunk read the oldest entries directly instead of scanning the table.
CREATE INDEX inbox_message_received_at ON inbox_message (received_at);

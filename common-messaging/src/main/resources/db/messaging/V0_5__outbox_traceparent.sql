-- The trace an outgoing message continues (W3C traceparent: version-traceid-spanid-flags), stored with its row
-- because the relay publishes it later on another thread; sent as the record's traceparent header. Nullable, no
-- default: adding it rewrites nothing, and rows without one (written before, or with tracing off) go without a header.
ALTER TABLE outbox_message ADD COLUMN traceparent text;

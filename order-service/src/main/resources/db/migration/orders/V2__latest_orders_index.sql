-- Operators list the latest orders of every status (GET /admin/orders without a status).
CREATE INDEX purchase_order_created ON purchase_order (created_at DESC);

-- The row-lock baseline's transaction (purchase.sql) in fewer round trips: the lock and the duplicate check in one
-- statement, the debit, the round's update and the three inserts in one statement of data-modifying CTEs. Four round
-- trips instead of nine; same purchases, keys, rows and defines as purchase.sql (see there).
--
-- pgbench -n -M prepared -c 32 -j 2 -T 30 -f infra/bench/purchase-fewer-trips.sql \
--     -D users=10000 -D rounds=1 -D hot_pct=100 -D dup_pct=0 -D max_shares=5 -D run=<unique int> -D seq=0 bench_baseline

\set dup_draw random(1, 100)
\if :dup_draw <= :dup_pct and :seq > 0
-- A resend: same key, user, round and shares as this client's previous purchase.
\else
\set seq :seq + 1
\set user random(1, :users)
\set round CASE WHEN random(1, 100) <= :hot_pct THEN 1 ELSE random(1, :rounds) END
\set shares random(1, :max_shares)
\endif

BEGIN;
-- The round locked and the key checked in one round trip.
SELECT r.sold_shares AS sold, r.total_shares AS total, r.price_per_share AS price,
       (SELECT count(*) FROM purchase_order
         WHERE biz_id = 'r' || :run::bigint || '-' || :seq::bigint AND pos_id = 'pos-' || :client_id::int) AS dup
  FROM round r WHERE r.id = :round FOR UPDATE OF r \gset
\set amount :shares * :price
\set first :sold + 1
\set last :sold + :shares
\if :dup = 0
\if :last <= :total
-- Debit with a balance check; only when it took the money: the round's update, the ledger entry and the allocation;
-- the order either way, COMPLETED or CANCELLED for insufficient funds.
WITH debited AS (
    UPDATE wallet SET balance = balance - :amount, version = version + 1
     WHERE user_id = 'user-' || :user::int AND balance >= :amount
    RETURNING user_id),
bumped AS (
    UPDATE round SET sold_shares = sold_shares + :shares, version = version + 1
     WHERE id = :round AND sold_shares + :shares <= total_shares AND EXISTS (SELECT 1 FROM debited)
    RETURNING id),
ledger AS (
    INSERT INTO ledger_entry (user_id, biz_id, pos_id, kind, amount)
    SELECT user_id, 'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'DEBIT', :amount
      FROM debited),
allocated AS (
    INSERT INTO allocation (round_id, biz_id, pos_id, user_id, shares, first_number, last_number)
    SELECT id, 'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'user-' || :user::int,
           :shares, :first, :last
      FROM bumped)
INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status, reason)
SELECT md5(concat_ws(':', 'luckydraw-order', 'pos-' || :client_id::int, 'r' || :run::bigint || '-' || :seq::bigint))::uuid,
       'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'user-' || :user::int, :round, :shares,
       :amount, CASE WHEN paid THEN 'COMPLETED' ELSE 'CANCELLED' END,
       CASE WHEN paid THEN NULL ELSE 'INSUFFICIENT_FUNDS' END
  FROM (SELECT EXISTS (SELECT 1 FROM bumped) AS paid) AS outcome;
\else
INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status, reason)
VALUES (md5(concat_ws(':', 'luckydraw-order', 'pos-' || :client_id::int, 'r' || :run::bigint || '-' || :seq::bigint))::uuid,
        'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'user-' || :user::int, :round, :shares,
        :amount, 'CANCELLED', 'SOLD_OUT');
\endif
\endif
COMMIT;

-- The row-lock baseline: one PostgreSQL transaction per purchase, the round row locked for its whole length.
--
-- pgbench -n -M prepared -c 32 -j 2 -T 30 -f infra/bench/purchase.sql \
--     -D users=10000 -D rounds=1 -D hot_pct=100 -D dup_pct=0 -D max_shares=5 -D run=<unique int> -D seq=0 bench_baseline
--
-- pgbench replaces :name even inside string literals, hence concat_ws(':', ...) below for colons.
-- Defines (-D), the same knobs as the load generator's options:
--   users       wallets user-1..user-<users> (schema.sql seeds them)
--   rounds      rounds 1..<rounds>; round 1 is the hot one
--   hot_pct     percent of purchases on round 1; the rest pick uniformly among rounds 1..<rounds>
--   dup_pct     percent of purchases that resend this client's previous purchase (same bizId, posId)
--   max_shares  shares per purchase, uniform in 1..<max_shares>
--   run         a number unique per run, part of every bizId, so runs never collide
--   seq         must be 0: each client's purchase counter (pgbench keeps variables per client across transactions)

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
-- The classic serialisation point: every purchase of this round waits here until the one before commits.
SELECT sold_shares AS sold, total_shares AS total, price_per_share AS price
  FROM round WHERE id = :round FOR UPDATE \gset
-- Duplicate check on (bizId, posId); the unique key on purchase_order decides if two ever race.
SELECT count(*) AS dup FROM purchase_order
 WHERE biz_id = 'r' || :run::bigint || '-' || :seq::bigint AND pos_id = 'pos-' || :client_id::int \gset
\set amount :shares * :price
\set first :sold + 1
\set last :sold + :shares
\if :dup = 0
\if :last <= :total
-- Debit with a balance check; a CTE so that an insufficient balance is a zero, not an error.
WITH debited AS (
    UPDATE wallet SET balance = balance - :amount, version = version + 1
     WHERE user_id = 'user-' || :user::int AND balance >= :amount
    RETURNING 1)
SELECT count(*) AS paid FROM debited \gset
\if :paid = 1
UPDATE round SET sold_shares = sold_shares + :shares, version = version + 1
 WHERE id = :round AND sold_shares + :shares <= total_shares;
INSERT INTO ledger_entry (user_id, biz_id, pos_id, kind, amount)
VALUES ('user-' || :user::int, 'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'DEBIT', :amount);
INSERT INTO allocation (round_id, biz_id, pos_id, user_id, shares, first_number, last_number)
VALUES (:round, 'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'user-' || :user::int, :shares,
        :first, :last);
INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status)
VALUES (md5(concat_ws(':', 'luckydraw-order', 'pos-' || :client_id::int, 'r' || :run::bigint || '-' || :seq::bigint))::uuid,
        'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'user-' || :user::int, :round, :shares,
        :amount, 'COMPLETED');
\else
INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status, reason)
VALUES (md5(concat_ws(':', 'luckydraw-order', 'pos-' || :client_id::int, 'r' || :run::bigint || '-' || :seq::bigint))::uuid,
        'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'user-' || :user::int, :round, :shares,
        :amount, 'CANCELLED', 'INSUFFICIENT_FUNDS');
\endif
\else
INSERT INTO purchase_order (id, biz_id, pos_id, user_id, round_id, shares, amount, status, reason)
VALUES (md5(concat_ws(':', 'luckydraw-order', 'pos-' || :client_id::int, 'r' || :run::bigint || '-' || :seq::bigint))::uuid,
        'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int, 'user-' || :user::int, :round, :shares,
        :amount, 'CANCELLED', 'SOLD_OUT');
\endif
\endif
COMMIT;

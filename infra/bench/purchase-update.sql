-- The ceiling of any row-lock design: the bare conditional UPDATE of the round row, one per transaction, nothing
-- else (no wallet, no key check, no rows written). Same rounds and shares as purchase.sql; resends (dup_pct) do not
-- apply: without a key there is nothing to recognise them by, so every transaction is a new purchase.
--
-- pgbench -n -M prepared -c 32 -j 2 -T 30 -f infra/bench/purchase-update.sql \
--     -D rounds=1 -D hot_pct=100 -D max_shares=5 bench_baseline

\set round CASE WHEN random(1, 100) <= :hot_pct THEN 1 ELSE random(1, :rounds) END
\set shares random(1, :max_shares)
UPDATE round SET sold_shares = sold_shares + :shares WHERE id = :round AND sold_shares + :shares <= total_shares;

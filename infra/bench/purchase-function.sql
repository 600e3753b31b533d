-- The seed-style baseline: the whole purchase in ONE server-side call, purchase() of schema.sql, under the round
-- row lock for the server's own work only. Same purchases, keys and defines as purchase.sql (see there); one round
-- trip per purchase, in autocommit.
--
-- pgbench -n -M prepared -c 32 -j 2 -T 30 -f infra/bench/purchase-function.sql \
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

SELECT purchase(:round, 'r' || :run::bigint || '-' || :seq::bigint, 'pos-' || :client_id::int,
                'user-' || :user::int, :shares);

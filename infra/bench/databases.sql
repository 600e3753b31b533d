-- Databases of the services under benchmark: wallet_bench, lottery_bench, orders_bench, apart from the demo's
-- (wallet, lottery, orders) and the tests' (*_test), so a benchmark neither reads nor disturbs them, and can be
-- thrown away and rebuilt: run with -v reset=1 to drop them first (infra/bin/bench services reset).
-- Owned by the services' roles (infra/bin/db setup creates them); readable by the auditor, like the others.

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;
\if :{?reset} \else \set reset 0 \endif

CREATE TEMP TABLE bench_db (name text PRIMARY KEY, owner text NOT NULL);
INSERT INTO bench_db VALUES ('wallet_bench', 'wallet'), ('lottery_bench', 'lottery'), ('orders_bench', 'orders');

SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', name) FROM bench_db WHERE :reset = 1 ORDER BY name
\gexec

SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', d.name, d.owner, 'UTF8')
  FROM bench_db d
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d.name)
 ORDER BY d.name
\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', name) FROM bench_db ORDER BY name
\gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO auditor', name) FROM bench_db ORDER BY name
\gexec

\connect wallet_bench
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE wallet IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

\connect lottery_bench
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE lottery IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

\connect orders_bench
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE orders IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

-- Roles and databases of the luckydraw services on a local PostgreSQL.
--
-- Run through infra/bin/db setup, which connects as the superuser and sets the passwords as psql
-- variables (\set lines on psql's standard input ahead of this file, never in its argv):
-- wallet_password, lottery_password, orders_password, messaging_password, auditor_password.
-- Safe to run again: it creates what is missing and re-applies passwords, owners and privileges.
--
-- Each service owns its databases and can connect only to them (CONNECT is revoked from PUBLIC).
-- The auditor role may connect to the six service databases and only read their tables, all but the secret
-- seed of the lottery's rounds.
-- CREATE DATABASE cannot run inside a transaction or a DO block, hence the
-- "SELECT format(...) WHERE NOT EXISTS ... \gexec" pattern: psql runs every row it returns.

\set ON_ERROR_STOP on
\set QUIET on

-- Passwords given in clear text are stored as SCRAM hashes.
SET password_encryption = 'scram-sha-256';

-- ---------------------------------------------------------------------------------- roles
SELECT format('CREATE ROLE %I LOGIN', r.name)
FROM (VALUES ('wallet'), ('lottery'), ('orders'), ('messaging'), ('auditor')) AS r(name)
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name)
\gexec

-- Every run: the passwords follow the environment, and no role gets more than a login.
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L',
              r.name, r.password)
FROM (VALUES ('wallet', :'wallet_password'),
             ('lottery', :'lottery_password'),
             ('orders', :'orders_password'),
             ('messaging', :'messaging_password'),
             ('auditor', :'auditor_password')) AS r(name, password)
\gexec

-- A second guard besides the grants: an auditor session cannot write even by mistake.
ALTER ROLE auditor SET default_transaction_read_only = on;

-- ------------------------------------------------------------------------------ databases
CREATE TEMP TABLE luckydraw_db (name text PRIMARY KEY, owner text NOT NULL, audited boolean NOT NULL);
INSERT INTO luckydraw_db VALUES
    ('wallet', 'wallet', true),
    ('wallet_test', 'wallet', true),
    ('lottery', 'lottery', true),
    ('lottery_test', 'lottery', true),
    ('orders', 'orders', true),
    ('orders_test', 'orders', true),
    ('messaging_test', 'messaging', false);

SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', d.name, d.owner, 'UTF8')
FROM luckydraw_db AS d
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d.name)
ORDER BY d.name
\gexec

-- Also for databases that existed before: right owner, and no access for other roles.
SELECT format('ALTER DATABASE %I OWNER TO %I', d.name, d.owner) FROM luckydraw_db AS d ORDER BY d.name
\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d.name) FROM luckydraw_db AS d ORDER BY d.name
\gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO auditor', d.name) FROM luckydraw_db AS d
WHERE d.audited ORDER BY d.name
\gexec

-- ---------------------------------------------------------- read access inside each database
-- Default privileges make the tables that the owner creates later (Flyway migrations)
-- readable too; GRANT ... ON ALL TABLES covers the tables that exist already.
-- Only the public schema is covered: a table in another schema needs its own grant.
\connect wallet
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE wallet IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

\connect wallet_test
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE wallet IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

\connect lottery
-- One transaction, so that the seed is never readable between the grant and its taking back.
BEGIN;
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE lottery IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

-- The draw's seed stays the lottery's alone until the draw (lottery migration V5): the grant above gave the auditor
-- all of round again, so it takes back the seed, leaving SELECT on every other column.
DO $$
BEGIN
    IF to_regclass('public.round') IS NOT NULL THEN
        REVOKE SELECT ON public.round FROM auditor;
        EXECUTE (SELECT format('GRANT SELECT (%s) ON public.round TO auditor',
                               string_agg(quote_ident(attname), ', ' ORDER BY attnum))
                   FROM pg_attribute
                  WHERE attrelid = 'public.round'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'seed');
    END IF;
END
$$;
COMMIT;

\connect lottery_test
-- One transaction, so that the seed is never readable between the grant and its taking back.
BEGIN;
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE lottery IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

-- The draw's seed stays the lottery's alone until the draw (lottery migration V5): the grant above gave the auditor
-- all of round again, so it takes back the seed, leaving SELECT on every other column.
DO $$
BEGIN
    IF to_regclass('public.round') IS NOT NULL THEN
        REVOKE SELECT ON public.round FROM auditor;
        EXECUTE (SELECT format('GRANT SELECT (%s) ON public.round TO auditor',
                               string_agg(quote_ident(attname), ', ' ORDER BY attnum))
                   FROM pg_attribute
                  WHERE attrelid = 'public.round'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'seed');
    END IF;
END
$$;
COMMIT;

\connect orders
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE orders IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

\connect orders_test
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE orders IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor;

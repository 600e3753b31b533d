#!/usr/bin/env bash
# First start of compose.yaml's PostgreSQL: one role and database per service, and the read-only auditor (as
# infra/bin/db setup does locally). Passwords from the compose secrets; psql variables keep them out of the SQL.
set -euo pipefail
create() { # role, database, secret
    psql -v ON_ERROR_STOP=1 -U postgres -v role="$1" -v db="$2" -v pw="$(cat "/run/secrets/$3")" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"role";
REVOKE CONNECT ON DATABASE :"db" FROM PUBLIC;
SQL
}
create wallet wallet wallet-db
create lottery lottery lottery-db
create orders orders orders-db
psql -v ON_ERROR_STOP=1 -U postgres -v pw="$(cat /run/secrets/auditor-db)" <<'SQL'
CREATE ROLE auditor LOGIN PASSWORD :'pw';
ALTER ROLE auditor SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE wallet, lottery, orders TO auditor;
SQL
# SELECT on the tables each service's migrations create, not pg_read_all_data: that would read the draw's secret seed
# too, which lottery migration V5 keeps from every role but the lottery's.
for db in wallet lottery orders; do
    psql -v ON_ERROR_STOP=1 -U postgres -d "$db" -v owner="$db" <<'SQL'
GRANT USAGE ON SCHEMA public TO auditor;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO auditor;
SQL
done

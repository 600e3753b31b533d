-- The draw's seed (V3) is secret until the draw: whoever knows it during sales knows the winning number. Only this
-- database's owner, the lottery's role, reads it; the public learns it from GET /rounds/{id} once the round is DRAWN.
-- Any other role given SELECT on round (the read-only auditor, through infra/db/setup.sql's default privileges, which
-- grant it on every table the owner creates) keeps every column but the seed: its table-wide SELECT becomes a SELECT
-- on the other columns. infra/db/setup.sql does the same for the auditor each time it runs.
-- A column added to round later is not in these column grants: its migration grants it to the readers it needs.
DO $$
DECLARE
    reader   text;
    readable text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO readable
      FROM pg_attribute
     WHERE attrelid = 'round'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'seed';
    FOR reader IN
        SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END
          FROM pg_class c, aclexplode(c.relacl) acl
         WHERE c.oid = 'round'::regclass AND acl.privilege_type = 'SELECT' AND acl.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE SELECT ON round FROM %s', reader);
        EXECUTE format('GRANT SELECT (%s) ON round TO %s', readable, reader);
    END LOOP;
END
$$;

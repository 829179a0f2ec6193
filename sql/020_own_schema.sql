-- 020: the objects in a schema of their own (issue 12, item 7: H3).
--
-- Up to 019 every table and function lived in public. 012 revokes CREATE on public from
-- PUBLIC, but on a PostgreSQL <= 14 cluster (or one pg_upgraded from it) public belongs to
-- the bootstrap superuser: a migrating owner that is not a superuser cannot revoke (012
-- only warns), every login may then create in public, and the clients' own unqualified
-- statements (resolved through "$user", public) could be captured by an overload or a table
-- planted there. Now:
--   * schema dispatch, owned by the migrating user; nobody else may CREATE in it; USAGE for
--     the group roles (008's and 018's, and every role that was given USAGE on public
--     explicitly, so a reporting role keeps what it could read); PUBLIC gets nothing;
--   * every table (partitions of 017 included: they are relations of their own), view,
--     sequence, type and function of ours moves there: everything in public owned by the
--     migrating user or by the owner of schema_migrations, except extension members.
--     Indexes, constraints, owned sequences, defaults and triggers follow their table, and
--     grants, comments and OIDs stay, so nothing that points at an object breaks;
--   * the function bodies (text: 012–019 qualify our names as public.) and their SET
--     clauses are rewritten from pg_get_functiondef for every function found in dispatch,
--     whatever migration made it (no hard-coded list, so a function added by another
--     branch is covered too): CREATE OR REPLACE keeps the OID (triggers point at it), owner,
--     grants and comment. Every SECURITY DEFINER function, and every function that pinned a
--     search_path, pins search_path = pg_catalog, dispatch, pg_temp;
--   * ALTER DATABASE … SET search_path = dispatch, so that psql, pgbench and older clients
--     resolve unqualified names in dispatch and never in public (the console sets the same
--     on every connection it opens). A migrating user that does not own the database gets
--     one warning and the statement to run; the console is safe without it.
--
-- pg_trgm (008) stays where it is. It is relocatable, but it may be shared with another
-- application of this database and belongs to whoever created it; nothing of ours calls it
-- by name: ILIKE is the built-in ~~* operator, and the trigram indexes name gin_trgm_ops by
-- OID, so they keep serving the searches with public off the search path. A later
-- migration that makes a trigram index must qualify the operator class.

DO $$
DECLARE
    v_owner oid;
    v_ours oid[];
    r record;
BEGIN
    SELECT n.nspowner INTO v_owner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'dispatch';
    IF v_owner IS NULL THEN
        CREATE SCHEMA dispatch;
    ELSIF v_owner <> (SELECT u.oid FROM pg_catalog.pg_roles u WHERE u.rolname = current_user) THEN
        RAISE EXCEPTION 'schema dispatch already exists and belongs to %, not to %',
                        v_owner::regrole, current_user
              USING HINT = 'Drop or rename that schema as its owner, then migrate again.';
    END IF;

    -- Nobody but the owner creates in dispatch (a schema made just now grants nothing; one
    -- made earlier by hand may).
    REVOKE CREATE ON SCHEMA dispatch FROM PUBLIC;
    FOR r IN SELECT DISTINCT a.grantee::regrole AS grantee
               FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
              WHERE n.nspname = 'dispatch' AND a.privilege_type = 'CREATE'
                AND a.grantee <> 0 AND a.grantee <> n.nspowner LOOP
        EXECUTE pg_catalog.format('REVOKE CREATE ON SCHEMA dispatch FROM %s', r.grantee);
    END LOOP;

    -- USAGE: the group roles of 008 and 018, and whoever was given USAGE on public by name.
    FOR r IN SELECT u.rolname FROM pg_catalog.pg_roles u
              WHERE u.rolname IN ('dispatch_support', 'dispatch_dispatcher', 'dispatch_driver',
                                  'dispatch_trainer')
             UNION
             SELECT a.grantee::regrole::text
               FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
              WHERE n.nspname = 'public' AND a.privilege_type = 'USAGE'
                AND a.grantee <> 0 AND a.grantee <> n.nspowner LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA dispatch TO %I', r.rolname);
    END LOOP;

    -- Ours: what the migrating user owns, and what the user that made schema_migrations owns.
    SELECT pg_catalog.array_agg(DISTINCT o) INTO v_ours
      FROM (SELECT u.oid FROM pg_catalog.pg_roles u WHERE u.rolname = current_user
            UNION ALL
            SELECT c.relowner FROM pg_catalog.pg_class c
             WHERE c.oid IN (pg_catalog.to_regclass('public.schema_migrations'),
                             pg_catalog.to_regclass('dispatch.schema_migrations'))) AS owners(o);

    -- Relations. Indexes and sequences owned by a column (serial, identity) move with their
    -- table; a partition is a table of its own and is moved by itself.
    FOR r IN SELECT c.oid, c.relname,
                    CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                   WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                                   ELSE 'TABLE' END AS kind
               FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'public'::regnamespace
                AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                AND c.relowner = ANY (v_ours)
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                                 WHERE e.classid = 'pg_catalog.pg_class'::regclass
                                   AND e.objid = c.oid AND e.deptype = 'e')
              ORDER BY c.relkind = 'S', c.relname LOOP
        IF (SELECT c.relnamespace FROM pg_catalog.pg_class c WHERE c.oid = r.oid)
           = 'public'::regnamespace THEN
            EXECUTE pg_catalog.format('ALTER %s public.%I SET SCHEMA dispatch', r.kind, r.relname);
        END IF;
    END LOOP;

    -- Types of their own (enums, domains, ranges, standalone composites); a table's row
    -- type and every array type follow their owner.
    FOR r IN SELECT t.typname, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind
               FROM pg_catalog.pg_type t
              WHERE t.typnamespace = 'public'::regnamespace
                AND t.typowner = ANY (v_ours)
                AND t.typtype IN ('e', 'd', 'r', 'c')
                AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c
                                         WHERE c.oid = t.typrelid) = 'c')
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                                 WHERE e.classid = 'pg_catalog.pg_type'::regclass
                                   AND e.objid = t.oid AND e.deptype = 'e') LOOP
        EXECUTE pg_catalog.format('ALTER %s public.%I SET SCHEMA dispatch', r.kind, r.typname);
    END LOOP;

    -- Functions, procedures, aggregates.
    FOR r IN SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args
               FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'public'::regnamespace
                AND p.proowner = ANY (v_ours)
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                                 WHERE e.classid = 'pg_catalog.pg_proc'::regclass
                                   AND e.objid = p.oid AND e.deptype = 'e') LOOP
        EXECUTE pg_catalog.format('ALTER ROUTINE public.%I(%s) SET SCHEMA dispatch',
                                  r.proname, r.args);
    END LOOP;
END;
$$;

-- From here on this migration (and the migrator's bookkeeping after it) names dispatch; an
-- SQL-language body is checked against the search path when it is recreated below.
SELECT pg_catalog.set_config('search_path', 'dispatch', true);

-- The bodies and the SET clauses: every function of ours now in dispatch. The pin first (a
-- function is validated under its own SET clause), then the body with each public. made
-- dispatch. (the trigger functions qualify every name; 017 builds names like 'public.' ||
-- v_name for its partitions, which so land in dispatch too).
DO $$
DECLARE
    r record;
    v_wrong text;
BEGIN
    FOR r IN SELECT p.oid, p.oid::regprocedure AS sig, p.prosecdef, p.prokind,
                    coalesce(p.proconfig::text[], '{}') AS config, p.prosrc
               FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'dispatch'::regnamespace
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                                 WHERE e.classid = 'pg_catalog.pg_proc'::regclass
                                   AND e.objid = p.oid AND e.deptype = 'e') LOOP
        IF r.prosecdef OR EXISTS (SELECT 1 FROM pg_catalog.unnest(r.config) AS c(s)
                                   WHERE c.s LIKE 'search_path=%') THEN
            EXECUTE pg_catalog.format('ALTER ROUTINE %s SET search_path = pg_catalog, dispatch, '
                                      'pg_temp', r.sig);
        END IF;
        IF r.prokind IN ('f', 'p') AND r.prosrc ~ '\mpublic\.' THEN
            EXECUTE pg_catalog.regexp_replace(pg_catalog.pg_get_functiondef(r.oid),
                                              '\mpublic\.', 'dispatch.', 'g');
        END IF;
    END LOOP;

    -- Checked, not assumed.
    SELECT pg_catalog.string_agg(p.oid::regprocedure::text, ', ') INTO v_wrong
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'dispatch'::regnamespace
       AND (p.prosrc ~ '\mpublic\M'
            OR pg_catalog.array_to_string(p.proconfig, ' ') ~ '\mpublic\M'
            OR (p.prosecdef AND p.proconfig IS DISTINCT FROM
                    ARRAY['search_path=pg_catalog, dispatch, pg_temp']));
    IF v_wrong IS NOT NULL THEN
        RAISE EXCEPTION 'migration 020: still naming public or not pinned: %', v_wrong;
    END IF;
END;
$$;

-- psql, pgbench and every other client of this database: unqualified names mean dispatch.
DO $$
BEGIN
    EXECUTE pg_catalog.format('ALTER DATABASE %I SET search_path = dispatch',
                              pg_catalog.current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'migration 020: % does not own database %, so its default search_path still '
                  'includes public for psql and other clients (the console sets its own); as '
                  'its owner run: ALTER DATABASE % SET search_path = dispatch',
                  session_user, pg_catalog.current_database(),
                  pg_catalog.quote_ident(pg_catalog.current_database());
END;
$$;

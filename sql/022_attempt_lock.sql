-- 022: a lost claim is settled without knowing its server session (issue 15: pooling).
--
-- 011 settles a lost answer by waiting until the claim's old server session has ended
-- (found by pg_backend_pid() and backend_start, terminated when it lingers) and then
-- reading that attempt's row. Behind PgBouncer in transaction mode a client has no server
-- session of its own: the pid it read belongs to whichever server connection ran that one
-- statement, and now runs other clients' transactions. Waiting for it is waiting for the
-- wrong thing; terminating it ends someone else's work.
--
-- Now the attempt itself is the thing to wait for. Each claim with an attempt id takes a
-- transaction advisory lock named by that id first, before any row lock, and holds it to
-- its commit or rollback. claim_attempt_settle(id, order) takes the same lock: once it has
-- it, no transaction of that attempt is running, so the row it then reads (a new statement,
-- a new snapshot) says whether the attempt committed. When there is none, it fences the id
-- in that same transaction: a tombstone in claim_attempt_ids (no claim_attempts row, so
-- claim_attempt_result still finds nothing). A copy of the attempt still on its way — its
-- bytes in a pooler's or a proxy's buffer, or in the old session's socket — takes the lock
-- after us and then fails on the unique attempt id, rolling back whatever it did. "Never
-- committed" is thus final, and the client sends the claim again as a new attempt.

-- A claim still running after 2 s (blocked behind a stuck lock holder, its client gone) is
-- ended the way 011 ended a lingering session: pg_terminate_backend on the session that
-- holds the attempt's lock, found in pg_locks, which names it however it was reached. The
-- function runs with the caller's rights, so only a session of the caller's own login can
-- be ended (as before); otherwise, or when it does not end within 2 s more, the settle
-- fails with SQLSTATE 55P03 and the client reports RESULT_UNKNOWN.
--
-- The claim's body is 015's, unchanged: renamed claim_order_unlocked and called by a
-- claim_order that takes the lock first. driver_claim_order takes it before it locks the
-- driver row. Grants move from the old function to the new one (same signature), so the
-- roles that could claim still can, and nobody can call the unlocked one but its owner.

ALTER FUNCTION dispatch.claim_order(bigint, bigint, text, text, uuid)
    RENAME TO claim_order_unlocked;

CREATE FUNCTION dispatch.claim_order(p_order_id bigint, p_driver_id bigint, p_source text,
                                     p_actor text, p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, dispatch, pg_temp
AS $$
BEGIN
    IF p_attempt_id IS NOT NULL THEN
        -- 'DISP' and the attempt: two int4 keys, a space apart from the bigint keys of the
        -- migrator, the feed and the poll.
        PERFORM pg_catalog.pg_advisory_xact_lock(1145656144,
                                                 pg_catalog.hashtext(p_attempt_id::text));
    END IF;
    RETURN QUERY
        SELECT * FROM dispatch.claim_order_unlocked(p_order_id, p_driver_id, p_source,
                                                    p_actor, p_attempt_id);
END;
$$;

CREATE OR REPLACE FUNCTION dispatch.driver_claim_order(p_token_hash bytea, p_order_id bigint,
                                                       p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, dispatch, pg_temp
AS $$
DECLARE
    v_driver bigint;
BEGIN
    IF p_attempt_id IS NOT NULL THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(1145656144,
                                                 pg_catalog.hashtext(p_attempt_id::text));
    END IF;
    SELECT d.id INTO v_driver FROM dispatch.drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        outcome := 'DRIVER_NOT_FOUND'::text;
        RETURN NEXT;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT c.outcome, c.holder_id, c.holder_name, c.since, c.order_status, NULL::text,
               c.held_until, c.latency_us
          FROM dispatch.claim_order(p_order_id, v_driver, 'http'::text,
                                    'driver:'::text || v_driver::text, p_attempt_id) AS c;
END;
$$;

-- The tombstone: an attempt id that can never be recorded again. SECURITY DEFINER (a driver
-- login may not write claim_attempt_ids); only claim_attempt_settle calls it, holding the
-- attempt's lock. True when the id was fenced now, false when it was there already.
CREATE FUNCTION dispatch.claim_attempt_fence(p_attempt_id uuid, p_order_id bigint)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, dispatch, pg_temp
AS $$
    WITH fenced AS (
        INSERT INTO dispatch.claim_attempt_ids (attempt_id, order_id, attempted_at)
        VALUES (p_attempt_id, p_order_id, pg_catalog.clock_timestamp())
        ON CONFLICT (attempt_id) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM fenced);
$$;

-- What became of one claim call, once no transaction of it is running (see the top): its
-- row, or none — and then it never will have one.
CREATE FUNCTION dispatch.claim_attempt_settle(p_attempt_id uuid, p_order_id bigint)
RETURNS TABLE (outcome text, holder_id bigint, driver_id bigint, order_status text,
               holds_now boolean, assigned_at timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, dispatch, pg_temp
SET lock_timeout = '2s'
AS $$
DECLARE
    v_key integer := pg_catalog.hashtext(p_attempt_id::text);
BEGIN
    IF p_attempt_id IS NULL OR p_order_id IS NULL THEN
        RAISE EXCEPTION 'claim_attempt_settle: an attempt id and its order are required'
            USING ERRCODE = '22023';
    END IF;
    BEGIN
        PERFORM pg_catalog.pg_advisory_xact_lock(1145656144, v_key);
    EXCEPTION WHEN lock_not_available THEN
        BEGIN
            PERFORM pg_catalog.pg_terminate_backend(l.pid)
               FROM pg_catalog.pg_locks l
              WHERE l.locktype = 'advisory'::text AND l.granted
                AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                                   WHERE d.datname = pg_catalog.current_database())
                AND l.classid = 1145656144::oid AND l.objid = v_key::oid
                AND l.objsubid = 2 AND l.pid <> pg_catalog.pg_backend_pid();
        EXCEPTION WHEN insufficient_privilege THEN
            NULL; -- another login's session: wait once more, then report it unsettled
        END;
        PERFORM pg_catalog.pg_advisory_xact_lock(1145656144, v_key);
    END;
    RETURN QUERY SELECT * FROM dispatch.claim_attempt_result(p_attempt_id);
    IF NOT FOUND THEN
        PERFORM dispatch.claim_attempt_fence(p_attempt_id, p_order_id);
    END IF;
END;
$$;

-- The new claim_order, claim_attempt_settle and claim_attempt_fence get the grants of the
-- functions they stand for; the unlocked body keeps only its owner's.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT pg_catalog.quote_ident(g.rolname) AS role, f.target, f.source, f.revoke
          FROM (VALUES ('dispatch.claim_order(bigint,bigint,text,text,uuid)',
                        'dispatch.claim_order_unlocked(bigint,bigint,text,text,uuid)', true),
                       ('dispatch.claim_attempt_settle(uuid,bigint)',
                        'dispatch.claim_attempt_result(uuid)', false),
                       ('dispatch.claim_attempt_fence(uuid,bigint)',
                        'dispatch.claim_attempt_result(uuid)', false))
               AS f(target, source, revoke)
          JOIN pg_catalog.pg_proc p ON p.oid = f.source::regprocedure
          CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
          JOIN pg_catalog.pg_roles g ON g.oid = a.grantee
         WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner
    LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %s', r.target, r.role);
        IF r.revoke THEN
            EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM %s', r.source, r.role);
        END IF;
    END LOOP;
END;
$$;

REVOKE EXECUTE ON FUNCTION dispatch.claim_order(bigint, bigint, text, text, uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION dispatch.claim_order_unlocked(bigint, bigint, text, text, uuid)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION dispatch.claim_attempt_settle(uuid, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION dispatch.claim_attempt_fence(uuid, bigint) FROM PUBLIC;

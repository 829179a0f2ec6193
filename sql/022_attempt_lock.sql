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
-- its commit or rollback. claim_attempt_settle(id) takes the same lock: once it has it, no
-- transaction of that attempt is running, so the row it then reads (a new statement, a new
-- snapshot) says for good whether the attempt committed. A transaction of that attempt
-- that starts later (its bytes still on their way) cannot commit either: the resend's row
-- holds the attempt id, which is unique (claim_attempt_ids).
--
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

-- What became of one claim call, once no transaction of it is running (see the top).
CREATE FUNCTION dispatch.claim_attempt_settle(p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, driver_id bigint, order_status text,
               holds_now boolean, assigned_at timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, dispatch, pg_temp
SET lock_timeout = '2s'
AS $$
DECLARE
    v_key integer := pg_catalog.hashtext(p_attempt_id::text);
BEGIN
    IF p_attempt_id IS NULL THEN
        RAISE EXCEPTION 'claim_attempt_settle: an attempt id is required' USING ERRCODE = '22023';
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
END;
$$;

-- The new claim_order and claim_attempt_settle get the grants of the functions they stand
-- for; the unlocked body keeps only its owner's.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT pg_catalog.quote_ident(g.rolname) AS role, f.target, f.source, f.revoke
          FROM (VALUES ('dispatch.claim_order(bigint,bigint,text,text,uuid)',
                        'dispatch.claim_order_unlocked(bigint,bigint,text,text,uuid)', true),
                       ('dispatch.claim_attempt_settle(uuid)',
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
REVOKE EXECUTE ON FUNCTION dispatch.claim_attempt_settle(uuid) FROM PUBLIC;

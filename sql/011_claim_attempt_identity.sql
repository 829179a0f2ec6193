-- 011: every claim has an identity (issue 12: C1, L3, L7, L11).
--
-- The client makes a UUID for each claim call and passes it to claim_order(); the attempt
-- row carries it, and a UNIQUE index makes it a claim's one identity. After a lost answer
-- the client asks for exactly that row (claim_attempt_result): found means that outcome,
-- committed; absent (once the old server session is gone) means the claim never committed.
-- A resend reuses the id, so even a claim still in flight on a dead session cannot commit
-- next to its resend: the second of the two to commit fails on the unique index.
--
-- Also here: expiry is compared with clock_timestamp() (L3: now() is the transaction
-- start, which for a claim inside a longer transaction is in the past), and latency_us is
-- never negative when the wall clock steps back during a claim (L11).

ALTER TABLE claim_attempts ADD COLUMN attempt_id uuid;
CREATE UNIQUE INDEX claim_attempts_attempt_id_key ON claim_attempts (attempt_id);

CREATE FUNCTION claim_order(p_order_id bigint, p_driver_id bigint, p_source text,
                            p_actor text, p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    v_now timestamptz := clock_timestamp();
BEGIN
    IF p_source IS NULL OR p_source NOT IN ('console', 'simulation', 'http', 'sql') THEN
        RAISE EXCEPTION 'unknown claim source %', p_source USING ERRCODE = '22023';
    END IF;
    PERFORM set_config('dispatch.source', p_source, true),
            set_config('dispatch.actor', coalesce(p_actor, ''), true);

    -- The claim. Exactly one concurrent caller can match this row.
    UPDATE orders o
       SET driver_id = p_driver_id,
           status = 'driver_assigned',
           assigned_at = v_now,
           reserved_by = NULL,
           reserved_until = NULL
     WHERE o.id = p_order_id
       AND o.status = 'ready'
       AND o.driver_id IS NULL
       AND o.is_active
       AND (o.reserved_until IS NULL OR o.reserved_until <= clock_timestamp()
            OR o.reserved_by = p_actor)
       AND EXISTS (SELECT 1 FROM drivers d WHERE d.id = p_driver_id AND d.is_active)
    RETURNING 'ASSIGNED', o.driver_id, o.assigned_at, o.status
         INTO outcome, holder_id, since, order_status;

    IF NOT FOUND THEN
        -- Only now, one SELECT to say why (a new statement, so a new snapshot).
        SELECT o.status, o.driver_id, h.name, o.assigned_at, o.reserved_by, o.reserved_until,
               CASE
                   WHEN me.id IS NULL THEN 'DRIVER_NOT_FOUND'
                   WHEN NOT me.is_active THEN 'DRIVER_INACTIVE'
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'
                   WHEN o.driver_id IS NOT NULL
                        AND o.status IN ('driver_assigned', 'picked_up', 'in_transit')
                        THEN CASE WHEN o.driver_id = p_driver_id THEN 'ORDER_ALREADY_YOURS'
                                  ELSE 'ORDER_ALREADY_ASSIGNED' END
                   WHEN o.status <> 'ready' THEN 'ORDER_NOT_READY'
                   WHEN o.reserved_until > clock_timestamp()
                        AND o.reserved_by IS DISTINCT FROM p_actor
                        THEN 'ORDER_HELD'
                   ELSE 'ORDER_CHANGED'   -- it moved between the two statements: try again
               END
          INTO order_status, holder_id, holder_name, since, held_by, held_until, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN drivers me ON me.id = p_driver_id
          LEFT JOIN orders o ON o.id = p_order_id
          LEFT JOIN drivers h ON h.id = o.driver_id;
    ELSE
        SELECT d.name INTO holder_name FROM drivers d WHERE d.id = p_driver_id;
    END IF;

    latency_us := greatest(0, (extract(epoch FROM clock_timestamp() - statement_timestamp())
                               * 1e6)::bigint);
    INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome,
                                holder_id, attempt_id)
    VALUES (p_order_id, p_driver_id, p_source, coalesce(p_actor, ''), latency_us, outcome,
            CASE WHEN outcome = 'ASSIGNED' THEN NULL ELSE holder_id END, p_attempt_id);
    RETURN NEXT;
END;
$$;

-- The old four-argument form stays for psql, pgbench and the isolation specs: an anonymous
-- attempt (no id), the same claim. CREATE OR REPLACE keeps its grants.
CREATE OR REPLACE FUNCTION claim_order(p_order_id bigint, p_driver_id bigint, p_source text,
                                       p_actor text DEFAULT '')
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    SELECT * FROM claim_order(p_order_id, p_driver_id, p_source, p_actor, NULL::uuid);
$$;

-- What became of one claim call: its attempt row (none: it never committed) and whether its
-- driver holds the order now. SECURITY DEFINER so that a driver login, which may not read
-- claim_attempts, can settle its own lost answers; an attempt id is a random UUID that only
-- its client knows.
CREATE FUNCTION claim_attempt_result(p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, driver_id bigint, order_status text,
               holds_now boolean, assigned_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    SELECT a.outcome, a.holder_id, a.driver_id, o.status,
           coalesce(o.driver_id = a.driver_id
                    AND o.status IN ('driver_assigned', 'picked_up', 'in_transit'), false),
           CASE WHEN o.driver_id = a.driver_id THEN o.assigned_at END
      FROM claim_attempts a
      LEFT JOIN orders o ON o.id = a.order_id
     WHERE a.attempt_id = p_attempt_id;
$$;

REVOKE EXECUTE ON FUNCTION claim_order(bigint, bigint, text, text, uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION claim_attempt_result(uuid) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_dispatcher') THEN
        GRANT EXECUTE ON FUNCTION claim_order(bigint, bigint, text, text, uuid),
                                  claim_attempt_result(uuid)
              TO dispatch_dispatcher;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_driver') THEN
        GRANT EXECUTE ON FUNCTION claim_order(bigint, bigint, text, text, uuid),
                                  claim_attempt_result(uuid)
              TO dispatch_driver;
    END IF;
END;
$$;

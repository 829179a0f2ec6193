-- 004: the claim, release and hold, each one atomic UPDATE whose WHERE clause is the whole
-- guarantee. They live in the database so that the console, the simulator, the HTTP API,
-- psql, pgbench and PostgreSQL's isolation tester all run exactly the same statements.
--
-- Each function is VOLATILE plpgsql, so every statement inside takes a fresh snapshot
-- (READ COMMITTED): the classifying SELECT after a lost UPDATE sees the winner's commit.
-- Nothing here reads and then writes: the SELECT runs only after the UPDATE matched no
-- row, and only to say why.
--
-- SECURITY DEFINER with a fixed search_path: a driver role may be granted EXECUTE on
-- claim_order without being granted UPDATE on orders. EXECUTE is revoked from PUBLIC.

CREATE FUNCTION claim_order(p_order_id bigint, p_driver_id bigint, p_source text,
                            p_actor text DEFAULT '')
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    v_me_exists    boolean;
    v_me_active    boolean;
    v_order_exists boolean;
    v_order_active boolean;
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
           assigned_at = now(),
           reserved_by = NULL,
           reserved_until = NULL
     WHERE o.id = p_order_id
       AND o.status = 'ready'
       AND o.driver_id IS NULL
       AND o.is_active
       AND (o.reserved_until IS NULL OR o.reserved_until <= now()
            OR o.reserved_by = p_actor)
       AND EXISTS (SELECT 1 FROM drivers d WHERE d.id = p_driver_id AND d.is_active)
    RETURNING 'ASSIGNED', o.driver_id, o.assigned_at, o.status
         INTO outcome, holder_id, since, order_status;

    IF NOT FOUND THEN
        -- Only now, one SELECT to say why (a new statement, so a new snapshot).
        SELECT me.id IS NOT NULL, coalesce(me.is_active, false),
               o.id IS NOT NULL, coalesce(o.is_active, false),
               o.status, o.driver_id, h.name, o.assigned_at, o.reserved_by, o.reserved_until,
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
                   WHEN o.reserved_until > now() AND o.reserved_by IS DISTINCT FROM p_actor
                        THEN 'ORDER_HELD'
                   ELSE 'ORDER_CHANGED'   -- it moved between the two statements: try again
               END
          INTO v_me_exists, v_me_active, v_order_exists, v_order_active,
               order_status, holder_id, holder_name, since, held_by, held_until, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN drivers me ON me.id = p_driver_id
          LEFT JOIN orders o ON o.id = p_order_id
          LEFT JOIN drivers h ON h.id = o.driver_id;
    ELSE
        SELECT d.name INTO holder_name FROM drivers d WHERE d.id = p_driver_id;
    END IF;

    latency_us := (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1e6)::bigint;
    INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome, holder_id)
    VALUES (p_order_id, p_driver_id, p_source, coalesce(p_actor, ''), latency_us, outcome,
            CASE WHEN outcome = 'ASSIGNED' THEN NULL ELSE holder_id END);
    RETURN NEXT;
END;
$$;

-- Undo: put an assigned order back on the board, only if this driver still holds it.
CREATE FUNCTION release_order(p_order_id bigint, p_driver_id bigint, p_source text,
                              p_actor text DEFAULT '', p_reason text DEFAULT NULL)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    IF p_source IS NULL OR p_source NOT IN ('console', 'simulation', 'http', 'sql') THEN
        RAISE EXCEPTION 'unknown release source %', p_source USING ERRCODE = '22023';
    END IF;
    PERFORM set_config('dispatch.source', p_source, true),
            set_config('dispatch.actor', coalesce(p_actor, ''), true),
            set_config('dispatch.reason', coalesce(p_reason, ''), true);

    UPDATE orders o
       SET driver_id = NULL,
           status = 'ready',
           assigned_at = NULL
     WHERE o.id = p_order_id
       AND o.driver_id = p_driver_id
       AND o.status = 'driver_assigned'
       AND o.is_active
    RETURNING 'RELEASED', o.status INTO outcome, order_status;

    IF NOT FOUND THEN
        SELECT o.status, o.driver_id, h.name, o.assigned_at,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'
                   WHEN o.driver_id IS DISTINCT FROM p_driver_id THEN 'ORDER_NOT_HELD_BY_DRIVER'
                   ELSE 'ORDER_NOT_RELEASABLE'   -- picked up or later: too late to undo
               END
          INTO order_status, holder_id, holder_name, since, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN orders o ON o.id = p_order_id
          LEFT JOIN drivers h ON h.id = o.driver_id;
    END IF;
    RETURN NEXT;
END;
$$;

-- Hold (the seed's reservation): one atomic UPDATE; an expired hold counts as no hold.
CREATE FUNCTION hold_order(p_order_id bigint, p_holder text, p_seconds integer DEFAULT 30)
RETURNS TABLE (outcome text, held_by text, held_until timestamptz, order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    IF p_holder IS NULL OR btrim(p_holder) = '' OR p_seconds IS NULL
       OR p_seconds NOT BETWEEN 1 AND 600 THEN
        RAISE EXCEPTION 'a hold needs a holder and 1 to 600 seconds' USING ERRCODE = '22023';
    END IF;
    PERFORM set_config('dispatch.source', 'console', true),
            set_config('dispatch.actor', p_holder, true);

    UPDATE orders o
       SET reserved_by = p_holder,
           reserved_until = now() + make_interval(secs => p_seconds)
     WHERE o.id = p_order_id
       AND o.status = 'ready'
       AND o.driver_id IS NULL
       AND o.is_active
       AND (o.reserved_until IS NULL OR o.reserved_until <= now() OR o.reserved_by = p_holder)
    RETURNING 'HELD', o.reserved_by, o.reserved_until, o.status
         INTO outcome, held_by, held_until, order_status;

    IF NOT FOUND THEN
        SELECT o.status, o.reserved_by, o.reserved_until,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'
                   WHEN o.driver_id IS NOT NULL THEN 'ORDER_ALREADY_ASSIGNED'
                   WHEN o.status <> 'ready' THEN 'ORDER_NOT_READY'
                   WHEN o.reserved_until > now() THEN 'ORDER_HELD'
                   ELSE 'ORDER_CHANGED'
               END
          INTO order_status, held_by, held_until, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN orders o ON o.id = p_order_id;
    END IF;
    RETURN NEXT;
END;
$$;

-- Let go of a hold early (only the holder can).
CREATE FUNCTION unhold_order(p_order_id bigint, p_holder text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM set_config('dispatch.source', 'console', true),
            set_config('dispatch.actor', coalesce(p_holder, ''), true);
    UPDATE orders SET reserved_by = NULL, reserved_until = NULL
     WHERE id = p_order_id AND reserved_by = p_holder;
    RETURN FOUND;
END;
$$;

REVOKE EXECUTE ON FUNCTION claim_order(bigint, bigint, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION release_order(bigint, bigint, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION hold_order(bigint, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION unhold_order(bigint, text) FROM PUBLIC;

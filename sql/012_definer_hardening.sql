-- 012: the SECURITY DEFINER functions, hardened (issue 12: M1, L8, H3, M2 for holds and
-- history). Every function of 002, 004, 005, 006, 010 and 011 is replaced here; the grants
-- stay (CREATE OR REPLACE keeps them).
--
-- H3, no hijack through public. A function runs the callee that name resolution picks, and
-- an overload in public with better-matching argument types beats the pg_catalog built-in
-- (CVE-2018-1058): hashtextextended(text, 0) found a public (text, integer), 'x' || bigint a
-- public ||(text, bigint), make_interval(secs => integer) a public make_interval(integer),
-- and the history trigger's json_build_object('id', …) (VARIADIC "any") a public one with
-- the exact argument types; the trigger runs as the definer inside these functions. Now:
--   * every SECURITY DEFINER function pins search_path = pg_catalog, public, pg_temp
--     (pg_temp last, so a temporary table cannot stand in for ours); the triggers, which
--     run inside them, qualify every name instead;
--   * every function call in these bodies is pg_catalog-qualified (or public-qualified and
--     exactly typed, for our own functions), every literal in a call is cast to the
--     parameter's type, and every operator has exactly typed operands, so that with
--     pg_catalog first the built-in is the exact match and nothing in public can win;
--   * PUBLIC may no longer CREATE in schema public (the PostgreSQL <= 14 default, kept by
--     pg_upgrade), which also protects the clients' own unqualified statements.
--
-- L8, labels end with the function. Each function that labels its change reads the
-- caller's three labels (source, actor, reason) on entry, sets all three with
-- set_config(…, true), and puts the caller's back before it returns: the labels reach the
-- history trigger (which fires inside the function) and nothing after it in the caller's
-- transaction, and a caller's own labels survive the call. An error needs nothing: the
-- transaction or savepoint that fails takes its SET LOCALs with it. (A function-level
-- SET dispatch.source = '' clause would be simpler, but only a superuser, or a holder of
-- GRANT SET ON PARAMETER, may attach a placeholder variable to a function.)
--
-- M1, lock order driver → order. claim_order and reassign_order first lock the driver they
-- assign to (FOR SHARE, which conflicts with the FOR NO KEY UPDATE of deactivation; the
-- foreign key's FOR KEY SHARE does not); deactivate_driver() locks the driver, then sends
-- its assigned orders back to the board. A claim either waits for a deactivation and is
-- refused DRIVER_INACTIVE, or the deactivation waits for the claim and sweeps its order.
-- (This order also removes the admin-side deadlock suspected in the review's L12: a claim no
-- longer holds an order row while it waits for the driver row.)
--
-- M2, holds and history name the login. A hold records the login that made it
-- (session_user, which inside SECURITY DEFINER is still the login, while current_user is
-- the definer); extending it, letting it go and the claim's hold bypass need that login as
-- well as the holder string. order_history and claim_attempts record session_user next to
-- the actor the client declared.

-- H3: PUBLIC may not create in public. REVOKE by a user that does not own the schema only
-- warns ("no privileges could be revoked"); say so once, clearly, and migrate on: the
-- functions below are safe without it.
DO $$
DECLARE
    v_public_may_create boolean;
BEGIN
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n,
                                 pg_catalog.aclexplode(n.nspacl) a
                    WHERE n.nspname = 'public' AND a.grantee = 0
                      AND a.privilege_type = 'CREATE')
      INTO v_public_may_create;
    IF v_public_may_create THEN
        BEGIN
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        END;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
                    WHERE n.nspname = 'public' AND a.grantee = 0
                      AND a.privilege_type = 'CREATE') THEN
            RAISE WARNING 'migration 012: every role may still CREATE in schema public (% does '
                          'not own it); as its owner run: REVOKE CREATE ON SCHEMA public FROM '
                          'PUBLIC', session_user;
        END IF;
    END IF;
END;
$$;

-- M2: who, as the server knows it. Existing rows keep NULL (recorded before 012): a default
-- added with the column would name the migrating user for all of them.
ALTER TABLE order_history ADD COLUMN login text;
ALTER TABLE order_history ALTER COLUMN login SET DEFAULT session_user;
ALTER TABLE claim_attempts ADD COLUMN login text;
ALTER TABLE claim_attempts ALTER COLUMN login SET DEFAULT session_user;
COMMENT ON COLUMN order_history.login IS
    'session_user of the change (the login, also inside SECURITY DEFINER); actor is what the client declared';
COMMENT ON COLUMN claim_attempts.login IS
    'session_user of the attempt (the login); actor is what the client declared';
-- A hold made before 012 has no login: nobody can extend, release or bypass it, it expires.
ALTER TABLE orders ADD COLUMN reserved_login text;
ALTER TABLE orders ADD CONSTRAINT orders_reservation_login
    CHECK (reserved_login IS NULL OR reserved_by IS NOT NULL);
COMMENT ON COLUMN orders.reserved_login IS
    'session_user that made the hold: only that login may extend, release or use it';

-- The triggers of 002 run as the definer inside every function below, and under whatever
-- search_path the owner's own session has: every name in them is qualified, so they need no
-- pinned search_path (a SET clause on a trigger costs ~25 µs a row: measured, a claim fires
-- two).
CREATE OR REPLACE FUNCTION orders_record_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_source text := coalesce(nullif(pg_catalog.current_setting('dispatch.source'::text, true),
                                     ''::text), 'direct SQL'::text);
    v_actor  text := coalesce(nullif(pg_catalog.current_setting('dispatch.actor'::text, true),
                                     ''::text), session_user::text);
    v_reason text := nullif(pg_catalog.current_setting('dispatch.reason'::text, true), ''::text);
    v_row    public.orders;
BEGIN
    IF TG_OP = 'DELETE'::text THEN
        v_row := OLD;
    ELSE
        v_row := NEW;
    END IF;

    IF TG_OP = 'UPDATE'::text
       AND OLD.status IS NOT DISTINCT FROM NEW.status
       AND OLD.driver_id IS NOT DISTINCT FROM NEW.driver_id
       AND OLD.is_active IS NOT DISTINCT FROM NEW.is_active
       AND OLD.reserved_by IS NOT DISTINCT FROM NEW.reserved_by
       AND OLD.reserved_until IS NOT DISTINCT FROM NEW.reserved_until THEN
        RETURN NULL;   -- nothing in the lifecycle changed (an address fix, say)
    END IF;

    -- login: the column default, session_user.
    INSERT INTO public.order_history (order_id, operation, old_status, new_status,
                               old_driver_id, new_driver_id, old_reserved_by,
                               new_reserved_by, new_reserved_until, is_active,
                               source, actor, reason)
    VALUES (v_row.id, TG_OP,
            CASE WHEN TG_OP <> 'INSERT'::text THEN OLD.status END,
            CASE WHEN TG_OP <> 'DELETE'::text THEN NEW.status END,
            CASE WHEN TG_OP <> 'INSERT'::text THEN OLD.driver_id END,
            CASE WHEN TG_OP <> 'DELETE'::text THEN NEW.driver_id END,
            CASE WHEN TG_OP <> 'INSERT'::text THEN OLD.reserved_by END,
            CASE WHEN TG_OP <> 'DELETE'::text THEN NEW.reserved_by END,
            CASE WHEN TG_OP <> 'DELETE'::text THEN NEW.reserved_until END,
            v_row.is_active, v_source, v_actor, v_reason);

    PERFORM pg_catalog.pg_notify(
        'orders_changed'::text,
        pg_catalog.json_build_object('id'::text, v_row.id, 'op'::text, TG_OP,
                                     'status'::text, v_row.status,
                                     'driver_id'::text, v_row.driver_id)::text);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION orders_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION drivers_notify_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_catalog.pg_notify('drivers_changed'::text, coalesce(NEW.id, OLD.id)::text);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION claim_order(p_order_id bigint, p_driver_id bigint, p_source text,
                                       p_actor text, p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_now      timestamptz := pg_catalog.clock_timestamp();
    v_login    text := session_user::text;
    v_assigned boolean := false;
    -- L8: the caller's labels, put back before returning.
    v_source0  text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0   text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0  text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF p_source IS NULL
       OR p_source NOT IN ('console'::text, 'simulation'::text, 'http'::text, 'sql'::text) THEN
        RAISE EXCEPTION 'unknown claim source %', p_source USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, p_source, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, ''::text, true);

    -- The claim. Exactly one concurrent caller can match this row. Driver first (M1): the
    -- sub-select locks the driver FOR SHARE, which a deactivation's UPDATE conflicts with,
    -- so a deactivation either committed already (the lock finds the driver inactive: no
    -- match, refused below) or waits for this transaction and then sees its assignment. It
    -- is correlated with the order row, so the planner runs it only for a row that already
    -- passed the other conditions, before the row is locked for the update: the many
    -- attempts on an order already taken lock no driver row. One statement, no read first.
    UPDATE orders o
       SET driver_id = p_driver_id,
           status = 'driver_assigned'::text,
           assigned_at = v_now,
           reserved_by = NULL,
           reserved_until = NULL,
           reserved_login = NULL
     WHERE o.id = p_order_id
       AND o.status = 'ready'::text
       AND o.driver_id IS NULL
       AND o.is_active
       AND (o.reserved_until IS NULL OR o.reserved_until <= pg_catalog.clock_timestamp()
            OR (o.reserved_by = p_actor AND o.reserved_login = v_login))
       AND EXISTS (SELECT 1 FROM drivers d
                    WHERE d.id = p_driver_id AND d.is_active AND o.id IS NOT NULL
                      FOR SHARE OF d)
    RETURNING 'ASSIGNED'::text, o.driver_id, o.assigned_at, o.status
         INTO outcome, holder_id, since, order_status;
    v_assigned := FOUND;

    IF NOT v_assigned THEN
        -- Only now, one SELECT to say why (a new statement, so a new snapshot).
        SELECT o.status, o.driver_id, h.name, o.assigned_at, o.reserved_by, o.reserved_until,
               CASE
                   WHEN me.id IS NULL THEN 'DRIVER_NOT_FOUND'::text
                   WHEN NOT me.is_active THEN 'DRIVER_INACTIVE'::text
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'::text
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'::text
                   WHEN o.driver_id IS NOT NULL
                        AND o.status IN ('driver_assigned'::text, 'picked_up'::text,
                                         'in_transit'::text)
                        THEN CASE WHEN o.driver_id = p_driver_id THEN 'ORDER_ALREADY_YOURS'::text
                                  ELSE 'ORDER_ALREADY_ASSIGNED'::text END
                   WHEN o.status <> 'ready'::text THEN 'ORDER_NOT_READY'::text
                   WHEN o.reserved_until > pg_catalog.clock_timestamp()
                        AND NOT coalesce(o.reserved_by = p_actor AND o.reserved_login = v_login,
                                         false)
                        THEN 'ORDER_HELD'::text
                   ELSE 'ORDER_CHANGED'::text   -- it moved between the statements: try again
               END
          INTO order_status, holder_id, holder_name, since, held_by, held_until, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN drivers me ON me.id = p_driver_id
          LEFT JOIN orders o ON o.id = p_order_id
          LEFT JOIN drivers h ON h.id = o.driver_id;
    ELSE
        SELECT d.name INTO holder_name FROM drivers d WHERE d.id = p_driver_id;
    END IF;

    latency_us := greatest(0::bigint,
                           (extract(epoch FROM pg_catalog.clock_timestamp()
                                               - pg_catalog.statement_timestamp())
                            * 1000000::numeric)::bigint);
    -- login: the column default, session_user.
    INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome,
                                holder_id, attempt_id)
    VALUES (p_order_id, p_driver_id, p_source, coalesce(p_actor, ''::text), latency_us, outcome,
            CASE WHEN outcome = 'ASSIGNED'::text THEN NULL ELSE holder_id END, p_attempt_id);
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN NEXT;
END;
$$;

CREATE OR REPLACE FUNCTION claim_order(p_order_id bigint, p_driver_id bigint, p_source text,
                                       p_actor text DEFAULT '')
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    SELECT * FROM public.claim_order(p_order_id, p_driver_id, p_source, p_actor, NULL::uuid);
$$;

CREATE OR REPLACE FUNCTION release_order(p_order_id bigint, p_driver_id bigint, p_source text,
                                         p_actor text DEFAULT '', p_reason text DEFAULT NULL)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF p_source IS NULL
       OR p_source NOT IN ('console'::text, 'simulation'::text, 'http'::text, 'sql'::text) THEN
        RAISE EXCEPTION 'unknown release source %', p_source USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, p_source, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(p_reason, ''::text), true);

    UPDATE orders o
       SET driver_id = NULL,
           status = 'ready'::text,
           assigned_at = NULL
     WHERE o.id = p_order_id
       AND o.driver_id = p_driver_id
       AND o.status = 'driver_assigned'::text
       AND o.is_active
    RETURNING 'RELEASED'::text, o.status INTO outcome, order_status;

    IF NOT FOUND THEN
        SELECT o.status, o.driver_id, h.name, o.assigned_at,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'::text
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'::text
                   WHEN o.driver_id IS DISTINCT FROM p_driver_id
                        THEN 'ORDER_NOT_HELD_BY_DRIVER'::text
                   ELSE 'ORDER_NOT_RELEASABLE'::text   -- picked up or later: too late to undo
               END
          INTO order_status, holder_id, holder_name, since, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN orders o ON o.id = p_order_id
          LEFT JOIN drivers h ON h.id = o.driver_id;
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN NEXT;
END;
$$;

-- Expiry by clock_timestamp(), as in 011's claim_order (L3).
CREATE OR REPLACE FUNCTION hold_order(p_order_id bigint, p_holder text, p_seconds integer DEFAULT 30)
RETURNS TABLE (outcome text, held_by text, held_until timestamptz, order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_login   text := session_user::text;
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF p_holder IS NULL OR pg_catalog.btrim(p_holder) = ''::text OR p_seconds IS NULL
       OR p_seconds NOT BETWEEN 1 AND 600 THEN
        RAISE EXCEPTION 'a hold needs a holder and 1 to 600 seconds' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, 'console'::text, true),
            pg_catalog.set_config('dispatch.actor'::text, p_holder, true),
            pg_catalog.set_config('dispatch.reason'::text, ''::text, true);

    UPDATE orders o
       SET reserved_by = p_holder,
           reserved_login = v_login,
           reserved_until = pg_catalog.clock_timestamp()
                            + pg_catalog.make_interval(secs => p_seconds::double precision)
     WHERE o.id = p_order_id
       AND o.status = 'ready'::text
       AND o.driver_id IS NULL
       AND o.is_active
       AND (o.reserved_until IS NULL OR o.reserved_until <= pg_catalog.clock_timestamp()
            OR (o.reserved_by = p_holder AND o.reserved_login = v_login))
    RETURNING 'HELD'::text, o.reserved_by, o.reserved_until, o.status
         INTO outcome, held_by, held_until, order_status;

    IF NOT FOUND THEN
        SELECT o.status, o.reserved_by, o.reserved_until,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'::text
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'::text
                   WHEN o.driver_id IS NOT NULL THEN 'ORDER_ALREADY_ASSIGNED'::text
                   WHEN o.status <> 'ready'::text THEN 'ORDER_NOT_READY'::text
                   WHEN o.reserved_until > pg_catalog.clock_timestamp() THEN 'ORDER_HELD'::text
                   ELSE 'ORDER_CHANGED'::text
               END
          INTO order_status, held_by, held_until, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN orders o ON o.id = p_order_id;
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN NEXT;
END;
$$;

-- Let go of a hold early: only the holder, on the login that made the hold.
CREATE OR REPLACE FUNCTION unhold_order(p_order_id bigint, p_holder text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
    v_found   boolean;
BEGIN
    PERFORM pg_catalog.set_config('dispatch.source'::text, 'console'::text, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_holder, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, ''::text, true);
    UPDATE orders o SET reserved_by = NULL, reserved_until = NULL, reserved_login = NULL
     WHERE o.id = p_order_id AND o.reserved_by = p_holder
       AND o.reserved_login = session_user::text;
    v_found := FOUND;
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN v_found;
END;
$$;

CREATE OR REPLACE FUNCTION reassign_order(p_order_id bigint, p_from_driver bigint,
                                          p_to_driver bigint, p_source text, p_actor text,
                                          p_reason text)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF p_source IS NULL
       OR p_source NOT IN ('console'::text, 'simulation'::text, 'http'::text, 'sql'::text) THEN
        RAISE EXCEPTION 'unknown source %', p_source USING ERRCODE = '22023';
    END IF;
    IF p_reason IS NULL OR pg_catalog.length(pg_catalog.btrim(p_reason)) < 3
       OR pg_catalog.length(p_reason) > 500 THEN
        RAISE EXCEPTION 'a reassignment needs a reason (3 to 500 characters)' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, p_source, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, p_reason, true);

    -- The new driver first (M1), as in claim_order.
    PERFORM 1 FROM drivers d WHERE d.id = p_to_driver AND d.is_active FOR SHARE;
    IF FOUND THEN
        UPDATE orders o
           SET driver_id = p_to_driver,
               assigned_at = pg_catalog.clock_timestamp()
         WHERE o.id = p_order_id
           AND o.driver_id = p_from_driver
           AND o.driver_id <> p_to_driver
           AND o.status = 'driver_assigned'::text
           AND o.is_active
        RETURNING 'REASSIGNED'::text, o.driver_id, o.assigned_at, o.status
             INTO outcome, holder_id, since, order_status;
    END IF;

    IF FOUND THEN
        SELECT d.name INTO holder_name FROM drivers d WHERE d.id = p_to_driver;
    ELSE
        SELECT o.status, o.driver_id, h.name, o.assigned_at,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'::text
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'::text
                   WHEN o.driver_id = p_to_driver THEN 'ORDER_ALREADY_YOURS'::text
                   WHEN o.driver_id IS DISTINCT FROM p_from_driver
                        THEN 'ORDER_NOT_HELD_BY_DRIVER'::text
                   WHEN o.status <> 'driver_assigned'::text THEN 'ORDER_NOT_RELEASABLE'::text
                   WHEN to_driver.id IS NULL THEN 'DRIVER_NOT_FOUND'::text
                   WHEN NOT to_driver.is_active THEN 'DRIVER_INACTIVE'::text
                   ELSE 'ORDER_CHANGED'::text
               END
          INTO order_status, holder_id, holder_name, since, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN orders o ON o.id = p_order_id
          LEFT JOIN drivers h ON h.id = o.driver_id
          LEFT JOIN drivers to_driver ON to_driver.id = p_to_driver;
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN NEXT;
END;
$$;

-- M1: the one way to take a driver off duty. Driver row first (FOR NO KEY UPDATE: waits for
-- every claim or reassignment holding it FOR SHARE), then the driver's assigned orders that
-- were not picked up go back on the board, each recorded in order_history with the reason.
-- READ COMMITTED only: in REPEATABLE READ the sweep's snapshot could predate a claim that
-- committed while this call waited for the driver row, and miss its order.
CREATE FUNCTION deactivate_driver(p_driver_id bigint, p_actor text, p_reason text)
RETURNS TABLE (outcome text, orders_released integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_was_active boolean;
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF pg_catalog.current_setting('transaction_isolation'::text) <> 'read committed'::text THEN
        RAISE EXCEPTION 'deactivate_driver() runs only in READ COMMITTED (this transaction is %)',
                        pg_catalog.current_setting('transaction_isolation'::text)
              USING ERRCODE = '0A000';
    END IF;
    IF p_reason IS NULL OR pg_catalog.length(pg_catalog.btrim(p_reason)) < 3
       OR pg_catalog.length(p_reason) > 500 THEN
        RAISE EXCEPTION 'a deactivation needs a reason (3 to 500 characters)' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, 'sql'::text, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, 'driver deactivated: '::text || p_reason, true);

    orders_released := 0;
    SELECT d.is_active INTO v_was_active FROM drivers d WHERE d.id = p_driver_id
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        outcome := 'DRIVER_NOT_FOUND'::text;
    ELSE
        IF v_was_active THEN
            UPDATE drivers d SET is_active = false WHERE d.id = p_driver_id;
        END IF;
        -- A new statement, so a new snapshot: it sees every claim that committed meanwhile.
        UPDATE orders o
           SET driver_id = NULL,
               status = 'ready'::text,
               assigned_at = NULL
         WHERE o.driver_id = p_driver_id
           AND o.status = 'driver_assigned'::text;
        GET DIAGNOSTICS orders_released = ROW_COUNT;
        -- Already inactive: its leftover orders (from before 012) are swept all the same.
        outcome := CASE WHEN v_was_active THEN 'DEACTIVATED'::text
                        ELSE 'DRIVER_INACTIVE'::text END;
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN NEXT;
END;
$$;

REVOKE EXECUTE ON FUNCTION deactivate_driver(bigint, text, text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION http_idempotency_begin(p_driver_id bigint, p_key text)
RETURNS TABLE (request_hash bytea, response_status integer, response_body jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    -- The same lock key as 005's: old and new sessions serialise on it during an upgrade.
    PERFORM pg_catalog.pg_advisory_xact_lock(
        pg_catalog.hashtextextended('http_idempotency:'::text || p_driver_id::text || ':'::text
                                    || p_key, 0::bigint));
    RETURN QUERY
        SELECT i.request_hash, i.response_status, i.response_body
          FROM http_idempotency i
         WHERE i.driver_id = p_driver_id
           AND i.idempotency_key = p_key
           AND i.created_at > pg_catalog.now() - '24 hours'::interval;
END;
$$;

CREATE OR REPLACE FUNCTION http_idempotency_store(p_driver_id bigint, p_key text,
                                                  p_request_hash bytea, p_status integer,
                                                  p_body jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    DELETE FROM http_idempotency i
     WHERE i.driver_id = p_driver_id
       AND i.created_at <= pg_catalog.now() - '24 hours'::interval;
    INSERT INTO http_idempotency (driver_id, idempotency_key, request_hash, response_status,
                                  response_body)
    VALUES (p_driver_id, p_key, p_request_hash, p_status, p_body);
END;
$$;

CREATE OR REPLACE FUNCTION driver_for_token(p_token_hash bytea)
RETURNS TABLE (driver_id bigint, is_active boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    SELECT d.id, d.is_active
      FROM drivers d
     WHERE d.api_token_hash = p_token_hash
       AND pg_catalog.length(p_token_hash) = 32;
$$;

-- No call in its body; only its search_path changes.
ALTER FUNCTION claim_attempt_result(uuid) SET search_path = pg_catalog, public, pg_temp;

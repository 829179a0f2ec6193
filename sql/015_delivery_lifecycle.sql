-- 015: after the claim (issue 16): the delivery lifecycle, drivers' shift and capacity,
-- promise times and order details.
--
-- Lifecycle. driver_assigned → picked_up → in_transit → delivered, or failed (by the driver
-- or a dispatcher) or cancelled (by a dispatcher), each with a reason where it ends badly.
-- Every step is one guarded UPDATE … WHERE id AND status = ANY(<expected>) AND driver_id =
-- <that driver> … RETURNING in advance_order() / cancel_order(); only a miss is classified,
-- by one SELECT afterwards (ORDER_NOT_FOUND, ORDER_NOT_ACTIVE, ORDER_NOT_HELD_BY_DRIVER,
-- ORDER_WRONG_STATUS with the current status, ORDER_CHANGED). The history trigger of 002/012
-- records each step with its reason and notifies orders_changed (payload unchanged).
--
-- Shift and capacity. A driver is off shift or on shift; on shift and at capacity reads as
-- "busy". Only an active driver on shift with room (active_orders < max_concurrent_orders;
-- NULL: no limit, the trainer's drivers) can claim or be assigned: DRIVER_OFF_SHIFT,
-- DRIVER_AT_CAPACITY. active_orders is a counter on the driver row, kept exact by a trigger
-- on orders for every path (functions, psql, the trainer's vulnerable claim). The capacity
-- check is race-free because every claim locks its driver row FOR NO KEY UPDATE inside its
-- one UPDATE (driver first, then order: the order of 012) and the check reads the counter on
-- that locked row: a second claim of the same driver waits for the first, then re-checks
-- the counter the first one raised (EvalPlanQual on the locked row), so five claims at once
-- against a capacity of three give exactly three wins. A count(*) of the driver's orders
-- would be write skew under READ COMMITTED (each sees the others' orders unassigned). Under
-- REPEATABLE READ the second claim gets 40001 (the driver row changed): retryable.
--
-- The lock mode moves from FOR SHARE (012, 013) to FOR NO KEY UPDATE, because the counter
-- update is a write to the driver row: two phones of one driver holding FOR SHARE and both
-- upgrading would deadlock. claim_order, driver_claim_order, release_order,
-- driver_release_order and reassign_order are replaced with the same signatures and
-- results (CREATE OR REPLACE keeps their grants); every function here locks the driver rows
-- it will touch before the order row, so the counter trigger never waits for a driver while
-- holding an order, except for plain psql edits (a deadlock there is detected: 40P01).

-- Drivers first (the lock order of every claim: driver, then order).
ALTER TABLE drivers
    ADD COLUMN on_shift boolean NOT NULL DEFAULT true,
    ADD COLUMN shift_changed_at timestamptz,
    ADD COLUMN max_concurrent_orders integer DEFAULT 3
        CONSTRAINT drivers_capacity_sane CHECK (max_concurrent_orders BETWEEN 1 AND 1000),
    ADD COLUMN active_orders integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN drivers.on_shift IS
    'false: off shift, claims and assignments refused (DRIVER_OFF_SHIFT); set by the driver app or a dispatcher';
COMMENT ON COLUMN drivers.max_concurrent_orders IS
    'most orders in delivery at once (DRIVER_AT_CAPACITY beyond); NULL: no limit';
COMMENT ON COLUMN drivers.active_orders IS
    'orders this driver has in delivery (driver_assigned, picked_up, in_transit, active): kept by orders_track_driver_load';

-- When a driver's app last made a request. A table of its own, not a column of drivers: a
-- write to the driver row on every request would make every claim of that driver under
-- REPEATABLE READ fail with 40001 (the row changed since its snapshot) and wake every
-- console's driver list. Written at most every 15 seconds per driver.
CREATE TABLE driver_last_seen (
    driver_id bigint      PRIMARY KEY REFERENCES drivers (id) ON DELETE CASCADE,
    seen_at   timestamptz NOT NULL
);

ALTER TABLE orders DROP CONSTRAINT orders_status_known;
ALTER TABLE orders ADD CONSTRAINT orders_status_known CHECK (status IN (
    'cart', 'pending', 'confirmed', 'preparing', 'ready',
    'driver_assigned', 'picked_up', 'in_transit', 'delivered',
    'failed', 'cancelled', 'refunded'));
-- The seed's name; failed keeps the driver who could not deliver.
ALTER TABLE orders DROP CONSTRAINT check_driver_status_consistency;
ALTER TABLE orders ADD CONSTRAINT check_driver_status_consistency CHECK (
    (driver_id IS NULL AND status IN ('cart', 'pending', 'confirmed', 'preparing', 'ready', 'cancelled', 'refunded'))
    OR
    (driver_id IS NOT NULL AND status IN ('driver_assigned', 'picked_up', 'in_transit', 'delivered', 'failed', 'cancelled', 'refunded'))
);

-- When the order entered its current status (the boards' "time in state"), why it ended
-- badly, what was promised to the customer, and what the driver needs at the door. Rows from
-- before 015 keep NULL where nothing is known (the boards fall back to assigned_at/ready_at).
ALTER TABLE orders
    ADD COLUMN status_changed_at timestamptz,
    ADD COLUMN status_reason text CONSTRAINT orders_status_reason_length
        CHECK (length(status_reason) <= 500),
    ADD COLUMN promised_at timestamptz,
    ADD COLUMN customer_phone text CONSTRAINT orders_customer_phone_length
        CHECK (length(customer_phone) <= 40),
    ADD COLUMN notes text CONSTRAINT orders_notes_length CHECK (length(notes) <= 1000),
    ADD COLUMN items jsonb NOT NULL DEFAULT '[]'::jsonb
        CONSTRAINT orders_items_array CHECK (jsonb_typeof(items) = 'array');
ALTER TABLE orders ALTER COLUMN status_changed_at SET DEFAULT now();
COMMENT ON COLUMN orders.status_changed_at IS 'when status last changed (trigger orders_touch_status_changed_at)';
COMMENT ON COLUMN orders.status_reason IS 'why the order failed or was cancelled (also in order_history.reason)';
COMMENT ON COLUMN orders.promised_at IS 'delivery time promised to the customer';
COMMENT ON COLUMN orders.items IS 'JSON array of {"name": text, "qty": integer}';

-- Like 012's triggers: every name qualified, no pinned search_path (they run inside the
-- SECURITY DEFINER functions and under whatever path a psql session has).
CREATE FUNCTION orders_touch_status_changed_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.status_changed_at := pg_catalog.clock_timestamp();
    RETURN NEW;
END;
$$;

CREATE TRIGGER orders_touch_status_changed_at
    BEFORE UPDATE OF status ON orders
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION orders_touch_status_changed_at();

-- The load counter: an order counts for its driver while it is active and in delivery.
CREATE FUNCTION orders_track_driver_load() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_old bigint;
    v_new bigint;
BEGIN
    IF TG_OP <> 'INSERT'::text AND OLD.driver_id IS NOT NULL AND OLD.is_active
       AND OLD.status IN ('driver_assigned'::text, 'picked_up'::text, 'in_transit'::text) THEN
        v_old := OLD.driver_id;
    END IF;
    IF TG_OP <> 'DELETE'::text AND NEW.driver_id IS NOT NULL AND NEW.is_active
       AND NEW.status IN ('driver_assigned'::text, 'picked_up'::text, 'in_transit'::text) THEN
        v_new := NEW.driver_id;
    END IF;
    IF v_old IS NOT DISTINCT FROM v_new THEN
        RETURN NULL;
    END IF;
    IF v_old IS NOT NULL THEN
        UPDATE public.drivers d SET active_orders = d.active_orders - 1::integer
         WHERE d.id = v_old;
    END IF;
    IF v_new IS NOT NULL THEN
        UPDATE public.drivers d SET active_orders = d.active_orders + 1::integer
         WHERE d.id = v_new;
    END IF;
    RETURN NULL;
END;
$$;

-- WHEN clauses keep the cost at zero for rows that cannot change a load (a bulk insert of
-- delivered orders calls no function).
CREATE TRIGGER orders_track_driver_load_insert
    AFTER INSERT ON orders
    FOR EACH ROW WHEN (NEW.driver_id IS NOT NULL)
    EXECUTE FUNCTION orders_track_driver_load();
CREATE TRIGGER orders_track_driver_load_update
    AFTER UPDATE OF status, driver_id, is_active ON orders
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.driver_id IS DISTINCT FROM NEW.driver_id
                       OR OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION orders_track_driver_load();
CREATE TRIGGER orders_track_driver_load_delete
    AFTER DELETE ON orders
    FOR EACH ROW WHEN (OLD.driver_id IS NOT NULL)
    EXECUTE FUNCTION orders_track_driver_load();

-- Existing rows: the counter from the orders (the triggers above block writes to orders
-- until this transaction commits), and a time in state for the orders on the boards.
UPDATE drivers d
   SET active_orders = l.n
  FROM (SELECT o.driver_id, count(*)::integer AS n FROM orders o
         WHERE o.driver_id IS NOT NULL AND o.is_active
           AND o.status IN ('driver_assigned', 'picked_up', 'in_transit')
         GROUP BY o.driver_id) AS l
 WHERE d.id = l.driver_id;
ALTER TABLE orders DISABLE TRIGGER orders_touch_updated_at;
UPDATE orders o
   SET status_changed_at = coalesce(o.assigned_at, o.ready_at, o.updated_at)
 WHERE o.status IN ('ready', 'driver_assigned', 'picked_up', 'in_transit');
ALTER TABLE orders ENABLE TRIGGER orders_touch_updated_at;

-- The in-delivery board: orders in delivery, by status.
CREATE INDEX orders_in_delivery_idx ON orders (status, status_changed_at)
    WHERE status IN ('driver_assigned', 'picked_up', 'in_transit');

-- ---------------------------------------------------------------------------------------
-- The claim, with shift and capacity. Only the driver sub-select (lock mode and the two new
-- conditions) and the classification (two new refusals) differ from 012.
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

    -- Driver first: the sub-select locks the driver row FOR NO KEY UPDATE (a deactivation,
    -- a shift change and another claim of the same driver all conflict with it) and checks
    -- shift and room on that locked row; after waiting for another claim of this driver it
    -- re-reads the row that claim's counter update left (EvalPlanQual). Correlated with the
    -- order row, so attempts on an order already taken lock no driver row. One statement.
    UPDATE orders o
       SET driver_id = p_driver_id,
           status = 'driver_assigned'::text,
           assigned_at = v_now,
           reserved_by = NULL,
           reserved_until = NULL,
           reserved_login = NULL,
           status_reason = NULL
     WHERE o.id = p_order_id
       AND o.status = 'ready'::text
       AND o.driver_id IS NULL
       AND o.is_active
       AND (o.reserved_until IS NULL OR o.reserved_until <= pg_catalog.clock_timestamp()
            OR (o.reserved_by = p_actor AND o.reserved_login = v_login))
       AND EXISTS (SELECT 1 FROM drivers d
                    WHERE d.id = p_driver_id AND d.is_active AND d.on_shift
                      AND (d.max_concurrent_orders IS NULL
                           OR d.active_orders < d.max_concurrent_orders)
                      AND o.id IS NOT NULL
                      FOR NO KEY UPDATE OF d)
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
                   -- The order was there for the taking; the driver was not.
                   WHEN NOT me.on_shift THEN 'DRIVER_OFF_SHIFT'::text
                   WHEN me.max_concurrent_orders IS NOT NULL
                        AND me.active_orders >= me.max_concurrent_orders
                        THEN 'DRIVER_AT_CAPACITY'::text
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

-- 013's token claim, locking the driver in claim_order's mode (FOR SHARE here and FOR NO KEY
-- UPDATE inside would deadlock two phones of one driver on the upgrade).
CREATE OR REPLACE FUNCTION driver_claim_order(p_token_hash bytea, p_order_id bigint,
                                              p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
BEGIN
    SELECT d.id INTO v_driver FROM drivers d
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
          FROM public.claim_order(p_order_id, v_driver, 'http'::text,
                                  'driver:'::text || v_driver::text, p_attempt_id) AS c;
END;
$$;

-- 012's release, with the driver row locked first (the counter trigger writes it).
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
       AND EXISTS (SELECT 1 FROM drivers d WHERE d.id = p_driver_id AND o.id IS NOT NULL
                      FOR NO KEY UPDATE OF d)
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

CREATE OR REPLACE FUNCTION driver_release_order(p_token_hash bytea, p_order_id bigint,
                                                p_reason text)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
    v_active boolean;
BEGIN
    SELECT d.id, d.is_active INTO v_driver, v_active FROM drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32
       FOR NO KEY UPDATE;
    IF NOT FOUND OR NOT v_active THEN
        outcome := CASE WHEN v_driver IS NULL THEN 'DRIVER_NOT_FOUND'::text
                        ELSE 'DRIVER_INACTIVE'::text END;
        RETURN NEXT;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT r.outcome, r.holder_id, r.holder_name, r.since, r.order_status
          FROM public.release_order(p_order_id, v_driver, 'http'::text,
                                    'driver:'::text || v_driver::text, p_reason) AS r;
END;
$$;

-- 012's reassignment, with both drivers locked first in id order (both counters change) and
-- the new driver's shift and room checked like a claim's.
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

    -- Both drivers, in id order, before the order (M1's order, for two rows).
    PERFORM 1 FROM drivers d WHERE d.id IN (p_from_driver, p_to_driver) ORDER BY d.id
        FOR NO KEY UPDATE;
    -- A new statement, so a new snapshot that sees the locked rows as they are now.
    UPDATE orders o
       SET driver_id = p_to_driver,
           assigned_at = pg_catalog.clock_timestamp()
     WHERE o.id = p_order_id
       AND o.driver_id = p_from_driver
       AND o.driver_id <> p_to_driver
       AND o.status = 'driver_assigned'::text
       AND o.is_active
       AND EXISTS (SELECT 1 FROM drivers d
                    WHERE d.id = p_to_driver AND d.is_active AND d.on_shift
                      AND (d.max_concurrent_orders IS NULL
                           OR d.active_orders < d.max_concurrent_orders)
                      AND o.id IS NOT NULL)
    RETURNING 'REASSIGNED'::text, o.driver_id, o.assigned_at, o.status
         INTO outcome, holder_id, since, order_status;

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
                   WHEN NOT to_driver.on_shift THEN 'DRIVER_OFF_SHIFT'::text
                   WHEN to_driver.max_concurrent_orders IS NOT NULL
                        AND to_driver.active_orders >= to_driver.max_concurrent_orders
                        THEN 'DRIVER_AT_CAPACITY'::text
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

-- ---------------------------------------------------------------------------------------
-- The lifecycle. p_step: 'pickup' (driver_assigned → picked_up), 'transit' (picked_up →
-- in_transit), 'deliver' (picked_up or in_transit → delivered), 'fail' (driver_assigned,
-- picked_up or in_transit → failed; p_reason required, 3 to 500 characters). Only while
-- p_driver_id holds the order; a dispatcher passes the driver the board showed, so a stale
-- board is refused rather than acted on. since: when the order entered order_status.
CREATE FUNCTION advance_order(p_order_id bigint, p_driver_id bigint, p_step text,
                              p_source text, p_actor text, p_reason text DEFAULT NULL)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_from    text[];
    v_to      text;
    v_done    text;
    v_reason  text := nullif(pg_catalog.btrim(p_reason), ''::text);
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF p_source IS NULL
       OR p_source NOT IN ('console'::text, 'simulation'::text, 'http'::text, 'sql'::text) THEN
        RAISE EXCEPTION 'unknown source %', p_source USING ERRCODE = '22023';
    END IF;
    IF p_step = 'pickup'::text THEN
        v_from := ARRAY['driver_assigned'::text];
        v_to := 'picked_up'::text;
        v_done := 'PICKED_UP'::text;
    ELSIF p_step = 'transit'::text THEN
        v_from := ARRAY['picked_up'::text];
        v_to := 'in_transit'::text;
        v_done := 'IN_TRANSIT'::text;
    ELSIF p_step = 'deliver'::text THEN
        v_from := ARRAY['picked_up'::text, 'in_transit'::text];
        v_to := 'delivered'::text;
        v_done := 'DELIVERED'::text;
    ELSIF p_step = 'fail'::text THEN
        v_from := ARRAY['driver_assigned'::text, 'picked_up'::text, 'in_transit'::text];
        v_to := 'failed'::text;
        v_done := 'FAILED'::text;
        IF v_reason IS NULL OR pg_catalog.length(v_reason) < 3 THEN
            RAISE EXCEPTION 'a failed delivery needs a reason (3 to 500 characters)'
                  USING ERRCODE = '22023';
        END IF;
    ELSE
        RAISE EXCEPTION 'unknown step % (pickup, transit, deliver, fail)', p_step
              USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.length(v_reason) > 500 THEN
        RAISE EXCEPTION 'a reason is at most 500 characters' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, p_source, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason, ''::text), true);

    -- Driver row first (its counter changes when the order leaves delivery), then the order:
    -- one statement, no read first.
    UPDATE orders o
       SET status = v_to,
           status_reason = CASE WHEN v_to = 'failed'::text THEN v_reason END
     WHERE o.id = p_order_id
       AND o.driver_id = p_driver_id
       AND o.status = ANY (v_from)
       AND o.is_active
       AND EXISTS (SELECT 1 FROM drivers d WHERE d.id = p_driver_id AND o.id IS NOT NULL
                      FOR NO KEY UPDATE OF d)
    RETURNING v_done, o.driver_id, o.status_changed_at, o.status
         INTO outcome, holder_id, since, order_status;

    IF FOUND THEN
        SELECT d.name INTO holder_name FROM drivers d WHERE d.id = p_driver_id;
    ELSE
        SELECT o.status, o.driver_id, h.name, o.status_changed_at,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'::text
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'::text
                   WHEN o.driver_id IS DISTINCT FROM p_driver_id
                        THEN 'ORDER_NOT_HELD_BY_DRIVER'::text
                   WHEN o.status <> ALL (v_from) THEN 'ORDER_WRONG_STATUS'::text
                   ELSE 'ORDER_CHANGED'::text
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

-- A dispatcher cancels an order that is not delivered yet, as the board showed it (status
-- and driver): if it moved since, nothing happens and the miss says how it stands now. The
-- reason is required. A hold is dropped with it; the driver (if any) stays on the row.
CREATE FUNCTION cancel_order(p_order_id bigint, p_shown_status text, p_shown_driver bigint,
                             p_source text, p_actor text, p_reason text)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_reason  text := pg_catalog.btrim(p_reason);
    v_open    text[] := ARRAY['pending'::text, 'confirmed'::text, 'preparing'::text,
                              'ready'::text, 'driver_assigned'::text, 'picked_up'::text,
                              'in_transit'::text];
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF p_source IS NULL
       OR p_source NOT IN ('console'::text, 'simulation'::text, 'http'::text, 'sql'::text) THEN
        RAISE EXCEPTION 'unknown source %', p_source USING ERRCODE = '22023';
    END IF;
    IF v_reason IS NULL OR pg_catalog.length(v_reason) < 3 OR pg_catalog.length(v_reason) > 500 THEN
        RAISE EXCEPTION 'a cancellation needs a reason (3 to 500 characters)' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, p_source, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, v_reason, true);

    UPDATE orders o
       SET status = 'cancelled'::text,
           status_reason = v_reason,
           reserved_by = NULL,
           reserved_until = NULL,
           reserved_login = NULL
     WHERE o.id = p_order_id
       AND o.status = p_shown_status
       AND o.status = ANY (v_open)
       AND o.driver_id IS NOT DISTINCT FROM p_shown_driver
       AND o.is_active
       AND (p_shown_driver IS NULL
            OR EXISTS (SELECT 1 FROM drivers d WHERE d.id = p_shown_driver AND o.id IS NOT NULL
                          FOR NO KEY UPDATE OF d))
    RETURNING 'CANCELLED'::text, o.driver_id, o.status_changed_at, o.status
         INTO outcome, holder_id, since, order_status;

    IF NOT FOUND THEN
        SELECT o.status, o.driver_id, h.name, o.status_changed_at,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'::text
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'::text
                   WHEN o.status <> ALL (v_open) OR o.status IS DISTINCT FROM p_shown_status
                        THEN 'ORDER_WRONG_STATUS'::text
                   WHEN o.driver_id IS DISTINCT FROM p_shown_driver
                        THEN 'ORDER_NOT_HELD_BY_DRIVER'::text
                   ELSE 'ORDER_CHANGED'::text
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

-- ---------------------------------------------------------------------------------------
-- Shift and capacity. One UPDATE of the driver row each: it conflicts with a claim's lock,
-- so a claim either finishes before the driver goes off shift or sees the driver off shift.
-- Going off shift keeps the orders in hand (they can still be delivered); it stops new ones.
CREATE FUNCTION set_driver_shift(p_driver_id bigint, p_on_shift boolean, p_actor text)
RETURNS TABLE (outcome text, on_shift boolean, shift_changed_at timestamptz,
               active_orders integer, max_concurrent_orders integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_active boolean;
BEGIN
    IF p_on_shift IS NULL THEN
        RAISE EXCEPTION 'on shift or off shift, not NULL' USING ERRCODE = '22023';
    END IF;
    UPDATE drivers d
       SET on_shift = p_on_shift,
           shift_changed_at = CASE WHEN d.on_shift = p_on_shift THEN d.shift_changed_at
                                   ELSE pg_catalog.clock_timestamp() END
     WHERE d.id = p_driver_id AND d.is_active
    RETURNING CASE WHEN p_on_shift THEN 'SHIFT_STARTED'::text ELSE 'SHIFT_ENDED'::text END,
              d.on_shift, d.shift_changed_at, d.active_orders, d.max_concurrent_orders
         INTO outcome, on_shift, shift_changed_at, active_orders, max_concurrent_orders;
    IF NOT FOUND THEN
        SELECT d.is_active INTO v_active FROM drivers d WHERE d.id = p_driver_id;
        outcome := CASE WHEN v_active IS NULL THEN 'DRIVER_NOT_FOUND'::text
                        ELSE 'DRIVER_INACTIVE'::text END;
    END IF;
    RETURN NEXT;
END;
$$;

CREATE FUNCTION set_driver_capacity(p_driver_id bigint, p_max integer)
RETURNS TABLE (outcome text, active_orders integer, max_concurrent_orders integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    IF p_max IS NULL OR p_max NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'a capacity is 1 to 1000 orders' USING ERRCODE = '22023';
    END IF;
    -- Lowering it below the current load refuses new claims only; nothing is taken away.
    UPDATE drivers d SET max_concurrent_orders = p_max WHERE d.id = p_driver_id
    RETURNING 'CAPACITY_SET'::text, d.active_orders, d.max_concurrent_orders
         INTO outcome, active_orders, max_concurrent_orders;
    IF NOT FOUND THEN
        outcome := 'DRIVER_NOT_FOUND'::text;
    END IF;
    RETURN NEXT;
END;
$$;

-- ---------------------------------------------------------------------------------------
-- The driver app's versions (by the token's SHA-256, like 013): the driver is found from the
-- hash and locked first, the labels are derived here (source http, actor driver:<id>).
CREATE FUNCTION driver_advance_order(p_token_hash bytea, p_order_id bigint, p_step text,
                                     p_reason text)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
    v_active boolean;
BEGIN
    SELECT d.id, d.is_active INTO v_driver, v_active FROM drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32
       FOR NO KEY UPDATE;
    IF NOT FOUND OR NOT v_active THEN
        outcome := CASE WHEN v_driver IS NULL THEN 'DRIVER_NOT_FOUND'::text
                        ELSE 'DRIVER_INACTIVE'::text END;
        RETURN NEXT;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT a.outcome, a.holder_id, a.holder_name, a.since, a.order_status
          FROM public.advance_order(p_order_id, v_driver, p_step, 'http'::text,
                                    'driver:'::text || v_driver::text, p_reason) AS a;
END;
$$;

CREATE FUNCTION driver_set_shift(p_token_hash bytea, p_on_shift boolean)
RETURNS TABLE (outcome text, on_shift boolean, shift_changed_at timestamptz,
               active_orders integer, max_concurrent_orders integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
BEGIN
    SELECT d.id INTO v_driver FROM drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32;
    IF NOT FOUND THEN
        outcome := 'DRIVER_NOT_FOUND'::text;
        RETURN NEXT;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT s.outcome, s.on_shift, s.shift_changed_at, s.active_orders,
               s.max_concurrent_orders
          FROM public.set_driver_shift(v_driver, p_on_shift, 'driver:'::text || v_driver::text) AS s;
END;
$$;

-- The token's driver's orders in delivery, oldest assignment first; SQLSTATE 28000 for a
-- token of no active driver (as 013's idempotency functions).
CREATE FUNCTION driver_my_orders(p_token_hash bytea)
RETURNS TABLE (order_id bigint, status text, customer text, pickup text, dropoff text,
               total numeric, assigned_at timestamptz, status_changed_at timestamptz,
               promised_at timestamptz, customer_phone text, notes text, items jsonb)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    SELECT o.id, o.status, o.customer, o.pickup, o.dropoff, o.total, o.assigned_at,
           o.status_changed_at, o.promised_at, o.customer_phone, o.notes, o.items
      FROM orders o
     WHERE o.driver_id = public.driver_for_token_or_refuse(p_token_hash)
       AND o.is_active
       AND o.status IN ('driver_assigned'::text, 'picked_up'::text, 'in_transit'::text)
     ORDER BY o.assigned_at, o.id
     LIMIT 100;
$$;

-- driver_for_token plus "last seen": the API authenticates every request with it. The
-- upsert writes at most every 15 seconds per driver and never touches the driver row (the
-- foreign key's FOR KEY SHARE does not conflict with a claim's FOR NO KEY UPDATE).
CREATE FUNCTION driver_authenticate(p_token_hash bytea)
RETURNS TABLE (driver_id bigint, is_active boolean, on_shift boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
BEGIN
    SELECT d.id, d.is_active, d.on_shift INTO v_driver, is_active, on_shift
      FROM drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    driver_id := v_driver;
    INSERT INTO driver_last_seen AS s (driver_id, seen_at)
    VALUES (v_driver, pg_catalog.clock_timestamp())
    ON CONFLICT ON CONSTRAINT driver_last_seen_pkey DO UPDATE
       SET seen_at = excluded.seen_at
     WHERE s.seen_at < excluded.seen_at - '15 seconds'::interval;
    RETURN NEXT;
END;
$$;

REVOKE EXECUTE ON FUNCTION advance_order(bigint, bigint, text, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cancel_order(bigint, text, bigint, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION set_driver_shift(bigint, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION set_driver_capacity(bigint, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION driver_advance_order(bytea, bigint, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION driver_set_shift(bytea, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION driver_my_orders(bytea) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION driver_authenticate(bytea) FROM PUBLIC;

DO $$
BEGIN
    -- Like 008: the roles exist unless the migrating user could not create them.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_support') THEN
        GRANT SELECT (on_shift, shift_changed_at, max_concurrent_orders, active_orders)
              ON drivers TO dispatch_support;
        GRANT SELECT ON driver_last_seen TO dispatch_support;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_dispatcher') THEN
        GRANT SELECT (on_shift, shift_changed_at, max_concurrent_orders, active_orders)
              ON drivers TO dispatch_dispatcher;
        GRANT SELECT ON driver_last_seen TO dispatch_dispatcher;
        GRANT EXECUTE ON FUNCTION advance_order(bigint, bigint, text, text, text, text),
                                  cancel_order(bigint, text, bigint, text, text, text),
                                  set_driver_shift(bigint, boolean, text),
                                  set_driver_capacity(bigint, integer)
              TO dispatch_dispatcher;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_driver') THEN
        -- The board's columns only; phone, notes and items reach a driver through
        -- driver_my_orders, for the orders it holds.
        GRANT SELECT (status_changed_at, promised_at) ON orders TO dispatch_driver;
        GRANT EXECUTE ON FUNCTION driver_advance_order(bytea, bigint, text, text),
                                  driver_set_shift(bytea, boolean),
                                  driver_my_orders(bytea),
                                  driver_authenticate(bytea)
              TO dispatch_driver;
    END IF;
END;
$$;

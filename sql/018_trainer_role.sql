-- 018: the trainer with least privilege (issue 12, item 6): a group role dispatch_trainer.
--
-- Until now the trainer wrote to the tables directly (trainee drivers, practice orders,
-- the labelled vulnerable claim, claim_attempts), so only the owner could run it, and the
-- embedded console connected as the cluster's superuser. dispatch_trainer may do exactly
-- what a run needs, and only on a database whose owner marked it as a training database
-- (training_settings.is_training, 007):
--
--   * training_take_drivers(lanes, capacity)   the run's "Trainee NN" drivers, activated;
--   * training_reset_board(orders, actor)      leftover practice orders off, N fresh ones on;
--   * training_retire(drivers[], orders[], actor)   the end of a run: trainees and board off;
--   * training_vulnerable_write(order, driver, actor, latency_us)   TRAINING ONLY: the write
--     half of the seed's SELECT-then-UPDATE. It checks neither status nor driver (that is
--     the bug it shows: it overwrites another trainee's assignment), but it touches only a
--     practice order ("Trainer kitchen") and assigns only a trainee;
--   * training_record_refusal(order, driver, actor, latency_us, outcome, holder)   the
--     demo's client-side refusals, in claim_attempts like every attempt;
--   * reading training_settings, the columns of orders the trainer's picks and reads use,
--     and claim_attempts / order_history for the run's consistency check.
--
-- On a database not marked for training each function refuses with 42501 and changes
-- nothing; the role has no INSERT, UPDATE or DELETE on any table, so it cannot change a
-- production order or driver, nor mark the database (only the owner updates
-- training_settings). The demo's read half stays the client's plain SELECT: the stale
-- read is what the demonstration is about. The trainer's atomic claims, holds and delivery
-- steps are a dispatcher's (claim_order, hold_order, advance_order of dispatch_dispatcher):
-- a trainer login is a member of both roles, dispatch_trainer adds no claim right.
--
-- Why SECURITY DEFINER functions and not row-level security on orders and drivers: RLS
-- would have to be enabled on the two hottest tables for every role (dispatchers, drivers
-- and support read them; a role without a policy silently sees no rows, an empty board),
-- the trainer would still need UPDATE on columns of rows it may see (its policy would have
-- to forbid moving a row out of the practice kitchen, write by write), and the demo writes
-- claim_attempts, a partitioned log any INSERT grant would let it fake for any order. The
-- functions keep every table's privileges as they are and put the checks in one place;
-- they follow 012's rules: search_path pinned (pg_catalog first, pg_temp last), every call
-- pg_catalog-qualified, every literal typed, labels (L8) put back before returning.
--
-- The training check locks the one training_settings row FOR SHARE where a function sets
-- up or ends a run, so the owner's unmarking waits for it instead of racing it; the demo
-- write reads the flag in its own UPDATE's WHERE instead (hundreds of lanes sharing one row
-- lock would make every write create a MultiXact). Names are unqualified here, resolved by
-- the migration's search_path, so that a later schema move can rewrite this file with the
-- others.

CREATE FUNCTION training_take_drivers(p_lanes integer, p_capacity integer)
RETURNS TABLE (lane integer, driver_id bigint, driver_name text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    IF p_lanes IS NULL OR p_lanes NOT BETWEEN 1 AND 1000
       OR (p_capacity IS NOT NULL AND p_capacity NOT BETWEEN 0 AND 1000) THEN
        RAISE EXCEPTION 'trainees: 1 to 1000 lanes, capacity 0 (no limit) to 1000'
              USING ERRCODE = '22023';
    END IF;
    PERFORM 1 FROM training_settings t WHERE t.is_training FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'not a training database (training_settings.is_training is false)'
              USING ERRCODE = '42501';
    END IF;
    -- One statement: take an inactive trainee of each name (never one with an API token,
    -- never one another run is taking), add the missing ones.
    RETURN QUERY
        WITH wanted AS (
            SELECT g, pg_catalog.format('Trainee %s'::text,
                                        pg_catalog.lpad(g::text, 2, '0'::text)) AS name
              FROM pg_catalog.generate_series(1, p_lanes) AS g),
        taken AS (
            UPDATE drivers d SET is_active = true, on_shift = true,
                                 max_concurrent_orders = NULLIF(p_capacity, 0)
              FROM (SELECT w.g, free.id FROM wanted w
                    CROSS JOIN LATERAL (SELECT x.id FROM drivers x
                                         WHERE x.name = w.name AND NOT x.is_active
                                           AND x.api_token_hash IS NULL
                                         ORDER BY x.id LIMIT 1
                                         FOR UPDATE SKIP LOCKED) AS free) AS pick
             WHERE d.id = pick.id
         RETURNING pick.g, d.id, d.name),
        added AS (
            INSERT INTO drivers (name, is_active, max_concurrent_orders)
            SELECT w.name, true, NULLIF(p_capacity, 0) FROM wanted w
             WHERE w.g NOT IN (SELECT t.g FROM taken t)
         RETURNING id, name)
        SELECT t.g, t.id, t.name FROM taken t
         UNION ALL SELECT w.g, a.id, a.name FROM added a JOIN wanted w ON w.name = a.name
         ORDER BY 1;
END;
$$;

CREATE FUNCTION training_reset_board(p_orders integer, p_actor text)
RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    -- L8: the caller's labels, put back before returning.
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF p_orders IS NULL OR p_orders NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'a training board has 1 to 100000 orders' USING ERRCODE = '22023';
    END IF;
    PERFORM 1 FROM training_settings t WHERE t.is_training FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'not a training database (training_settings.is_training is false)'
              USING ERRCODE = '42501';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, 'simulation'::text, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, 'trainer: board reset'::text, true);
    -- Every run that ends retires its own board, so leftovers come from a console killed
    -- mid-run. They are cleared only while no other trainer (a session with the caller's
    -- application_name) is connected, since another trainer's board may be live. Rows
    -- another session is busy with are skipped: they are about to leave the board anyway.
    UPDATE orders o SET is_active = false
     WHERE o.id IN (SELECT x.id FROM orders x
                     WHERE x.pickup = 'Trainer kitchen'::text AND x.status = 'ready'::text
                       AND x.driver_id IS NULL AND x.is_active
                     ORDER BY x.id FOR UPDATE SKIP LOCKED)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
                        WHERE a.datname = pg_catalog.current_database()
                          AND a.application_name
                              = pg_catalog.current_setting('application_name'::text)
                          AND a.pid <> pg_catalog.pg_backend_pid());
    RETURN QUERY
        INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)
        SELECT 'ready'::text, 'Training customer '::text || g::text, 'Trainer kitchen'::text,
               g::text || ' Practice Street'::text, (10 + g % 30)::numeric,
               pg_catalog.now()
          FROM pg_catalog.generate_series(1, p_orders) AS g
         ORDER BY g
        RETURNING id;
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
END;
$$;

CREATE FUNCTION training_retire(p_drivers bigint[], p_orders bigint[], p_actor text)
RETURNS TABLE (drivers_retired integer, orders_retired integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    PERFORM 1 FROM training_settings t WHERE t.is_training FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'not a training database (training_settings.is_training is false)'
              USING ERRCODE = '42501';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, 'simulation'::text, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, 'trainer: run ended'::text, true);
    -- Drivers before orders, each in id order: the lock order of the claim functions. Only
    -- rows that are still trainees and practice orders.
    UPDATE drivers d SET is_active = false
     WHERE d.id IN (SELECT x.id FROM drivers x
                     WHERE x.id = ANY (coalesce(p_drivers, '{}'::bigint[])) AND x.is_active
                       AND pg_catalog.starts_with(x.name, 'Trainee '::text)
                       AND x.api_token_hash IS NULL
                     ORDER BY x.id FOR UPDATE);
    GET DIAGNOSTICS drivers_retired = ROW_COUNT;
    UPDATE orders o SET is_active = false
     WHERE o.id IN (SELECT x.id FROM orders x
                     WHERE x.id = ANY (coalesce(p_orders, '{}'::bigint[])) AND x.is_active
                       AND x.pickup = 'Trainer kitchen'::text
                     ORDER BY x.id FOR UPDATE);
    GET DIAGNOSTICS orders_retired = ROW_COUNT;
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN NEXT;
END;
$$;

-- TRAINING ONLY. The write half of the seed's vulnerable SELECT-then-UPDATE: no status or
-- driver check, so a lane that read "ready" a moment ago overwrites whichever trainee won
-- in between. Returns ASSIGNED, or INVALID_REQUEST if the row is no practice order (or the
-- driver no trainee, or the flag went off since the check); both are recorded.
CREATE FUNCTION training_vulnerable_write(p_order_id bigint, p_driver_id bigint, p_actor text,
                                          p_latency_us bigint)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_outcome text := 'INVALID_REQUEST'::text;
    v_source0 text := pg_catalog.current_setting('dispatch.source'::text, true);
    v_actor0  text := pg_catalog.current_setting('dispatch.actor'::text, true);
    v_reason0 text := pg_catalog.current_setting('dispatch.reason'::text, true);
BEGIN
    IF NOT coalesce((SELECT pg_catalog.bool_and(t.is_training) FROM training_settings t),
                    false) THEN
        RAISE EXCEPTION 'not a training database (training_settings.is_training is false)'
              USING ERRCODE = '42501';
    END IF;
    PERFORM pg_catalog.set_config('dispatch.source'::text, 'simulation'::text, true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(p_actor, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text,
                                  'TRAINING ONLY: vulnerable SELECT-then-UPDATE'::text, true);
    UPDATE orders o
       SET driver_id = p_driver_id, status = 'driver_assigned'::text,
           assigned_at = pg_catalog.now(), reserved_by = NULL, reserved_until = NULL,
           reserved_login = NULL
     WHERE o.id = p_order_id
       AND o.pickup = 'Trainer kitchen'::text
       AND EXISTS (SELECT 1 FROM drivers d
                    WHERE d.id = p_driver_id AND d.api_token_hash IS NULL
                      AND pg_catalog.starts_with(d.name, 'Trainee '::text))
       AND (SELECT pg_catalog.bool_and(t.is_training) FROM training_settings t);
    IF FOUND THEN
        v_outcome := 'ASSIGNED'::text;
    END IF;
    INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome)
    VALUES (p_order_id, p_driver_id, 'simulation'::text, coalesce(p_actor, ''::text),
            greatest(coalesce(p_latency_us, 0::bigint), 0::bigint), v_outcome);
    PERFORM pg_catalog.set_config('dispatch.source'::text, coalesce(v_source0, ''::text), true),
            pg_catalog.set_config('dispatch.actor'::text, coalesce(v_actor0, ''::text), true),
            pg_catalog.set_config('dispatch.reason'::text, coalesce(v_reason0, ''::text), true);
    RETURN v_outcome;
END;
$$;

-- The demo's refusals, decided by the client on what it read: recorded like every attempt,
-- for a trainee only, with one of the outcomes a read can give.
CREATE FUNCTION training_record_refusal(p_order_id bigint, p_driver_id bigint, p_actor text,
                                        p_latency_us bigint, p_outcome text, p_holder_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    IF p_outcome IS NULL
       OR p_outcome NOT IN ('ORDER_NOT_FOUND'::text, 'ORDER_NOT_ACTIVE'::text,
                            'ORDER_ALREADY_YOURS'::text, 'ORDER_ALREADY_ASSIGNED'::text,
                            'ORDER_NOT_READY'::text) THEN
        RAISE EXCEPTION 'not a refusal the trainer records: %', p_outcome USING ERRCODE = '22023';
    END IF;
    IF NOT coalesce((SELECT pg_catalog.bool_and(t.is_training) FROM training_settings t),
                    false) THEN
        RAISE EXCEPTION 'not a training database (training_settings.is_training is false)'
              USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM drivers d
                    WHERE d.id = p_driver_id AND d.api_token_hash IS NULL
                      AND pg_catalog.starts_with(d.name, 'Trainee '::text)) THEN
        RAISE EXCEPTION 'driver % is not a trainee', p_driver_id USING ERRCODE = '42501';
    END IF;
    INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome,
                                holder_id)
    VALUES (p_order_id, p_driver_id, 'simulation'::text, coalesce(p_actor, ''::text),
            greatest(coalesce(p_latency_us, 0::bigint), 0::bigint), p_outcome, p_holder_id);
END;
$$;

REVOKE EXECUTE ON FUNCTION training_take_drivers(integer, integer),
                           training_reset_board(integer, text),
                           training_retire(bigint[], bigint[], text),
                           training_vulnerable_write(bigint, bigint, text, bigint),
                           training_record_refusal(bigint, bigint, text, bigint, text, bigint)
       FROM PUBLIC;

-- The role, like 008's: created when missing (another database of this cluster may have
-- made it, maybe at this very moment), granted in every database; a migrating user without
-- CREATEROLE still migrates.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'dispatch_trainer') THEN
        BEGIN
            CREATE ROLE dispatch_trainer NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'cannot create role dispatch_trainer (no CREATEROLE): skipped';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'dispatch_trainer') THEN
        EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO dispatch_trainer',
                                  pg_catalog.current_database());
        GRANT USAGE ON SCHEMA public TO dispatch_trainer;
        GRANT SELECT ON training_settings, claim_attempts, order_history TO dispatch_trainer;
        -- What the lanes' pick and the demo's read use, nothing about customers.
        GRANT SELECT (id, status, driver_id, is_active, ready_at, reserved_until, pickup)
              ON orders TO dispatch_trainer;
        GRANT EXECUTE ON FUNCTION training_take_drivers(integer, integer),
                                  training_reset_board(integer, text),
                                  training_retire(bigint[], bigint[], text),
                                  training_vulnerable_write(bigint, bigint, text, bigint),
                                  training_record_refusal(bigint, bigint, text, bigint, text,
                                                          bigint)
              TO dispatch_trainer;
    END IF;
END;
$$;

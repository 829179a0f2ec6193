-- 017: a year of history (issue 15, item 4). claim_attempts and order_history grow by every
-- attempt and every change, forever; now they are partitioned by month, so that keeping
-- "the last 13 months" is dropping whole partitions (no DELETE of millions of rows, no
-- bloat, no vacuum debt), and a month's queries touch a month's indexes.
--
--   * claim_attempts: RANGE (attempted_at), order_history: RANGE (changed_at), one partition
--     per calendar month in UTC (claim_attempts_y2026m12 = [2026-12-01, 2027-01-01) UTC),
--     and a DEFAULT partition each, so that a row outside every month still goes in (a
--     clock far off, a month nobody created ahead); ensure_history_partitions() moves such
--     rows into their month when it creates it.
--   * The primary keys become (id, attempted_at) and (id, changed_at): a unique index on a
--     partitioned table must contain the partition key. The identity columns still hand out
--     one id per row.
--   * The attempt id (011) must stay unique across all months: the claim's idempotency
--     relies on it (a resend of a claim still in flight on a dead session cannot commit next
--     to it). A partitioned table cannot have that index, so an unpartitioned
--     claim_attempt_ids (attempt_id PRIMARY KEY, named claim_attempts_attempt_id_key as the
--     index of 011 was, so the 23505 handling in OrderRepository stays) gets one row per
--     attempt with an id, from a BEFORE INSERT trigger on claim_attempts: every writer of
--     claim_attempts is covered, whatever function it is. claim_attempt_result() looks the
--     month up there first, so it reads one partition.
--   * ensure_history_partitions(months_ahead) creates this month and the next ones;
--     maintain_history(keep) does that too, then detaches and drops every month older than
--     keep (and deletes the DEFAULT partition's and claim_attempt_ids' rows as old), and
--     purges every driver's expired Idempotency-Keys (005 deletes only the storing
--     driver's). Both SECURITY DEFINER, EXECUTE for the owner only: `dispatch-console
--     maintain --keep 13months` runs them as the owner, from cron or a systemd timer.
--
-- Existing rows are copied into the new tables (one partition per month they span), so the
-- migration rewrites both tables once, inside the migration's transaction.

-- One month of one history table: [p_month, p_month + 1 month) UTC. Created standalone,
-- given whatever the DEFAULT partition holds for that month, then attached: ATTACH takes
-- SHARE UPDATE EXCLUSIVE on the parent (claims go on), where CREATE TABLE … PARTITION OF
-- would take ACCESS EXCLUSIVE. Returns false if the month exists already.
CREATE FUNCTION history_create_month(p_parent text, p_key text, p_month timestamptz)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_from timestamptz := pg_catalog.date_trunc('month'::text, p_month, 'UTC'::text);
    v_to   timestamptz := v_from + '1 month'::interval;
    v_name text := p_parent || pg_catalog.to_char(v_from AT TIME ZONE 'UTC'::text,
                                                  '"_y"YYYY"m"MM'::text);
BEGIN
    IF p_parent NOT IN ('claim_attempts'::text, 'order_history'::text)
       OR p_key <> (CASE p_parent WHEN 'claim_attempts'::text THEN 'attempted_at'::text
                                  ELSE 'changed_at'::text END) THEN
        RAISE EXCEPTION 'not a history table: %.%', p_parent, p_key USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.to_regclass(('public.'::text || v_name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE pg_catalog.format('CREATE TABLE public.%I (LIKE public.%I INCLUDING DEFAULTS '
                              'INCLUDING CONSTRAINTS)', v_name, p_parent);
    EXECUTE pg_catalog.format('WITH moved AS (DELETE FROM public.%I WHERE %I >= $1 AND %I < $2 '
                              'RETURNING *) INSERT INTO public.%I SELECT * FROM moved',
                              p_parent || '_default'::text, p_key, p_key, v_name)
        USING v_from, v_to;
    EXECUTE pg_catalog.format('ALTER TABLE public.%I ATTACH PARTITION public.%I '
                              'FOR VALUES FROM (%L) TO (%L)', p_parent, v_name, v_from, v_to);
    RETURN true;
END;
$$;

-- ---------------------------------------------------------------------------------------
-- claim_attempts
ALTER TABLE claim_attempts RENAME TO claim_attempts_unpartitioned;
ALTER SEQUENCE claim_attempts_id_seq RENAME TO claim_attempts_unpartitioned_id_seq;
ALTER INDEX claim_attempts_pkey RENAME TO claim_attempts_unpartitioned_pkey;
ALTER INDEX claim_attempts_attempt_id_key RENAME TO claim_attempts_unpartitioned_attempt_id_key;
ALTER INDEX claim_attempts_order_idx RENAME TO claim_attempts_unpartitioned_order_idx;
ALTER INDEX claim_attempts_driver_idx RENAME TO claim_attempts_unpartitioned_driver_idx;

CREATE TABLE claim_attempts (
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    order_id       bigint      NOT NULL,
    driver_id      bigint      NOT NULL,
    source         text        NOT NULL
        CONSTRAINT claim_attempts_source_check CHECK (source IN ('console', 'simulation', 'http', 'sql')),
    actor          text        NOT NULL DEFAULT '',
    attempted_at   timestamptz NOT NULL DEFAULT statement_timestamp(),
    latency_us     bigint      NOT NULL CONSTRAINT claim_attempts_latency_us_check CHECK (latency_us >= 0),
    outcome        text        NOT NULL,
    holder_id      bigint,
    attempt_id     uuid,
    login          text        DEFAULT session_user,
    CONSTRAINT claim_attempts_pkey PRIMARY KEY (id, attempted_at)
) PARTITION BY RANGE (attempted_at);
CREATE TABLE claim_attempts_default PARTITION OF claim_attempts DEFAULT;
CREATE INDEX claim_attempts_order_idx ON claim_attempts (order_id, attempted_at);
CREATE INDEX claim_attempts_driver_idx ON claim_attempts (driver_id, attempted_at);
COMMENT ON COLUMN claim_attempts.login IS
    'session_user of the attempt (the login); actor is what the client declared';
COMMENT ON TABLE claim_attempts IS
    'every claim attempt; monthly partitions (017), kept as long as maintain_history() says';

CREATE TABLE claim_attempt_ids (
    attempt_id   uuid        NOT NULL,
    order_id     bigint      NOT NULL,
    attempted_at timestamptz NOT NULL,
    CONSTRAINT claim_attempts_attempt_id_key PRIMARY KEY (attempt_id)
);
CREATE INDEX claim_attempt_ids_attempted_idx ON claim_attempt_ids (attempted_at);
COMMENT ON TABLE claim_attempt_ids IS
    'the attempt ids of claim_attempts, unique across its partitions (a claim''s identity, 011)';

-- Runs inside claim_order (as its definer) like the triggers of 002: every name qualified.
CREATE FUNCTION claim_attempts_record_id() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.attempt_id IS NOT NULL THEN
        INSERT INTO public.claim_attempt_ids (attempt_id, order_id, attempted_at)
        VALUES (NEW.attempt_id, NEW.order_id, NEW.attempted_at);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER claim_attempts_record_id BEFORE INSERT ON claim_attempts
    FOR EACH ROW EXECUTE FUNCTION claim_attempts_record_id();

DO $$
DECLARE
    v_month timestamptz;
BEGIN
    FOR v_month IN SELECT DISTINCT pg_catalog.date_trunc('month'::text, a.attempted_at, 'UTC'::text)
                     FROM public.claim_attempts_unpartitioned a LOOP
        PERFORM public.history_create_month('claim_attempts'::text, 'attempted_at'::text, v_month);
    END LOOP;
END;
$$;
INSERT INTO claim_attempts (id, order_id, driver_id, source, actor, attempted_at, latency_us,
                            outcome, holder_id, attempt_id, login)
OVERRIDING SYSTEM VALUE
SELECT id, order_id, driver_id, source, actor, attempted_at, latency_us, outcome, holder_id,
       attempt_id, login
  FROM claim_attempts_unpartitioned;
SELECT setval(pg_get_serial_sequence('claim_attempts', 'id'),
              coalesce((SELECT max(id) FROM claim_attempts), 0) + 1, false);
DROP TABLE claim_attempts_unpartitioned;

-- ---------------------------------------------------------------------------------------
-- order_history
ALTER TABLE order_history RENAME TO order_history_unpartitioned;
ALTER SEQUENCE order_history_id_seq RENAME TO order_history_unpartitioned_id_seq;
ALTER INDEX order_history_pkey RENAME TO order_history_unpartitioned_pkey;
ALTER INDEX order_history_order_idx RENAME TO order_history_unpartitioned_order_idx;
ALTER INDEX order_history_new_driver_idx RENAME TO order_history_unpartitioned_new_driver_idx;

CREATE TABLE order_history (
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    order_id       bigint      NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    operation      text        NOT NULL
        CONSTRAINT order_history_operation_check CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    old_status     text,
    new_status     text,
    old_driver_id  bigint,
    new_driver_id  bigint,
    old_reserved_by text,
    new_reserved_by text,
    new_reserved_until timestamptz,
    is_active      boolean,
    source         text        NOT NULL,
    actor          text        NOT NULL,
    reason         text,
    txid           bigint      NOT NULL DEFAULT txid_current(),
    login          text        DEFAULT session_user,
    CONSTRAINT order_history_pkey PRIMARY KEY (id, changed_at)
) PARTITION BY RANGE (changed_at);
CREATE TABLE order_history_default PARTITION OF order_history DEFAULT;
CREATE INDEX order_history_order_idx ON order_history (order_id, changed_at);
CREATE INDEX order_history_new_driver_idx ON order_history (new_driver_id, order_id)
    WHERE new_driver_id IS NOT NULL;
COMMENT ON COLUMN order_history.login IS
    'session_user of the change (the login, also inside SECURITY DEFINER); actor is what the client declared';
COMMENT ON TABLE order_history IS
    'every change of an order''s lifecycle; monthly partitions (017), kept as long as maintain_history() says';

DO $$
DECLARE
    v_month timestamptz;
BEGIN
    FOR v_month IN SELECT DISTINCT pg_catalog.date_trunc('month'::text, h.changed_at, 'UTC'::text)
                     FROM public.order_history_unpartitioned h LOOP
        PERFORM public.history_create_month('order_history'::text, 'changed_at'::text, v_month);
    END LOOP;
END;
$$;
INSERT INTO order_history (id, order_id, changed_at, operation, old_status, new_status,
                           old_driver_id, new_driver_id, old_reserved_by, new_reserved_by,
                           new_reserved_until, is_active, source, actor, reason, txid, login)
OVERRIDING SYSTEM VALUE
SELECT id, order_id, changed_at, operation, old_status, new_status, old_driver_id,
       new_driver_id, old_reserved_by, new_reserved_by, new_reserved_until, is_active, source,
       actor, reason, txid, login
  FROM order_history_unpartitioned;
SELECT setval(pg_get_serial_sequence('order_history', 'id'),
              coalesce((SELECT max(id) FROM order_history), 0) + 1, false);
DROP TABLE order_history_unpartitioned;

-- ---------------------------------------------------------------------------------------
-- This month and the next p_months_ahead (0 to 24) for both tables. Returns the partitions
-- it created (none when they all exist: a second run changes nothing).
CREATE FUNCTION ensure_history_partitions(p_months_ahead integer)
RETURNS TABLE (action text, relation text, row_count bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_month timestamptz;
    v_table text;
BEGIN
    IF p_months_ahead IS NULL OR p_months_ahead NOT BETWEEN 0 AND 24 THEN
        RAISE EXCEPTION 'months ahead: 0 to 24, not %', p_months_ahead USING ERRCODE = '22023';
    END IF;
    FOR i IN 0 .. p_months_ahead LOOP
        v_month := pg_catalog.date_trunc('month'::text, pg_catalog.now(), 'UTC'::text)
                   + pg_catalog.make_interval(months => i);
        FOREACH v_table IN ARRAY ARRAY['claim_attempts'::text, 'order_history'::text] LOOP
            IF public.history_create_month(v_table,
                                           CASE v_table WHEN 'claim_attempts'::text
                                               THEN 'attempted_at'::text
                                               ELSE 'changed_at'::text END,
                                           v_month) THEN
                action := 'created'::text;
                relation := v_table || pg_catalog.to_char(v_month AT TIME ZONE 'UTC'::text,
                                                          '"_y"YYYY"m"MM'::text);
                row_count := NULL;
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;
END;
$$;

-- Retention: every row of a month older than p_keep goes (the boundary is the start of the
-- UTC month that now() - p_keep falls in: that month and later stay whole). Months are
-- detached and dropped; the DEFAULT partitions and claim_attempt_ids lose their rows as
-- old by DELETE. Then every driver's expired Idempotency-Keys (older than 24 hours, 005)
-- go, and the next three months are created. Returns what it did, one row per relation
-- (none: nothing to do). p_keep is 1 month to 100 years.
CREATE FUNCTION maintain_history(p_keep interval)
RETURNS TABLE (action text, relation text, row_count bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_cutoff timestamptz;
    v_part   record;
    v_rows   bigint;
BEGIN
    IF p_keep IS NULL OR p_keep < '1 month'::interval OR p_keep > '100 years'::interval THEN
        RAISE EXCEPTION 'keep: 1 month to 100 years, not %', p_keep USING ERRCODE = '22023';
    END IF;
    v_cutoff := pg_catalog.date_trunc('month'::text, pg_catalog.now() - p_keep, 'UTC'::text);

    RETURN QUERY SELECT e.action, e.relation, e.row_count
                   FROM public.ensure_history_partitions(3) AS e;

    -- Months whose upper bound is at or before the cutoff: all their rows are older.
    FOR v_part IN
        SELECT c.relname AS name, p.relname AS parent,
               pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound
          FROM pg_catalog.pg_inherits i
          JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
          JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
         WHERE p.oid IN ('public.claim_attempts'::regclass, 'public.order_history'::regclass)
           AND c.relispartition
           AND c.relname ~ '_y[0-9]{4}m[0-9]{2}$'::text
         ORDER BY c.relname
    LOOP
        IF (pg_catalog.substring(v_part.bound, 'TO \(''([^'']+)''\)'::text))::timestamptz
           <= v_cutoff THEN
            EXECUTE pg_catalog.format('SELECT count(*) FROM public.%I', v_part.name) INTO v_rows;
            EXECUTE pg_catalog.format('ALTER TABLE public.%I DETACH PARTITION public.%I',
                                      v_part.parent, v_part.name);
            EXECUTE pg_catalog.format('DROP TABLE public.%I', v_part.name);
            action := 'dropped'::text;
            relation := v_part.name;
            row_count := v_rows;
            RETURN NEXT;
        END IF;
    END LOOP;

    DELETE FROM public.claim_attempts_default d WHERE d.attempted_at < v_cutoff;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows > 0 THEN
        RETURN QUERY SELECT 'deleted'::text, 'claim_attempts_default'::text, v_rows;
    END IF;
    DELETE FROM public.order_history_default d WHERE d.changed_at < v_cutoff;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows > 0 THEN
        RETURN QUERY SELECT 'deleted'::text, 'order_history_default'::text, v_rows;
    END IF;
    DELETE FROM public.claim_attempt_ids i WHERE i.attempted_at < v_cutoff;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows > 0 THEN
        RETURN QUERY SELECT 'deleted'::text, 'claim_attempt_ids'::text, v_rows;
    END IF;
    DELETE FROM public.http_idempotency k
     WHERE k.created_at <= pg_catalog.now() - '24 hours'::interval;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows > 0 THEN
        RETURN QUERY SELECT 'deleted'::text, 'http_idempotency'::text, v_rows;
    END IF;
END;
$$;

-- 011's lookup, one partition and one index probe: claim_attempt_ids gives the order and the
-- time, claim_attempts_order_idx finds the row (the planner prunes the other months at run
-- time).
CREATE OR REPLACE FUNCTION claim_attempt_result(p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, driver_id bigint, order_status text,
               holds_now boolean, assigned_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    SELECT a.outcome, a.holder_id, a.driver_id, o.status,
           coalesce(o.driver_id = a.driver_id
                    AND o.status IN ('driver_assigned'::text, 'picked_up'::text,
                                     'in_transit'::text), false),
           CASE WHEN o.driver_id = a.driver_id THEN o.assigned_at END
      FROM public.claim_attempt_ids i
      JOIN public.claim_attempts a
        ON a.order_id = i.order_id AND a.attempted_at = i.attempted_at
       AND a.attempt_id = i.attempt_id
      LEFT JOIN public.orders o ON o.id = a.order_id
     WHERE i.attempt_id = p_attempt_id;
$$;

SELECT count(*) FROM ensure_history_partitions(3);

REVOKE EXECUTE ON FUNCTION history_create_month(text, text, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ensure_history_partitions(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION maintain_history(interval) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION claim_attempts_record_id() FROM PUBLIC;

DO $$
BEGIN
    -- 008's read access, on the new tables (a partition is read through its parent).
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_support') THEN
        GRANT SELECT ON claim_attempts, order_history TO dispatch_support;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_dispatcher') THEN
        GRANT SELECT ON claim_attempts, order_history TO dispatch_dispatcher;
    END IF;
END;
$$;

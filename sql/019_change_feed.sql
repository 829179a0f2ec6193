-- 019: claims stop paying for NOTIFY; one elected change feed per database (issue 14).
--
-- Measured (docs/benchmarks.md, table 1c): a transaction that has NOTIFY'd takes the
-- notification queue's global lock in its pre-commit and holds it across its commit record's
-- flush, so notifying commits cannot group-commit; at 8 durable clients the history
-- trigger's pg_notify cost a claim +2,466 µs, most of its recording. Now no order change
-- notifies in its own transaction. The change is in order_history already (same
-- transaction, as before); ONE feed per database reads the committed history and sends it
-- as orders_changed notifications, many changes per NOTIFY, from a transaction of its own.
--
--   * The feed is whichever console's listener holds a session advisory lock (see
--     model/board/orderchangelistener.cpp): it calls change_feed_poll() every ~10 ms; the
--     other listeners retry the lock about once a second and take over when its session
--     ends. change_feed_state remembers up to where changes were sent, so a new holder
--     resumes there: no change is lost across a handover. A step's NOTIFYs and its state
--     update commit together, so each change enters the queue once; delivery to a console
--     is at least once all the same (a console that reconnects, to a new holder or after a
--     drop, re-reads what it may have missed), and boards apply a change idempotently
--     (hide, mark, re-read soon): a change seen twice does no harm.
--   * Which changes: each committed transaction becomes visible in exactly one step from
--     one snapshot to the next. A poll takes S_prev (the state) and S_now (its own
--     snapshot) and sends the rows whose transaction is visible in S_now and was not in
--     S_prev, in history order. A transaction that commits after a later one (a claim that
--     waited for a lock, a long batch) is sent by the poll after its commit, once; an
--     aborted one never (its rows are gone with it).
--   * Which column: the brief asked for a new order_history.xid xid8. 001 already records
--     txid_current() in order_history.txid (bigint, NOT NULL, every row, carried over by
--     017): txid_current() is pg_current_xact_id() as a bigint, the top-level full
--     transaction id (also inside a plpgsql EXCEPTION block or a savepoint; checked by
--     tests/isolation/change_feed.spec). So no new column: one index on it.
--   * What a long-open transaction costs: the scan starts at S_prev's xmin, the oldest
--     transaction still running when the last batch was sent. A transaction left open for an
--     hour (an idle psql BEGIN) keeps every poll scanning the hour's history rows through
--     the index and testing each against two snapshots; that is O(changes in the window) per
--     poll, ~10 ms⁻¹. (idle_in_transaction_session_timeout ends such sessions; the consoles'
--     own is 30 s.)
--   * More changes than the caller's p_max in one step (a console that was down, a bulk
--     import): one notification {"reread": …} instead, which every console reads as
--     "something changed, re-read soon" (an Unknown change), and the state moves on.
--
-- Consoles of before 019 on a migrated database: they keep LISTENing, and the feed's
-- payloads (JSON arrays) parse as Unknown there: they re-read soon instead of hiding at once.
-- Consoles of 019 on a database migrated before 019 see no change_feed_poll() and do not
-- poll: the old trigger notifies.

CREATE INDEX order_history_txid_idx ON order_history (txid);

-- One row: up to which snapshot changes were sent. Starts at this migration's snapshot: older
-- history was notified by the old trigger.
CREATE TABLE change_feed_state (
    only_row  boolean     NOT NULL DEFAULT true PRIMARY KEY CONSTRAINT change_feed_state_one_row
        CHECK (only_row),
    sent_upto pg_snapshot NOT NULL,
    sent_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO change_feed_state (sent_upto) VALUES (pg_catalog.pg_current_snapshot());
COMMENT ON TABLE change_feed_state IS
    'the change feed (019): order_history of every transaction visible in sent_upto was sent';

-- The history trigger of 012, without the NOTIFY (every other line the same).
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

    -- login: the column default, session_user; txid: txid_current(), read by the feed.
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
    RETURN NULL;
END;
$$;

-- One step of the feed: sends (NOTIFY orders_changed) every change committed since the last
-- step, as JSON arrays of 012's objects {id, op, status, driver_id} (id: the order's), each
-- payload under 8,000 bytes, in history order; returns what it sent. More than p_max
-- changes: one {"reread": …} payload instead, and no rows. Nothing new: no write at all.
--
-- Two pollers never interleave: a transaction-level advisory lock, not the state row's FOR
-- UPDATE the brief named. Same exclusion (the second waits, then reads the state the first
-- committed: the lock is released after the commit is visible), but a row lock writes a
-- WAL record and takes a transaction id, so every idle poll (100 a second) would commit
-- and flush WAL; this way a poll that finds nothing writes nothing.
CREATE FUNCTION change_feed_poll(p_max integer)
RETURNS TABLE (history_id bigint, order_id bigint, op text, status text, driver_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_prev      pg_snapshot;
    v_now       pg_snapshot;
    v_from      bigint;
    v_count     integer := 0;
    v_ids       bigint[] := '{}'::bigint[];
    v_orders    bigint[] := '{}'::bigint[];
    v_ops       text[] := '{}'::text[];
    v_statuses  text[] := '{}'::text[];
    v_drivers   bigint[] := '{}'::bigint[];
    v_payload   text := ''::text;
    v_item      text;
    r           record;
BEGIN
    IF p_max IS NULL OR p_max < 1 OR p_max > 1000000 THEN
        RAISE EXCEPTION 'change_feed_poll: p_max must be 1 to 1000000' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(4920555672288840780::bigint);   -- 'DISPPOLL'
    -- A new statement, so a new snapshot: the state a previous poller committed.
    SELECT s.sent_upto INTO v_prev FROM public.change_feed_state s WHERE s.only_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'change_feed_state has no row' USING ERRCODE = '55000';
    END IF;
    v_now := pg_catalog.pg_current_snapshot();
    v_from := pg_catalog.pg_snapshot_xmin(v_prev)::text::bigint;

    -- The scan's own snapshot is later than v_now: every row of a transaction visible in
    -- v_now is visible to it.
    FOR r IN
        SELECT h.id, h.order_id, h.operation,
               CASE WHEN h.operation = 'DELETE'::text THEN h.old_status ELSE h.new_status END
                   AS status,
               CASE WHEN h.operation = 'DELETE'::text THEN h.old_driver_id
                    ELSE h.new_driver_id END AS driver_id
          FROM public.order_history h
         WHERE h.txid >= v_from
           AND pg_catalog.pg_visible_in_snapshot(h.txid::text::xid8, v_now)
           AND NOT pg_catalog.pg_visible_in_snapshot(h.txid::text::xid8, v_prev)
         ORDER BY h.id
         LIMIT p_max + 1
    LOOP
        v_count := v_count + 1;
        EXIT WHEN v_count > p_max;
        v_ids := pg_catalog.array_append(v_ids, r.id);
        v_orders := pg_catalog.array_append(v_orders, r.order_id);
        v_ops := pg_catalog.array_append(v_ops, r.operation);
        v_statuses := pg_catalog.array_append(v_statuses, r.status);
        v_drivers := pg_catalog.array_append(v_drivers, r.driver_id);
    END LOOP;

    IF v_count = 0 THEN
        RETURN;   -- nothing committed since: no write, no transaction id
    END IF;
    UPDATE public.change_feed_state s
       SET sent_upto = v_now, sent_at = pg_catalog.clock_timestamp()
     WHERE s.only_row;
    IF v_count > p_max THEN
        PERFORM pg_catalog.pg_notify('orders_changed'::text,
                                     pg_catalog.json_build_object('reread'::text,
                                                                  'more than p_max'::text)::text);
        RETURN;
    END IF;

    FOR i IN 1 .. v_count LOOP
        v_item := pg_catalog.json_build_object('id'::text, v_orders[i], 'op'::text, v_ops[i],
                                               'status'::text, v_statuses[i],
                                               'driver_id'::text, v_drivers[i])::text;
        IF pg_catalog.octet_length(v_payload) + pg_catalog.octet_length(v_item) + 2 > 7999 THEN
            PERFORM pg_catalog.pg_notify('orders_changed'::text, '['::text || v_payload || ']'::text);
            v_payload := ''::text;
        END IF;
        IF v_payload = ''::text THEN
            v_payload := v_item;
        ELSE
            v_payload := v_payload || ', '::text || v_item;
        END IF;
    END LOOP;
    PERFORM pg_catalog.pg_notify('orders_changed'::text, '['::text || v_payload || ']'::text);

    RETURN QUERY
        SELECT u.id, u.order_id, u.op, u.status, u.driver_id
          FROM ROWS FROM (pg_catalog.unnest(v_ids), pg_catalog.unnest(v_orders),
                          pg_catalog.unnest(v_ops), pg_catalog.unnest(v_statuses),
                          pg_catalog.unnest(v_drivers))
               AS u (id, order_id, op, status, driver_id);
END;
$$;
REVOKE EXECUTE ON FUNCTION change_feed_poll(integer) FROM PUBLIC;

DO $$
BEGIN
    -- The logins that run consoles (008's roles); each console's listener may be the feed.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_dispatcher') THEN
        GRANT EXECUTE ON FUNCTION change_feed_poll(integer) TO dispatch_dispatcher;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_support') THEN
        GRANT EXECUTE ON FUNCTION change_feed_poll(integer) TO dispatch_support;
    END IF;
END;
$$;

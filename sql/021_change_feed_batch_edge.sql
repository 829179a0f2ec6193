-- 021: the change feed's batches stay under pg_notify's 8,000 bytes at the edge.
--
-- 019 cut a batch when payload + item + 2 (the ", ") passed 7,999 bytes, but what it sends
-- is '[' || payload || ']': two bytes more. A batch that came to 8,000 or 8,001 bytes sent
-- raised "payload string too long", which rolled the whole poll back, state row included,
-- so the next poll met the same changes, cut them the same way and failed again: the feed
-- stopped for every console of the database until those changes aged out of nothing (they
-- never do). It takes over a hundred changes in one poll, and then about one cut in 35
-- (two bad bytes of an item's ~70) lands there: a busy evening meets it.
-- Now the check counts what is sent: '[' payload ', ' item ']' must fit in 7,999 bytes.
-- CREATE OR REPLACE keeps the function's OID, owner and grants (019's, and 020's pin).

CREATE OR REPLACE FUNCTION dispatch.change_feed_poll(p_max integer)
RETURNS TABLE (history_id bigint, order_id bigint, op text, status text, driver_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, dispatch, pg_temp
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
    SELECT s.sent_upto INTO v_prev FROM dispatch.change_feed_state s WHERE s.only_row;
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
          FROM dispatch.order_history h
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
    UPDATE dispatch.change_feed_state s
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
        IF v_payload <> ''::text
           AND pg_catalog.octet_length(v_payload) + pg_catalog.octet_length(v_item) + 4 > 7999 THEN
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

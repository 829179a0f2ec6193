-- 016: a leaner claim (issue 14, item 3). Every attempt is still recorded in the claim's own
-- transaction (claim_attempts, order_history, the notification); what goes is work no reader
-- needs. Measured step by step with bench/steps/*.sql (docs/benchmarks.md, table 1c).

-- 1. One index fewer to write on every claim. orders_driver_id_idx (driver_id) WHERE driver_id
--    IS NOT NULL is a prefix of 008's orders_driver_id_id_idx (driver_id, id) with the same
--    predicate. EXPLAIN on 1M orders (10k ready, 1.5k in delivery) of every query that filters
--    by driver_id (inspector current/past orders and driver search, driver_my_orders, the
--    deactivation sweep, the load backfill, the foreign-key check of a driver's delete): each
--    plan that used it uses orders_driver_id_id_idx instead, same shape.
DROP INDEX IF EXISTS orders_driver_id_idx;

-- 2. One BEFORE trigger instead of two on every order update: updated_at always, and
--    status_changed_at when the status changes (015's trigger, same rule). One plpgsql call
--    per claim instead of two. Qualified names, no pinned search_path, as 012's triggers.
CREATE OR REPLACE FUNCTION orders_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_changed_at := pg_catalog.clock_timestamp();
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER orders_touch_status_changed_at ON orders;
DROP FUNCTION orders_touch_status_changed_at();

-- 3. One notification per claim instead of two. Since 015 every claim also updates its
--    driver's row (the load counter), and drivers_notify_change sent drivers_changed for it
--    on top of the order's orders_changed. The counter changes only when an order's status,
--    driver or is_active changes, and that change notifies orders_changed in the same
--    transaction (002's trigger), on which consoles refresh their driver lists as well. So an
--    update that changes nothing but active_orders notifies nothing; any other change to a
--    driver row (name, shift, capacity, activation, token, a column added later) still does.
DROP TRIGGER drivers_notify_change ON drivers;
CREATE TRIGGER drivers_notify_change
    AFTER INSERT OR DELETE ON drivers
    FOR EACH ROW EXECUTE FUNCTION drivers_notify_change();
CREATE TRIGGER drivers_notify_change_update
    AFTER UPDATE ON drivers
    FOR EACH ROW
    WHEN ((pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) 'active_orders'::text)
          IS DISTINCT FROM (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) 'active_orders'::text))
    EXECUTE FUNCTION drivers_notify_change();

-- 4. HOT updates of the driver rows: each claim rewrites one (the counter), and with full
--    pages every new version went to another page and into every index of drivers (the
--    primary key, the token hash, the name's trigram GIN). Half-empty pages keep the new
--    version on the page (active_orders is in no index). CLUSTER rewrites the table at the
--    new fill factor inside this transaction (VACUUM FULL cannot); SET WITHOUT CLUSTER drops
--    the mark it leaves.
ALTER TABLE drivers SET (fillfactor = 50);
CLUSTER drivers USING drivers_pkey;
ALTER TABLE drivers SET WITHOUT CLUSTER;

-- BENCHMARK ONLY: puts a copy of a database migrated to 016 back to 015's recording (run.sh
-- table 1d compares the two on the same server in the same run). Never a migration.
CREATE INDEX orders_driver_id_idx ON orders (driver_id) WHERE driver_id IS NOT NULL;
CREATE OR REPLACE FUNCTION orders_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END;
$$;
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
DROP TRIGGER drivers_notify_change_update ON drivers;
DROP TRIGGER drivers_notify_change ON drivers;
CREATE TRIGGER drivers_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON drivers
    FOR EACH ROW EXECUTE FUNCTION drivers_notify_change();
ALTER TABLE drivers RESET (fillfactor);
CLUSTER drivers USING drivers_pkey;
ALTER TABLE drivers SET WITHOUT CLUSTER;

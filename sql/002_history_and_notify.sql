-- 002: the history/notify trigger. Clients say who they are for one transaction with
--   SELECT set_config('dispatch.source', 'console', true), set_config('dispatch.actor', …, true)
-- (the claim functions in 004 do it themselves); anything else is "direct SQL".

CREATE FUNCTION orders_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_source text := coalesce(nullif(current_setting('dispatch.source', true), ''), 'direct SQL');
    v_actor  text := coalesce(nullif(current_setting('dispatch.actor', true), ''), session_user::text);
    v_reason text := nullif(current_setting('dispatch.reason', true), '');
    v_row    orders;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v_row := OLD;
    ELSE
        v_row := NEW;
    END IF;

    IF TG_OP = 'UPDATE'
       AND OLD.status IS NOT DISTINCT FROM NEW.status
       AND OLD.driver_id IS NOT DISTINCT FROM NEW.driver_id
       AND OLD.is_active IS NOT DISTINCT FROM NEW.is_active
       AND OLD.reserved_by IS NOT DISTINCT FROM NEW.reserved_by
       AND OLD.reserved_until IS NOT DISTINCT FROM NEW.reserved_until THEN
        RETURN NULL;   -- nothing in the lifecycle changed (an address fix, say)
    END IF;

    INSERT INTO order_history (order_id, operation, old_status, new_status,
                               old_driver_id, new_driver_id, old_reserved_by,
                               new_reserved_by, new_reserved_until, is_active,
                               source, actor, reason)
    VALUES (v_row.id, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN OLD.status END,
            CASE WHEN TG_OP <> 'DELETE' THEN NEW.status END,
            CASE WHEN TG_OP <> 'INSERT' THEN OLD.driver_id END,
            CASE WHEN TG_OP <> 'DELETE' THEN NEW.driver_id END,
            CASE WHEN TG_OP <> 'INSERT' THEN OLD.reserved_by END,
            CASE WHEN TG_OP <> 'DELETE' THEN NEW.reserved_by END,
            CASE WHEN TG_OP <> 'DELETE' THEN NEW.reserved_until END,
            v_row.is_active, v_source, v_actor, v_reason);

    -- One small payload per changed row; listeners coalesce bursts on their side.
    PERFORM pg_notify('orders_changed',
                      json_build_object('id', v_row.id, 'op', TG_OP,
                                        'status', v_row.status, 'driver_id', v_row.driver_id)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER orders_record_change
    AFTER INSERT OR UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_record_change();

CREATE FUNCTION orders_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER orders_touch_updated_at
    BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_touch_updated_at();

-- Drivers changing (activated, renamed) refresh the driver lists of every console.
CREATE FUNCTION drivers_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('drivers_changed', coalesce(NEW.id, OLD.id)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER drivers_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON drivers
    FOR EACH ROW EXECUTE FUNCTION drivers_notify_change();

-- 006: reassign an assigned order to another driver, atomically and with a reason:
-- only if the driver the dispatcher saw still holds it and the new driver is active.
CREATE FUNCTION reassign_order(p_order_id bigint, p_from_driver bigint, p_to_driver bigint,
                               p_source text, p_actor text, p_reason text)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    IF p_source IS NULL OR p_source NOT IN ('console', 'simulation', 'http', 'sql') THEN
        RAISE EXCEPTION 'unknown source %', p_source USING ERRCODE = '22023';
    END IF;
    IF p_reason IS NULL OR length(btrim(p_reason)) < 3 OR length(p_reason) > 500 THEN
        RAISE EXCEPTION 'a reassignment needs a reason (3 to 500 characters)' USING ERRCODE = '22023';
    END IF;
    PERFORM set_config('dispatch.source', p_source, true),
            set_config('dispatch.actor', coalesce(p_actor, ''), true),
            set_config('dispatch.reason', p_reason, true);

    UPDATE orders o
       SET driver_id = p_to_driver,
           assigned_at = now()
     WHERE o.id = p_order_id
       AND o.driver_id = p_from_driver
       AND o.driver_id <> p_to_driver
       AND o.status = 'driver_assigned'
       AND o.is_active
       AND EXISTS (SELECT 1 FROM drivers d WHERE d.id = p_to_driver AND d.is_active)
    RETURNING 'REASSIGNED', o.driver_id, o.assigned_at, o.status
         INTO outcome, holder_id, since, order_status;

    IF FOUND THEN
        SELECT d.name INTO holder_name FROM drivers d WHERE d.id = p_to_driver;
    ELSE
        SELECT o.status, o.driver_id, h.name, o.assigned_at,
               CASE
                   WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'
                   WHEN NOT o.is_active THEN 'ORDER_NOT_ACTIVE'
                   WHEN o.driver_id = p_to_driver THEN 'ORDER_ALREADY_YOURS'
                   WHEN o.driver_id IS DISTINCT FROM p_from_driver THEN 'ORDER_NOT_HELD_BY_DRIVER'
                   WHEN o.status <> 'driver_assigned' THEN 'ORDER_NOT_RELEASABLE'
                   WHEN to_driver.id IS NULL THEN 'DRIVER_NOT_FOUND'
                   WHEN NOT to_driver.is_active THEN 'DRIVER_INACTIVE'
                   ELSE 'ORDER_CHANGED'
               END
          INTO order_status, holder_id, holder_name, since, outcome
          FROM (SELECT 1) AS one
          LEFT JOIN orders o ON o.id = p_order_id
          LEFT JOIN drivers h ON h.id = o.driver_id
          LEFT JOIN drivers to_driver ON to_driver.id = p_to_driver;
    END IF;
    RETURN NEXT;
END;
$$;

REVOKE EXECUTE ON FUNCTION reassign_order(bigint, bigint, bigint, text, text, text) FROM PUBLIC;

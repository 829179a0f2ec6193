-- Step 6: + NOTIFY orders_changed (the trigger's payload).
-- One statement, one round trip; run with the user triggers of orders and drivers disabled.
\set id random(1, :ready)
\set driver random(1, :drivers)
WITH u AS (
    UPDATE orders o
       SET driver_id = :driver, status = 'driver_assigned', assigned_at = clock_timestamp(),
           reserved_by = NULL, reserved_until = NULL, reserved_login = NULL, status_reason = NULL,
           updated_at = now(), status_changed_at = clock_timestamp()
     WHERE o.id = :id AND o.status = 'ready' AND o.driver_id IS NULL AND o.is_active
       AND (o.reserved_until IS NULL OR o.reserved_until <= clock_timestamp())
       AND EXISTS (SELECT 1 FROM drivers d
                    WHERE d.id = :driver AND d.is_active AND d.on_shift
                      AND (d.max_concurrent_orders IS NULL OR d.active_orders < d.max_concurrent_orders)
                      AND o.id IS NOT NULL
                      FOR NO KEY UPDATE OF d)
    RETURNING o.id, o.driver_id, o.assigned_at, o.status
), c AS (
    SELECT CASE WHEN u.id IS NOT NULL THEN 'ASSIGNED'
                WHEN o.id IS NULL THEN 'ORDER_NOT_FOUND'
                WHEN o.driver_id IS NOT NULL THEN 'ORDER_ALREADY_ASSIGNED'
                ELSE 'ORDER_CHANGED' END AS outcome,
           coalesce(u.driver_id, o.driver_id) AS holder_id,
           coalesce(u.assigned_at, o.assigned_at) AS since,
           coalesce(u.status, o.status) AS order_status
      FROM (SELECT 1) AS one
      LEFT JOIN u ON true
      LEFT JOIN orders o ON u.id IS NULL AND o.id = :id
)
, a AS (
    INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome, holder_id)
    SELECT :id::bigint, :driver::bigint, 'sql', 'bench', 0, c.outcome,
           CASE WHEN c.outcome = 'ASSIGNED' THEN NULL ELSE c.holder_id END
      FROM c
)
, k AS (
    UPDATE drivers d SET active_orders = d.active_orders + 1 WHERE d.id = (SELECT u.driver_id FROM u)
)
, h AS (
    INSERT INTO order_history (order_id, operation, old_status, new_status, old_driver_id,
                               new_driver_id, is_active, source, actor)
    SELECT u.id, 'UPDATE', 'ready', u.status, NULL, u.driver_id, true, 'sql', 'bench' FROM u
)
SELECT c.outcome, c.holder_id, hd.name, c.since, c.order_status,
       CASE WHEN c.outcome = 'ASSIGNED' THEN
            pg_notify('orders_changed', json_build_object('id', :id::bigint, 'op', 'UPDATE',
                      'status', c.order_status, 'driver_id', c.holder_id)::text) END
  FROM c LEFT JOIN drivers hd ON hd.id = c.holder_id;

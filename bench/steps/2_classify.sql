-- Step 2: + the claim's driver check (locks the driver row), RETURNING, the classification of a miss and the holder's name.
-- One statement, one round trip; run with the user triggers of orders and drivers disabled.
\set id random(1, :ready)
\set driver random(1, :drivers)
WITH u AS (
    UPDATE orders o
       SET driver_id = :driver, status = 'driver_assigned', assigned_at = clock_timestamp(),
           reserved_by = NULL, reserved_until = NULL, reserved_login = NULL, status_reason = NULL
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
SELECT c.outcome, c.holder_id, hd.name, c.since, c.order_status
  FROM c LEFT JOIN drivers hd ON hd.id = c.holder_id;

-- 003: the seed's migration, with its exact index and constraint names, so the seed's
-- "Verify Migration" step (\d orders) shows what it promises.

-- Performance index for available orders query
CREATE INDEX idx_orders_available_for_driver
ON orders(status, driver_id)
WHERE status = 'ready' AND driver_id IS NULL;

-- Safety: Prevent multiple drivers on same order (DB-level check)
CREATE UNIQUE INDEX idx_orders_single_driver_per_order
ON orders(id)
WHERE driver_id IS NOT NULL
  AND status NOT IN ('cancelled', 'delivered', 'refunded');

-- Consistency: Enforce valid driver-status combinations
ALTER TABLE orders
ADD CONSTRAINT check_driver_status_consistency
CHECK (
    (driver_id IS NULL AND status IN ('cart', 'pending', 'confirmed', 'preparing', 'ready', 'cancelled', 'refunded'))
    OR
    (driver_id IS NOT NULL AND status IN ('driver_assigned', 'picked_up', 'in_transit', 'delivered', 'cancelled', 'refunded'))
);

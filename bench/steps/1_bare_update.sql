-- Step 1: the anchor, the seed's bare atomic UPDATE (no recording).
-- Run with the user triggers of orders and drivers disabled: no history, no NOTIFY, no
-- counter; foreign-key checks still run.
\set id random(1, :ready)
\set driver random(1, :drivers)
UPDATE orders SET driver_id = :driver, status = 'driver_assigned', assigned_at = now()
 WHERE id = :id AND status = 'ready' AND driver_id IS NULL;

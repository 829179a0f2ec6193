-- 009: the live board's own index (issue 7, measured in docs/benchmarks.md).
--
-- ReadyOrdersModel shows at most 5,000 ready orders, oldest first (ready_at, id). Without
-- an index in that order the server read and sorted every ready order on each refresh:
-- with 10,000 ready rows in a 1,000,000-order table a refresh took ~35–45 ms on 2 shared
-- cores, with 100,000 ready rows ~120–140 ms, and a commit reaches every board only after
-- such a refresh. With this partial index the board's query (its ready branch, see
-- readyordersmodel.cpp) walks the index in board order and stops after 5,000 rows,
-- whatever the number of ready orders. Claimed rows leave the index, so it stays as small
-- as the board.
CREATE INDEX orders_ready_board_idx ON orders (ready_at, id)
    WHERE status = 'ready' AND driver_id IS NULL AND is_active;

-- The planner multiplies the selectivities of status = 'ready' and driver_id IS NULL as if
-- they were independent (1 % × 1 % of 1,000,000 = ~100 rows instead of 10,000), and for
-- "100 rows" it prefers sorting them all to walking the index above. A multi-column MCV
-- list tells it how often (ready, no driver, active) really occurs.
CREATE STATISTICS orders_board_stats (mcv) ON status, driver_id, is_active FROM orders;

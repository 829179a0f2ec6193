-- Step 8: the full claim_order (plpgsql, SECURITY DEFINER, the real triggers), as bench/claim.sql.
\set id random(1, :ready)
\set driver random(1, :drivers)
SELECT * FROM claim_order(:id, :driver, 'sql', 'bench');

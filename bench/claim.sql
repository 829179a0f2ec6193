\set id random(1, :ready)
\set driver random(1, :drivers)
SELECT * FROM claim_order(:id, :driver, 'sql', 'bench');

-- The claim alone, in the same pipeline form
\set id random(1, :ready)
\set driver random(1, :drivers)
\startpipeline
SELECT * FROM claim_order(:id, :driver, 'sql', 'bench');
\endpipeline

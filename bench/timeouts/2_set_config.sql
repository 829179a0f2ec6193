-- Timeouts as plain set_config(…, true), as StatementCache sends them now, then the claim: one pipeline
\set id random(1, :ready)
\set driver random(1, :drivers)
\startpipeline
SELECT pg_catalog.set_config('lock_timeout', '2000', true), pg_catalog.set_config('statement_timeout', '5000', true);
SELECT * FROM claim_order(:id, :driver, 'sql', 'bench');
\endpipeline

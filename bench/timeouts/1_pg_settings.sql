-- Timeouts through pg_settings, as StatementCache sent them before 1d47e55, then the claim: one pipeline
\set id random(1, :ready)
\set driver random(1, :drivers)
\startpipeline
SELECT pg_catalog.count(pg_catalog.set_config(w.name, w.setting, true)) FROM (VALUES ('lock_timeout', '2000'), ('statement_timeout', '5000')) AS w(name, setting) JOIN pg_catalog.pg_settings s ON s.name = w.name WHERE s.source <> 'client';
SELECT * FROM claim_order(:id, :driver, 'sql', 'bench');
\endpipeline

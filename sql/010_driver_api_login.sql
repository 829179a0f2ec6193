-- 010: the driver HTTP API runs as a dispatch_driver login (issue 8, least privilege).
--
-- 008 gives dispatch_driver SELECT (id, name, is_active) on drivers, never the token hashes,
-- and no EXECUTE on the idempotency functions of 005, so `dispatch-console serve` had to log
-- in as the schema owner. This function is the one way from a token's SHA-256 to a driver:
-- it answers for exactly that hash (at most one row, api_token_hash is UNIQUE) and lets no
-- caller list or read hashes. The token itself never reaches the database.
--
-- The trust boundary is the API process: it authenticates the bearer token here and then
-- claims for that driver. A dispatch_driver login can claim for any driver id, as it could
-- since 008; it cannot update tables, read token hashes, hold or reassign.
CREATE FUNCTION driver_for_token(p_token_hash bytea)
RETURNS TABLE (driver_id bigint, is_active boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    SELECT d.id, d.is_active
      FROM drivers d
     WHERE d.api_token_hash = p_token_hash
       AND length(p_token_hash) = 32;
$$;

REVOKE EXECUTE ON FUNCTION driver_for_token(bytea) FROM PUBLIC;

DO $$
BEGIN
    -- Like 008: the role exists unless the migrating user could not create it.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_driver') THEN
        GRANT EXECUTE ON FUNCTION driver_for_token(bytea),
                                  http_idempotency_begin(bigint, text),
                                  http_idempotency_store(bigint, text, bytea, integer, jsonb)
              TO dispatch_driver;
    END IF;
END;
$$;

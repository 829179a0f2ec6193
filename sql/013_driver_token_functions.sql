-- 013: a driver login acts only as the driver its token names (issue 12: M2).
--
-- Holding the dispatch_driver role used to be enough to claim, release and key answers for
-- any driver id, with any actor string. These wrappers take the SHA-256 of the bearer token
-- instead of a driver id, find the driver themselves (api_token_hash is UNIQUE) and derive
-- the labels server-side: source 'http', actor 'driver:<id>'. Their results are those of
-- the functions they wrap, except:
--   * a hash that names no driver: claim and release answer DRIVER_NOT_FOUND (a row, no
--     exception, and no claim_attempts row: there is no driver to record it for); the
--     idempotency functions raise SQLSTATE 28000 (invalid authorization), as does a hash
--     of an inactive driver for them. The API authenticates first (driver_for_token), so
--     28000 there means the token was revoked or the driver deactivated in between.
--   * an inactive driver: claim answers DRIVER_INACTIVE (recorded, like any refused claim),
--     release answers DRIVER_INACTIVE without touching the order.
--   * held_by is always NULL for a driver: it names the dispatcher holding the order
--     (held_until still says until when).
-- The token's driver row is locked FOR SHARE first (the lock order of 012: driver, then
-- order), so a token revoked or rotated before the call names nobody, and one revoked during
-- the call waits for it.
--
-- 014 then takes the free-text functions away from dispatch_driver.

CREATE FUNCTION driver_claim_order(p_token_hash bytea, p_order_id bigint, p_attempt_id uuid)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text, held_by text, held_until timestamptz, latency_us bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
BEGIN
    SELECT d.id INTO v_driver FROM drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32
       FOR SHARE;
    IF NOT FOUND THEN
        outcome := 'DRIVER_NOT_FOUND'::text;
        RETURN NEXT;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT c.outcome, c.holder_id, c.holder_name, c.since, c.order_status, NULL::text,
               c.held_until, c.latency_us
          FROM public.claim_order(p_order_id, v_driver, 'http'::text,
                                  'driver:'::text || v_driver::text, p_attempt_id) AS c;
END;
$$;

CREATE FUNCTION driver_release_order(p_token_hash bytea, p_order_id bigint, p_reason text)
RETURNS TABLE (outcome text, holder_id bigint, holder_name text, since timestamptz,
               order_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
    v_active boolean;
BEGIN
    SELECT d.id, d.is_active INTO v_driver, v_active FROM drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32
       FOR SHARE;
    IF NOT FOUND OR NOT v_active THEN
        outcome := CASE WHEN v_driver IS NULL THEN 'DRIVER_NOT_FOUND'::text
                        ELSE 'DRIVER_INACTIVE'::text END;
        RETURN NEXT;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT r.outcome, r.holder_id, r.holder_name, r.since, r.order_status
          FROM public.release_order(p_order_id, v_driver, 'http'::text,
                                    'driver:'::text || v_driver::text, p_reason) AS r;
END;
$$;

-- The active driver a token names, or SQLSTATE 28000.
CREATE FUNCTION driver_for_token_or_refuse(p_token_hash bytea)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_driver bigint;
BEGIN
    SELECT d.id INTO v_driver FROM drivers d
     WHERE d.api_token_hash = p_token_hash AND pg_catalog.length(p_token_hash) = 32
       AND d.is_active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no active driver has this token' USING ERRCODE = '28000';
    END IF;
    RETURN v_driver;
END;
$$;

REVOKE EXECUTE ON FUNCTION driver_for_token_or_refuse(bytea) FROM PUBLIC;

CREATE FUNCTION driver_idempotency_begin(p_token_hash bytea, p_key text)
RETURNS TABLE (request_hash bytea, response_status integer, response_body jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    RETURN QUERY
        SELECT b.request_hash, b.response_status, b.response_body
          FROM public.http_idempotency_begin(public.driver_for_token_or_refuse(p_token_hash),
                                             p_key) AS b;
END;
$$;

CREATE FUNCTION driver_idempotency_store(p_token_hash bytea, p_key text, p_request_hash bytea,
                                         p_status integer, p_body jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    PERFORM public.http_idempotency_store(public.driver_for_token_or_refuse(p_token_hash), p_key,
                                          p_request_hash, p_status, p_body);
END;
$$;

REVOKE EXECUTE ON FUNCTION driver_claim_order(bytea, bigint, uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION driver_release_order(bytea, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION driver_idempotency_begin(bytea, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION driver_idempotency_store(bytea, text, bytea, integer, jsonb) FROM PUBLIC;

DO $$
BEGIN
    -- Like 008: the role exists unless the migrating user could not create it.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_driver') THEN
        GRANT EXECUTE ON FUNCTION driver_claim_order(bytea, bigint, uuid),
                                  driver_release_order(bytea, bigint, text),
                                  driver_idempotency_begin(bytea, text),
                                  driver_idempotency_store(bytea, text, bytea, integer, jsonb)
              TO dispatch_driver;
    END IF;
END;
$$;

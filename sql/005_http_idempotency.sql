-- 005: Idempotency-Key for the driver HTTP API (the seed's "future enhancement 1").
--
-- A driver app that lost a response retries with the same Idempotency-Key and gets the
-- original response again, not a second claim. The response is stored in the same
-- transaction as the claim it answers (the HTTP worker runs BEGIN; http_idempotency_begin;
-- claim_order via OrderRepository::claim; http_idempotency_store; COMMIT), so either both
-- the claim and its response are kept, or neither is.
--
-- Keys are per driver: two drivers may use the same key. A key is kept for 24 hours; an
-- expired key may be used again.

CREATE TABLE http_idempotency (
    driver_id        bigint      NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash     bytea       NOT NULL CHECK (length(request_hash) = 32), -- SHA-256 of method, path, body
    response_status  integer     NOT NULL CHECK (response_status BETWEEN 100 AND 599),
    response_body    jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (driver_id, idempotency_key)
);
CREATE INDEX http_idempotency_created_idx ON http_idempotency (created_at);

-- Call inside the caller's transaction, before doing the work. Serialises requests of one
-- driver with one key (a transaction-scoped advisory lock, released at COMMIT/ROLLBACK) and
-- returns the stored answer if there is a live one; no row means "do the work, then store".
CREATE FUNCTION http_idempotency_begin(p_driver_id bigint, p_key text)
RETURNS TABLE (request_hash bytea, response_status integer, response_body jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('http_idempotency:' || p_driver_id || ':' || p_key, 0));
    RETURN QUERY
        SELECT i.request_hash, i.response_status, i.response_body
          FROM http_idempotency i
         WHERE i.driver_id = p_driver_id
           AND i.idempotency_key = p_key
           AND i.created_at > now() - interval '24 hours';
END;
$$;

-- Store the answer given under a key (replacing an expired one), and drop this driver's
-- expired keys while we are here: no sweeper job.
CREATE FUNCTION http_idempotency_store(p_driver_id bigint, p_key text, p_request_hash bytea,
                                       p_status integer, p_body jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    DELETE FROM http_idempotency
     WHERE driver_id = p_driver_id AND created_at <= now() - interval '24 hours';
    INSERT INTO http_idempotency (driver_id, idempotency_key, request_hash, response_status,
                                  response_body)
    VALUES (p_driver_id, p_key, p_request_hash, p_status, p_body);
END;
$$;

REVOKE EXECUTE ON FUNCTION http_idempotency_begin(bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION http_idempotency_store(bigint, text, bytea, integer, jsonb) FROM PUBLIC;

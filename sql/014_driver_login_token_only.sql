-- 014: a driver login has only the token functions of 013 (issue 12: M2).
--
-- dispatch_driver loses the functions that take a driver id and an actor from the caller:
-- claim_order (both forms), release_order and http_idempotency_begin/store. What it keeps:
-- driver_for_token, claim_attempt_result, the driver_* functions of 013, and reading the
-- board. It no longer reads orders.reserved_by (nor reserved_login): which dispatcher holds
-- an order is none of a driver's business, and it was the string that opened the hold
-- bypass before 012. Column privileges, so a driver login's SELECT names its columns
-- (SELECT * FROM orders is refused), and a column added later is not visible to it unless
-- granted here.
--
-- A separate migration so that it ships only with a driver API that calls the token
-- functions (DriverApiSession, OrderRepository): with an older binary a dispatch_driver
-- login's claims would be refused with 42501.
DO $$
BEGIN
    -- Like 008: the role exists unless the migrating user could not create it.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_driver') THEN
        REVOKE EXECUTE ON FUNCTION claim_order(bigint, bigint, text, text),
                                   claim_order(bigint, bigint, text, text, uuid),
                                   release_order(bigint, bigint, text, text, text),
                                   http_idempotency_begin(bigint, text),
                                   http_idempotency_store(bigint, text, bytea, integer, jsonb)
               FROM dispatch_driver;
        REVOKE SELECT ON orders FROM dispatch_driver;
        GRANT SELECT (id, status, driver_id, is_active, customer, pickup, dropoff, total,
                      created_at, ready_at, assigned_at, updated_at, reserved_until)
              ON orders TO dispatch_driver;
    END IF;
END;
$$;

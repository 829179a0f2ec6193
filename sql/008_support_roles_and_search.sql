-- 008: the support inspector's search indexes, and the group roles a console logs in as.
--
-- Search (model/inspectorsearchmodel.cpp) pages by keyset, newest first:
--   … WHERE <match> AND o.id < $last ORDER BY o.id DESC LIMIT 101
-- by order id, customer, address (pickup or drop-off) or driver (name or id).
-- Text matches are ILIKE '%…%' with %, _ and \ escaped; pg_trgm's GIN indexes serve them
-- when the server has the extension. Without it the search still works, only slower (a
-- backwards walk of the primary key), so a server without postgresql-contrib can migrate.
--
-- Plans relied on: EXPLAIN (ANALYZE, COSTS OFF) EXECUTE of the model's own prepared
-- statement, 1,000,000 orders and 1,000 drivers, cold cache, 2 shared cores
-- (tests/tst_inspector.cpp prints them and asserts there is no Seq Scan on orders):
--
--   by order id "777777":
--     Limit (actual time=0.243..0.245 rows=1)
--       ->  Nested Loop Left Join
--             ->  Index Scan using orders_pkey on orders o
--                   Index Cond: ((id < '9223372036854775807') AND (id = '777777'))
--             ->  Index Scan using drivers_pkey on drivers d
--     Execution Time: 0.489 ms
--
--   by driver "Driver 377" (1,000 orders), first page; page 2 is the same with id < 900376:
--     Limit (rows=101) -> Sort (Sort Key: o.id DESC, quicksort 39kB)
--       ->  Nested Loop Left Join -> Nested Loop
--             ->  HashAggregate (Group Key: m.id)
--                   ->  Nested Loop
--                         ->  Seq Scan on drivers dm   (1,000 rows: cheaper than any index)
--                               Filter: (name ~~* '%Driver 377%')
--                         ->  Limit -> Index Only Scan Backward using orders_driver_id_id_idx
--                                        on orders m  (rows=101, one page per driver)
--                               Index Cond: ((driver_id = dm.id) AND (id < '9223372036854775807'))
--             ->  Index Scan using orders_pkey on orders o  (Index Cond: (id = m.id) …)
--       ->  Index Scan using drivers_pkey on drivers d
--     Execution Time: 227.8 ms cold, 18.4 ms warm (page 2), 34.6 ms by driver id "#42"
--
--   by customer / address, each branch (… ILIKE $1 AND id < $2 ORDER BY id DESC LIMIT 101):
--     rare text:   Sort (top-N) -> Bitmap Heap Scan -> Bitmap Index Scan on
--                  orders_customer_trgm_idx  (0.3 ms for no match in 1,000,000)
--     common text: Index Scan Backward using orders_pkey, stopping after 101 matches
--     without pg_trgm, rare text is a (parallel) Seq Scan: ~0.7 s per million rows.

CREATE INDEX orders_driver_id_id_idx ON orders (driver_id, id) WHERE driver_id IS NOT NULL;
-- The driver page: orders a driver held at some time (released or reassigned since).
CREATE INDEX order_history_new_driver_idx ON order_history (new_driver_id, order_id)
    WHERE new_driver_id IS NOT NULL;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
       AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm;   -- trusted since PostgreSQL 13: CREATE on the database suffices
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'pg_trgm not installed (%): text search works without its indexes', SQLERRM;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            EXECUTE 'CREATE INDEX orders_customer_trgm_idx ON orders USING gin (customer gin_trgm_ops)';
            EXECUTE 'CREATE INDEX orders_pickup_trgm_idx ON orders USING gin (pickup gin_trgm_ops)';
            EXECUTE 'CREATE INDEX orders_dropoff_trgm_idx ON orders USING gin (dropoff gin_trgm_ops)';
            EXECUTE 'CREATE INDEX drivers_name_trgm_idx ON drivers USING gin (name gin_trgm_ops)';
        EXCEPTION WHEN undefined_object THEN   -- pg_trgm lives in a schema not on search_path
            RAISE NOTICE 'pg_trgm operator classes not visible (%): no trigram indexes', SQLERRM;
        END;
    END IF;
END;
$$;

-- Group roles. Roles belong to the cluster, grants to each database: create the roles only
-- when missing (another database of this cluster may have made them, maybe at this very
-- moment, hence the duplicate_object handler), and grant in every database. A migrating
-- user without CREATEROLE still migrates; it just gets no roles to grant to.
DO $$
DECLARE
    v_role text;
BEGIN
    FOREACH v_role IN ARRAY ARRAY['dispatch_support', 'dispatch_dispatcher', 'dispatch_driver'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', v_role);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN
                    NULL;   -- created concurrently by a migration of another database
                WHEN insufficient_privilege THEN
                    RAISE NOTICE 'cannot create role % (no CREATEROLE): skipped', v_role;
            END;
        END IF;
    END LOOP;

    -- support: reads everything the inspector shows, writes nothing, sees no token hashes.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_support') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO dispatch_support', current_database());
        GRANT USAGE ON SCHEMA public TO dispatch_support;
        GRANT SELECT ON orders, order_history, claim_attempts, schema_migrations TO dispatch_support;
        GRANT SELECT (id, name, phone, is_active, created_at) ON drivers TO dispatch_support;
    END IF;

    -- dispatcher: reads like support, changes orders only through the atomic functions
    -- (SECURITY DEFINER): no UPDATE on any table, so no way around the claim's WHERE.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_dispatcher') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO dispatch_dispatcher', current_database());
        GRANT USAGE ON SCHEMA public TO dispatch_dispatcher;
        GRANT SELECT ON orders, order_history, claim_attempts, schema_migrations TO dispatch_dispatcher;
        GRANT SELECT (id, name, phone, is_active, created_at) ON drivers TO dispatch_dispatcher;
        GRANT EXECUTE ON FUNCTION claim_order(bigint, bigint, text, text),
                                  release_order(bigint, bigint, text, text, text),
                                  hold_order(bigint, text, integer),
                                  unhold_order(bigint, text)
              TO dispatch_dispatcher;
        IF to_regprocedure('reassign_order(bigint, bigint, bigint, text, text, text)') IS NOT NULL THEN
            GRANT EXECUTE ON FUNCTION reassign_order(bigint, bigint, bigint, text, text, text)
                  TO dispatch_dispatcher;
        END IF;
    END IF;

    -- driver: sees the board and claims (or gives back) for itself; nothing else.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dispatch_driver') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO dispatch_driver', current_database());
        GRANT USAGE ON SCHEMA public TO dispatch_driver;
        GRANT SELECT ON orders, schema_migrations TO dispatch_driver;
        GRANT SELECT (id, name, is_active) ON drivers TO dispatch_driver;
        GRANT EXECUTE ON FUNCTION claim_order(bigint, bigint, text, text),
                                  release_order(bigint, bigint, text, text, text)
              TO dispatch_driver;
    END IF;
END;
$$;

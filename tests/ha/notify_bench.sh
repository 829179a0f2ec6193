#!/usr/bin/env bash
# NOTIFY's commit lock on a Patroni cluster, after the change feed (issue 15, item 5). A commit
# that has NOTIFY'd takes PostgreSQL's cluster-wide NOTIFY lock and holds it through the WAL
# flush and, with a synchronous standby, the standby's round trip. Since 019 a claim does not
# notify (one elected feed calls change_feed_poll every ~10 ms). This measures claims/s
# (pgbench running `claim_order`, as bench/claim.sql) on the synchronous cluster at 1, 8 and 32
# clients, per pair in the order A B C D:
#   A  claim_order as shipped (no NOTIFY in the claim's transaction);
#   B  the same with a per-row pg_notify trigger on orders re-added (the old design), in this
#      throwaway database only;
#   C  anchor: the seed's bare UPDATE (bench/steps/1_bare_update.sql, user triggers off);
#   D  A while a feed poller calls change_feed_poll(1000) every 10 ms (pgbench -R 100, one
#      client), the elected console listener's load.
# Durable settings: fsync and synchronous_commit on. Medians of PAIRS runs.
#
#   tests/ha/notify_bench.sh path/to/dispatch-console [SECONDS] [PAIRS]
# Prints a Markdown table. Nothing stays running (tests/fixture_guard.sh).
set -euo pipefail
bin=${1:?usage: notify_bench.sh path/to/dispatch-console [SECONDS] [PAIRS]}
seconds=${2:-8}
pairs=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
pgbench=/usr/lib/postgresql/15/bin/pgbench
dir=$(mktemp -d /tmp/dispatch-ha-bench-XXXXXX)
token="ha-bench-$$-$(date +%s%N)"
env -u DISPATCH_FIXTURE_GUARD setsid -f "$here/../fixture_guard.sh" "$token" $$ "$dir" \
    < /dev/null > /dev/null 2>&1
export DISPATCH_FIXTURE_GUARD=$token
unset PGHOST PGHOSTADDR PGDATABASE PGSERVICE PGPORT PGUSER
trap '"$here/patroni_cluster.sh" stop "$dir"; rm -rf "$dir"' EXIT

mapfile -t ports < <("$here/patroni_cluster.sh" ports)
"$here/patroni_cluster.sh" start "$dir" sync "${ports[@]}"
# The primary itself (no failover here): node1…node3 listen on the 3rd…5th port.
primary=$("$here/patroni_cluster.sh" primary "$dir")
url="postgresql://postgres@127.0.0.1:${ports[$((${primary#node} + 1))]}/dispatch"
psql -q "${url%/dispatch}/postgres" -c 'CREATE DATABASE dispatch'
"$bin" --migrate-only --database "$url" > /dev/null
psql -qAt "$url" -c "INSERT INTO drivers (name) SELECT 'bench ' || g FROM generate_series(1, 100) g"
psql -qAt "$url" -c "SHOW synchronous_standby_names" | sed 's/^/synchronous_standby_names: /'
psql -qAt "$url" -c "SHOW fsync" | sed 's/^/fsync: /'
psql -qAt "$url" -c "SHOW synchronous_commit" | sed 's/^/synchronous_commit: /'

repo=$(cd "$here/../.." && pwd)
cat > "$dir/claim.sql" << 'SQL'
\set id random(:lo, :hi)
\set driver random(1, 100)
SELECT * FROM claim_order(:id, :driver, 'sql', 'bench');
SQL
sed 's/random(1, :ready)/random(:lo, :hi)/; s/random(1, :drivers)/random(1, 100)/' \
    "$repo/bench/steps/1_bare_update.sql" > "$dir/bare.sql"
grep -q 'random(:lo, :hi)' "$dir/bare.sql" || { echo "bare.sql: no id range" >&2; exit 1; }
echo 'SELECT count(*) FROM change_feed_poll(1000);' > "$dir/poll.sql"

# B: the old design's per-row NOTIFY, as a trigger of its own (dropped again after each run).
notify_on() {
    psql -qAt "$url" -v ON_ERROR_STOP=1 -c "CREATE FUNCTION dispatch.bench_notify() RETURNS trigger
        LANGUAGE plpgsql AS \$\$ BEGIN
            PERFORM pg_catalog.pg_notify('orders_changed', NEW.id::text || ':' || NEW.status);
            RETURN NULL; END \$\$" \
        -c "CREATE TRIGGER bench_notify AFTER INSERT OR UPDATE ON dispatch.orders
            FOR EACH ROW EXECUTE FUNCTION dispatch.bench_notify()" > /dev/null
}
notify_off() {
    psql -qAt "$url" -v ON_ERROR_STOP=1 -c "DROP TRIGGER IF EXISTS bench_notify ON dispatch.orders" \
        -c "DROP FUNCTION IF EXISTS dispatch.bench_notify()" > /dev/null
}
user_triggers() { # ENABLE | DISABLE
    psql -qAt "$url" -v ON_ERROR_STOP=1 -c "ALTER TABLE dispatch.orders $1 TRIGGER USER" \
        -c "ALTER TABLE dispatch.drivers $1 TRIGGER USER" > /dev/null
}

# A fresh range of ready orders for each run (triggers off while seeding), so almost every
# claim wins and commits a change: the case NOTIFY costs.
fresh() {
    psql -qAt "$url" -c "SET session_replication_role = replica;
        INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)
        SELECT 'ready', 'bench', 'Kitchen', 'Street', 10, now() FROM generate_series(1, 60000)
        RETURNING id" | sed -n '1p;$p' | tr '\n' ' '
}
run() { # clients [script]
    read -r lo hi <<< "$(fresh)"
    "$pgbench" -n -M prepared -c "$1" -j "$1" -T "$seconds" -D lo="$lo" -D hi="$hi" \
        -f "${2:-$dir/claim.sql}" "$url" 2>&1 | sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p'
}
run_polled() { # clients: run A while one client polls the feed every 10 ms
    local pid out
    # Start from an empty window (p_max 1: anything waiting is sent as one "reread"), as a feed
    # that keeps up does; see the report on 019's payload bound.
    psql -qAt "$url" -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM change_feed_poll(1)" > /dev/null
    "$pgbench" -n -c 1 -R 100 -T $((seconds + 2)) -f "$dir/poll.sql" "$url" > "$dir/poll.out" 2>&1 &
    pid=$!
    out=$(run "$1")
    wait "$pid"
    grep -q '^tps' "$dir/poll.out" || { cat "$dir/poll.out" >&2; exit 1; }
    echo "$out"
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| clients | A claim_order (shipped) | B + per-row NOTIFY | B/A | C bare UPDATE | A/C | D A + feed poll 10 ms | D/A | runs A / B / C / D |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for clients in 1 8 32; do
    a="" b="" c="" d=""
    for _ in $(seq 1 "$pairs"); do
        a="$a $(run "$clients")"
        notify_on
        b="$b $(run "$clients")"
        notify_off
        user_triggers DISABLE
        c="$c $(run "$clients" "$dir/bare.sql")"
        user_triggers ENABLE
        d="$d $(run_polled "$clients")"
    done
    ma=$(echo "$a" | median) mb=$(echo "$b" | median) mc=$(echo "$c" | median) md=$(echo "$d" | median)
    printf '| %s | %.0f | %.0f | %s | %.0f | %s | %.0f | %s | %s / %s / %s / %s |\n' "$clients" \
        "$ma" "$mb" "$(ratio "$mb" "$ma")" "$mc" "$(ratio "$ma" "$mc")" "$md" "$(ratio "$md" "$ma")" \
        "${a# }" "${b# }" "${c# }" "${d# }"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

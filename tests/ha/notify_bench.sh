#!/usr/bin/env bash
# NOTIFY's commit lock on a Patroni cluster (issue 15, item 5). Every notifying commit takes
# PostgreSQL's cluster-wide NOTIFY lock and holds it through the WAL flush and, with a
# synchronous standby, the standby's round trip. This measures claims/s (pgbench running
# `claim_order`, as bench/claim.sql) on the synchronous cluster with the orders trigger as
# shipped and, on the same database, with the trigger's pg_notify taken out (a copy of the
# function without that one statement, in this throwaway database only), at 1, 8 and 32
# clients, alternating A B A B … Durable settings: fsync and synchronous_commit on.
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

shipped=$(psql -qAt "$url" -c "SELECT pg_get_functiondef('orders_record_change'::regproc)")
silent=$(psql -qAt "$url" -c "SELECT regexp_replace(pg_get_functiondef('orders_record_change'::regproc),
    'PERFORM pg_catalog\.pg_notify\(.*?\);', '', 's')")
[ "$shipped" != "$silent" ] || { echo "no pg_notify found in orders_record_change" >&2; exit 1; }

cat > "$dir/claim.sql" << 'SQL'
\set id random(:lo, :hi)
\set driver random(1, 100)
SELECT * FROM claim_order(:id, :driver, 'sql', 'bench');
SQL

# A fresh range of ready orders for each run (triggers off while seeding), so almost every
# claim wins and commits a change: the case NOTIFY costs.
fresh() {
    psql -qAt "$url" -c "SET session_replication_role = replica;
        INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)
        SELECT 'ready', 'bench', 'Kitchen', 'Street', 10, now() FROM generate_series(1, 60000)
        RETURNING id" | sed -n '1p;$p' | tr '\n' ' '
}
run() { # clients
    read -r lo hi <<< "$(fresh)"
    "$pgbench" -n -M prepared -c "$1" -j "$1" -T "$seconds" -D lo="$lo" -D hi="$hi" \
        -f "$dir/claim.sql" "$url" 2>&1 | sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p'
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo
echo "| clients | claims/s with NOTIFY | claims/s without NOTIFY | ratio | runs (with / without) |"
echo "| ---: | ---: | ---: | ---: | --- |"
for clients in 1 8 32; do
    with=""
    without=""
    for _ in $(seq 1 "$pairs"); do
        psql -qAt "$url" -c "$shipped" > /dev/null
        with="$with $(run "$clients")"
        psql -qAt "$url" -c "$silent" > /dev/null
        without="$without $(run "$clients")"
    done
    psql -qAt "$url" -c "$shipped" > /dev/null
    a=$(echo "$with" | median)
    b=$(echo "$without" | median)
    printf '| %s | %.0f | %.0f | %.2f | %s / %s |\n' "$clients" "$a" "$b" \
        "$(awk -v a="$a" -v b="$b" 'BEGIN {print (b > 0 ? a / b : 0)}')" "${with# }" "${without# }"
done

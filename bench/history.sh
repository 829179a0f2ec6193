#!/usr/bin/env bash
# A year of history (issue 15, item 4): claim throughput and the inspector's pages with an
# empty history and again after N claim attempts and N order changes (default 10 million
# each) spread over the last twelve months, in the monthly partitions of sql/017. Durable
# settings (fsync, synchronous_commit, full_page_writes on). Not a test; prints a markdown
# table (and writes it to --out, default docs/benchmarks-history.md).
#
#   bench/history.sh [--attempts N] [--pairs P] [--build-dir DIR] [--out FILE]
#
# A: `dispatch-bench claims` (OrderRepository::claim, 8 threads) over 100,000 ready orders,
#    the orders reset between runs and the history kept (`reset --keep-history 1`).
# B: `dispatch-bench pages`: InspectorSession::loadOrder and loadDriver, what support staff
#    open to answer "who has order 123 and why did I get 409?", for an order and a driver
#    with their share of the history.
# C: `dispatch-bench search`: the inspector's first page of results (by id, by driver).
# About 10 minutes with 10 million on two cores, most of it loading.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
attempts=10000000
pairs=3
build=$here/build-bench
out=$here/docs/benchmarks-history.md
while [ $# -gt 0 ]; do
    case $1 in
    --attempts) attempts=${2:?}; shift ;;
    --pairs) pairs=${2:?}; shift ;;
    --build-dir) build=${2:?}; shift ;;
    --out) out=${2:?}; shift ;;
    *) echo "usage: $0 [--attempts N] [--pairs P] [--build-dir DIR] [--out FILE]" >&2; exit 2 ;;
    esac
    shift
done
case $attempts in '' | *[!0-9]*) echo "--attempts must be a number" >&2; exit 2 ;; esac

ORDERS=200000 READY=100000 DRIVERS=100 CLIENTS=8 CLAIM_SECONDS=5 REPEATS=5
work=$(mktemp -d /tmp/dispatch-history-XXXXXX)
chmod 755 "$work" # as root the server runs as the postgres account
cluster_pid=
cleanup() {
    [ -z "$cluster_pid" ] || { kill -TERM "$cluster_pid" 2> /dev/null || true; wait "$cluster_pid" 2> /dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT
unset PGHOST PGHOSTADDR PGDATABASE PGSERVICE PGPORT PGUSER PGPASSWORD
log() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }

if [ ! -x "$build/bench/dispatch-bench" ]; then
    [ -f "$build/CMakeCache.txt" ] || cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
    nice -n 10 cmake --build "$build" -j2 --target dispatch-bench > "$work/build.log" || { tail -30 "$work/build.log" >&2; exit 1; }
fi
bench=$build/bench/dispatch-bench
SECONDS=0

. "$here/bench/cluster.sh"
start_cluster 7200
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# The fixture's cluster runs with fsync off; the server's durable defaults back on.
psql -d "$(conn postgres)" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" > /dev/null
for _ in $(seq 1 100); do
    [ "$(psql -At -d "$(conn postgres)" -c "SELECT string_agg(setting, ',') FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")" = on,on,on ] && break
    sleep 0.05
done
log "cluster up (durable): $socket"

"$bench" load --conn "$(conn postgres)" --db history --orders "$ORDERS" --ready "$READY" --drivers "$DRIVERS" > /dev/null
C=$(conn history)
# A partition for each of the last twelve months and the next three, as a site that ran
# `dispatch-console maintain` monthly would have them.
psql -d "$C" -c "SELECT count(*) FROM ensure_history_partitions(3)" \
    -c "SELECT count(history_create_month(t.name, t.key, now() - make_interval(months => m)))
          FROM (VALUES ('claim_attempts', 'attempted_at'), ('order_history', 'changed_at')) AS t(name, key),
               generate_series(1, 12) AS m" > /dev/null

order=$((READY * 7 / 9))  # a ready order: its page shows its whole history
driver=37
measure() { # LABEL → one line "label claims pages… search…" per pair on stdout
    local p r k o d s1 s2
    for p in $(seq 1 "$pairs"); do
        "$bench" reset --conn "$C" --ready "$READY" --drivers "$DRIVERS" --keep-history 1 > /dev/null
        r=$("$bench" claims --conn "$C" --clients "$CLIENTS" --seconds "$CLAIM_SECONDS" --ready "$READY" --drivers "$DRIVERS")
        k=$(field rate "$r")
        r=$("$bench" pages --conn "$C" --order "$order" --driver "$driver" --repeats "$REPEATS")
        o=$(field order_median_ms "$r") d=$(field driver_median_ms "$r")
        s1=$(field median_ms "$("$bench" search --conn "$C" --text "$order" --field id --repeats "$REPEATS" 2> /dev/null)")
        s2=$(field median_ms "$("$bench" search --conn "$C" --text "Bench Driver $driver" --field driver --repeats "$REPEATS" 2> /dev/null)")
        log "$1 pair $p: $k claims/s; order page $o ms, driver page $d ms ($r); search id $s1 ms, driver $s2 ms"
        echo "$k $o $d $s1 $s2"
    done
}
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g %g %g\n", m, v[1], v[NR] }'; }
column() { awk -v c="$1" '{ print $c }' <<< "$2"; }
cell() { local s=($(stats $1)); awk -v m="${s[0]}" -v a="${s[1]}" -v b="${s[2]}" -v d="$2" 'BEGIN { printf "%.*f (%.*f–%.*f)", d, m, d, a, d, b }'; }
median() { local s=($(stats $1)); echo "${s[0]}"; }

# Row g of the year: attempt and change of order 1 + g % ORDERS by driver 1 + g % DRIVERS at
# a time spread evenly over the year, oldest first; one in four won, the rest lost. txid 1:
# older than any snapshot the change feed keeps, so the feed never sends them.
insert_rows() { # FROM TO CONDITION
    psql -d "$C" -c "INSERT INTO claim_attempts (order_id, driver_id, source, actor, attempted_at, latency_us,
                                                outcome, holder_id, attempt_id)
                     SELECT 1 + g % $ORDERS, 1 + g % $DRIVERS, 'http', 'bench:history',
                            now() - interval '365 days' * (1 - g::float8 / $attempts), 120,
                            CASE WHEN g % 4 = 0 THEN 'ASSIGNED' ELSE 'ORDER_ALREADY_ASSIGNED' END,
                            CASE WHEN g % 4 = 0 THEN NULL ELSE 1 + (g + 1) % $DRIVERS END,
                            gen_random_uuid()
                       FROM generate_series($1, $2) g WHERE $3" \
        -c "INSERT INTO order_history (order_id, changed_at, operation, old_status, new_status,
                                       old_driver_id, new_driver_id, is_active, source, actor, txid)
            SELECT 1 + g % $ORDERS, now() - interval '365 days' * (1 - g::float8 / $attempts), 'UPDATE',
                   'ready', 'driver_assigned', NULL, 1 + g % $DRIVERS, true, 'http', 'bench:history', 1
              FROM generate_series($1, $2) g WHERE $3" > /dev/null
}
# What the two pages show is the same in both columns: the order's own rows (its 1/ORDERS
# share of the year) and the driver's newest 2,000, inserted before the empty runs; the
# full load adds everything else.
own="(g % $ORDERS = $((order - 1)) OR (g % $DRIVERS = $((driver - 1)) AND g >= $((attempts - 2000 * DRIVERS))))"

"$bench" reset --conn "$C" --ready "$READY" --drivers "$DRIVERS" > /dev/null # history emptied
insert_rows 0 $((attempts - 1)) "$own"
psql -d "$C" -c "VACUUM (ANALYZE) claim_attempts, claim_attempt_ids, order_history" > /dev/null
empty=$(measure empty)

log "loading $attempts claim attempts and $attempts order changes over twelve months"
chunk=1000000
for ((from = 0; from < attempts; from += chunk)); do
    to=$((from + chunk < attempts ? from + chunk : attempts))
    insert_rows "$from" $((to - 1)) "NOT $own"
    log "  $to"
done
psql -d "$C" -c "VACUUM (ANALYZE) claim_attempts, claim_attempt_ids, order_history" -c "CHECKPOINT" > /dev/null
sizes=$(psql -At -d "$C" -c "SELECT (SELECT count(*) FROM claim_attempts) || ' attempts, '
                                 || (SELECT count(*) FROM order_history) || ' changes, '
                                 || pg_size_pretty(pg_database_size(current_database()))")
log "loaded: $sizes"
full=$(measure full)

# One line per pair and measure: A B pairs would need the load undone; the load is the point.
names=("claims/s (8 clients)" "order page, ms" "driver page, ms" "search by id, first page, ms" "search by driver, first page, ms")
decimals=(0 2 2 2 2)
goal=("≥ 0.90" "≤ 1.10" "≤ 1.10" "≤ 1.10" "≤ 1.10")
{
    echo "# A year of history: the claim and the inspector at $attempts attempts"
    echo
    echo "Generated by \`bench/history.sh --attempts $attempts\` on $(date -u +%Y-%m-%d), $(nproc) cores shared, durable settings;"
    echo "$ORDERS orders ($READY ready), $DRIVERS drivers; $pairs runs per column. Empty: the history holds only what the"
    echo "runs themselves add. Full: $sizes, spread over the last twelve months in the monthly"
    echo "partitions of sql/017. Order $order and driver $driver hold the same rows of their own in both columns (the order its"
    echo "1/$ORDERS share of the year, the driver its newest 2,000): the pages show the same things, over tables of different size."
    echo
    echo "| measure | empty history | $attempts attempts | full / empty | goal (within 10 %) |"
    echo "| --- | ---: | ---: | ---: | --- |"
    for i in 0 1 2 3 4; do
        e=$(column $((i + 1)) "$empty") f=$(column $((i + 1)) "$full")
        r=$(awk -v a="$(median "$f")" -v b="$(median "$e")" 'BEGIN { printf "%.2f", a / b }')
        if [ "$i" = 0 ]; then ok=$(awk -v r="$r" 'BEGIN { print (r >= 0.9) ? "yes" : "**no**" }')
        else ok=$(awk -v r="$r" 'BEGIN { print (r <= 1.1) ? "yes" : "**no**" }'); fi
        echo "| ${names[$i]} | $(cell "$e" "${decimals[$i]}") | $(cell "$f" "${decimals[$i]}") | $r | ${goal[$i]}: $ok |"
    done
    echo
} | tee "$out"
log "written to $out"

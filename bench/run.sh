#!/usr/bin/env bash
# Benchmarks (issue 7): the console's own code side by side with what a PostgreSQL engineer
# would reach for instead (pgbench, psql, libpq), on the same throwaway database in the same
# run, as A B A B … pairs, reported as medians, min–max and ratios. Not tests: nothing here
# fails on a slow figure. The server runs with PostgreSQL's durable defaults (fsync,
# synchronous_commit, full_page_writes on) except in table 1b, which says so (issue 14).
#
#   bench/run.sh            full run (well under 20 minutes on 2 shared cores) → docs/benchmarks.md
#   bench/run.sh --quick    most tables, small sizes, 8 clients, 3 pairs (about 3 minutes)
#   bench/run.sh --smoke    tiny sizes, 1 pair, written to a temporary file: proves it runs
#   options: --build-dir DIR (default build-bench), --out FILE
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
mode=full
build=$here/build-bench
out=
while [ $# -gt 0 ]; do
    case $1 in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --build-dir) build=${2:?--build-dir needs a directory}; shift ;;
    --out) out=${2:?--out needs a file}; shift ;;
    *) echo "usage: $0 [--quick|--smoke] [--build-dir DIR] [--out FILE]" >&2; exit 2 ;;
    esac
    shift
done

case $mode in
full)
    PAIRS=5 CLAIM_SECONDS=3 CLIENTS="1 8 32" HTTP_CLIENTS="1 8 32" READY=100000 DRIVERS=100
    RACE_ORDERS=200 RACERS=8 HTTP_SECONDS=3
    BOARD_ORDERS=1000000 BOARD_READY=10000 LAT_SAMPLES=60 LAT_GAP_MS=100
    REFRESH_READY="1000 10000 100000" REPEATS=5 COLD=yes RSS_SECONDS=5 RSS_RUNS=5
    GROWTH="1000 10000 100000"
    STEP_PAIRS=3 STEP_CLIENTS="1 8" CONSOLES=50 CONSOLE_RATE=100 CONSOLE_SECONDS=20 CONSOLE_READY=5000 CONSOLE_RUNS=2 ;;
quick)
    PAIRS=3 CLAIM_SECONDS=1 CLIENTS="8" HTTP_CLIENTS="8" READY=20000 DRIVERS=100
    RACE_ORDERS=20 RACERS=8 HTTP_SECONDS=1
    BOARD_ORDERS=50000 BOARD_READY=10000 LAT_SAMPLES=10 LAT_GAP_MS=100
    REFRESH_READY="10000" REPEATS=3 COLD=no RSS_SECONDS=1 RSS_RUNS=1
    GROWTH=""
    STEP_PAIRS=2 STEP_CLIENTS="8" CONSOLES=20 CONSOLE_RATE=50 CONSOLE_SECONDS=5 CONSOLE_READY=5000 CONSOLE_RUNS=1 ;;
smoke)
    PAIRS=1 CLAIM_SECONDS=1 CLIENTS="2" HTTP_CLIENTS="2" READY=2000 DRIVERS=20
    RACE_ORDERS=10 RACERS=4 HTTP_SECONDS=1
    BOARD_ORDERS=5000 BOARD_READY=1000 LAT_SAMPLES=5 LAT_GAP_MS=30
    REFRESH_READY="1000" REPEATS=2 COLD=no RSS_SECONDS=1 RSS_RUNS=1
    GROWTH=""
    STEP_PAIRS=1 STEP_CLIENTS="2" CONSOLES=3 CONSOLE_RATE=20 CONSOLE_SECONDS=2 CONSOLE_READY=500 CONSOLE_RUNS=1 ;;
esac

work=$(mktemp -d /tmp/dispatch-bench-XXXXXX)
chmod 755 "$work" # as root the server runs as the postgres account
[ -n "$out" ] || { [ "$mode" = smoke ] && out=$work/benchmarks.md || out=$here/docs/benchmarks.md; }
cluster_pid=
serve_pid=
cleanup() {
    [ -z "$serve_pid" ] || { kill -TERM "$serve_pid" 2> /dev/null || true; wait "$serve_pid" 2> /dev/null || true; }
    [ -z "$cluster_pid" ] || { kill -TERM "$cluster_pid" 2> /dev/null || true; wait "$cluster_pid" 2> /dev/null || true; }
    # A run that stopped early keeps the tables it finished.
    [ -n "${finished:-}" ] || [ ! -s "$work/benchmarks.md" ] || cp "$work/benchmarks.md" "$out.partial" 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
unset PGHOST PGHOSTADDR PGDATABASE PGSERVICE PGPORT PGUSER PGPASSWORD
export QT_QPA_PLATFORM=offscreen

log() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }

# --- build ------------------------------------------------------------------------------
if [ ! -x "$build/bench/dispatch-bench" ] || [ ! -x "$build/bench/pq-notify-roundtrip" ] \
    || [ ! -x "$build/app/dispatch-console" ] || [ "$mode" != smoke ]; then
    [ -f "$build/CMakeCache.txt" ] || cmake -S "$here" -B "$build" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
    log "building in $build"
    nice -n 10 cmake --build "$build" -j2 --target dispatch-bench pq-notify-roundtrip dispatch-console > "$work/build.log" \
        || { tail -30 "$work/build.log" >&2; exit 1; }
fi
bench=$build/bench/dispatch-bench
pqrt=$build/bench/pq-notify-roundtrip
console=$build/app/dispatch-console
SECONDS=0

# --- the throwaway cluster (LocalPostgres, exactly as the test fixture starts it) -------
. "$here/bench/cluster.sh"
start_cluster 3600
pgbench=$bindir/pgbench
psql=$bindir/psql
log "cluster up: $socket"

# --- server profile ---------------------------------------------------------------------
# LocalPostgres starts a throwaway cluster with fsync, synchronous_commit and full_page_writes
# off (postgresql.conf); ALTER SYSTEM (postgresql.auto.conf) overrides that, and all three
# take effect on reload. durable = the server's defaults, what every site runs.
profile=
set_profile() { # durable | fsync-off
    local v=on
    [ "$1" = durable ] || v=off
    "$psql" -X -q -v ON_ERROR_STOP=1 -d "$(conn postgres)" -c "ALTER SYSTEM SET fsync = $v" \
        -c "ALTER SYSTEM SET synchronous_commit = $v" -c "ALTER SYSTEM SET full_page_writes = $v" \
        -c "SELECT pg_reload_conf()" > /dev/null
    local got=
    for _ in $(seq 1 100); do
        got=$("$psql" -X -At -d "$(conn postgres)" -c "SELECT string_agg(setting, ',' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
        [ "$got" = "$v,$v,$v" ] && break
        sleep 0.05
    done
    [ "$got" = "$v,$v,$v" ] || { echo "the server did not take the $1 profile (got $got)" >&2; exit 1; }
    profile=$1
    log "server profile: $1 (fsync, full_page_writes, synchronous_commit = $got)"
}
set_profile durable

# --- small helpers ----------------------------------------------------------------------
# stats v… → "median min max"
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g %g %g\n", m, v[1], v[NR] }'; }
fmt() { awk -v x="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, x }'; }
cell() { # "median min max" [decimals] → "median (min–max)"
    local s=($1)
    echo "$(fmt "${s[0]}" "${2:-1}") ($(fmt "${s[1]}" "${2:-1}")–$(fmt "${s[2]}" "${2:-1}"))"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f", a / b }'; }
# pair_ratio "a1 a2 …" "b1 b2 …" → "median min max" of the per-pair ratios a_i / b_i. On a noisy
# shared machine the ratio within a pair (two runs seconds apart) is steadier than either side.
pair_ratio() {
    local a=($1) b=($2) r=() i
    for i in "${!a[@]}"; do r+=("$(ratio "${a[$i]}" "${b[$i]}")"); done
    stats "${r[@]}"
}
# The machine's load when a table starts: five helpers share these 2 cores.
load_note() { echo "Load average (1/5/15 min) when this table started: $(cut -d' ' -f1-3 /proc/loadavg); server profile: **$profile**."; }
meets() { awk -v r="$1" -v op="$2" -v g="$3" 'BEGIN {
    ok = (op == ">=") ? (r + 0 >= g) : (r + 0 <= g); print ok ? "yes" : "**no**" }'; }
pgbench_tps() { sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' <<< "$1"; }
psql_times() { sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<< "$1"; } # one per statement
# psql_median CONN SQL REPEATS: the median \timing of REPEATS runs in one session
psql_median() {
    local args=(-X -q -v ON_ERROR_STOP=1 -d "$1" -o /dev/null -c '\timing on')
    for _ in $(seq 1 "$3"); do args+=(-c "$2"); done
    local times
    times=$("$psql" "${args[@]}")
    stats $(psql_times "$times") | cut -d' ' -f1
}

md=$work/benchmarks.md
emit() { printf '%s\n' "$@" >> "$md"; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
pgversion=$("$psql" -X -At -d "$(conn postgres)" -c 'SHOW server_version')
qtversion=$(dpkg-query -W -f='${Version}' libqt6core6 2> /dev/null || qmake6 -query QT_VERSION 2> /dev/null || echo unknown)
emit "# Benchmarks" ""
[ "$mode" = full ] || emit "> **${mode} run** — small sizes, fewer pairs: a check that the harness works, not the reference figures." ""
emit "Written by \`bench/run.sh${mode/full/}\`${mode:+ }on $(date -u '+%Y-%m-%d %H:%M UTC') from commit \`$(git -C "$here" rev-parse --short HEAD 2> /dev/null || echo unknown)\`." \
    "Benchmarks are not tests: nothing fails on a slow figure. Each pair runs the console's side (A) and the" \
    "baseline (B) back to back on the same database, reset to the same state before every run; a row gives the" \
    "median and (min–max) of each side over the pairs, and the **ratio A/B as the median (min–max) of the per-pair" \
    "ratios** — the machine is shared, and two runs seconds apart see the same load far more often than two medians do." "" \
    "| machine | |" "| --- | --- |" \
    "| CPU | $cpu, $(nproc) cores (shared with other work: expect noise) |" \
    "| PostgreSQL | $pgversion, throwaway cluster started by \`LocalPostgres\` as the test fixture does: Unix socket, shared_buffers default; **durable**: fsync, synchronous_commit, full_page_writes on (the server's defaults; set with ALTER SYSTEM over the fixture's fsync-off file) in every table except 1b |" \
    "| Qt | $qtversion |" \
    "| build | $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt"), $(c++ --version | head -1) |" \
    "| pairs | $PAIRS per row |" ""

# --- 1. claim attempts/s -------------------------------------------------------------------
log "loading $READY ready orders"
"$bench" load --conn "$(conn postgres)" --db claims --orders "$READY" --ready "$READY" --drivers "$DRIVERS" > /dev/null
C=$(conn claims)
reset_claims() { "$bench" reset --conn "$C" --ready "$READY" --drivers "$DRIVERS"; }
cp "$here/bench/claim.sql" "$work/claim.sql"
cp -r "$here/bench/steps" "$work/steps"
# The seed's bare UPDATE and the recording steps run with the user triggers of orders and
# drivers off (history, NOTIFY, counters; foreign-key checks stay): each step does its part
# in its own SQL. Always back on before anything else runs.
user_triggers() { # on | off
    local verb=ENABLE
    [ "$1" = on ] || verb=DISABLE
    "$psql" -X -q -v ON_ERROR_STOP=1 -d "$C" -c "ALTER TABLE orders $verb TRIGGER USER" -c "ALTER TABLE drivers $verb TRIGGER USER"
}
# pgbench_step SCRIPT CLIENTS → tps; with the triggers off unless SCRIPT is the full claim
pgbench_run() { # SCRIPT CLIENTS [off]
    local r
    [ "${3:-}" != off ] || user_triggers off
    r=$("$pgbench" -n -M prepared -c "$2" -j "$2" -T "$CLAIM_SECONDS" -D ready="$READY" -D drivers="$DRIVERS" -f "$1" "$C" 2>&1) \
        || { [ "${3:-}" != off ] || user_triggers on; echo "pgbench $1: $r" >&2; exit 1; }
    [ "${3:-}" != off ] || user_triggers on
    pgbench_tps "$r"
}
# claims_table TITLE: console claim, pgbench claim_order and the seed's bare UPDATE, per pair
claims_table() {
    emit "## $1" "" "$(load_note)" "" \
        "A: \`OrderRepository::claim\` on N threads, each its own \`DatabaseConnection\`: \`dispatch-bench claims --clients N --seconds $CLAIM_SECONDS --ready $READY --drivers $DRIVERS\`." \
        "B: \`pgbench -n -M prepared -c N -j N -T $CLAIM_SECONDS -D ready=$READY -D drivers=$DRIVERS -f bench/claim.sql\` — the same function, \`claim_order\`." \
        "Anchor C: the seed's bare atomic UPDATE under the same pgbench (\`bench/steps/1_bare_update.sql\`, user triggers off: no history, no NOTIFY, no counter)." \
        "Every run starts from $READY ready orders (history and attempts truncated, drivers' load 0 and no capacity limit, VACUUM ANALYZE, CHECKPOINT); A, B, C back to back per pair." "" \
        "| clients | A console claims/s | B pgbench claim_order tps | A/B | goal ≥ 0.95 | C bare UPDATE tps | B/C (full claim / bare UPDATE) | goal ≥ 0.6 |" \
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |"
    local n p r a b c sa sb sc sr q sr2 q2
    for n in $CLIENTS; do
        a=() b=() c=()
        for p in $(seq 1 "$PAIRS"); do
            reset_claims
            r=$("$bench" claims --conn "$C" --clients "$n" --seconds "$CLAIM_SECONDS" --ready "$READY" --drivers "$DRIVERS")
            a+=("$(field rate "$r")")
            reset_claims
            b+=("$(pgbench_run "$work/claim.sql" "$n")")
            reset_claims
            c+=("$(pgbench_run "$work/steps/1_bare_update.sql" "$n" off)")
            log "claims ($profile) c=$n pair $p: console ${a[-1]}/s ($r), pgbench ${b[-1]}/s, bare UPDATE ${c[-1]}/s"
        done
        sa=$(stats "${a[@]}") sb=$(stats "${b[@]}") sc=$(stats "${c[@]}")
        sr=$(pair_ratio "${a[*]}" "${b[*]}") q=${sr%% *}
        sr2=$(pair_ratio "${b[*]}" "${c[*]}") q2=${sr2%% *}
        emit "| $n | $(cell "$sa" 0) | $(cell "$sb" 0) | $(cell "$sr" 2) | $(meets "$q" ">=" 0.95) | $(cell "$sc" 0) | $(cell "$sr2" 2) | $(meets "$q2" ">=" 0.6) |"
    done
    emit ""
}
claims_table "1. Claim attempts/s over $READY ready orders, random ids (durable)"
set_profile fsync-off
claims_table "1b. The same with fsync, synchronous_commit and full_page_writes OFF (no site runs like this; for comparison with the old tables only)"
set_profile durable

# --- 1c. the cost of recording: one step at a time -----------------------------------------
emit "## 1c. The cost of recording, one step at a time (durable)" "" "$(load_note)" "" \
    "pgbench \`-n -M prepared -c N -j N -T $CLAIM_SECONDS\` of \`bench/steps/*.sql\` over $READY ready orders, random ids and drivers." \
    "Steps 1–7 are one statement each (one round trip) run with the user triggers of orders and drivers off, each adding one part of" \
    "the claim's work in SQL; step 8 is the product's \`claim_order\` with its real triggers. All steps run round-robin in each of" \
    "$STEP_PAIRS rounds, each from the same reset state. µs/claim = 10⁶ / tps (throughput cost, not latency); Δ = against the step above." ""
declare -A steptps
steps=("$work"/steps/*.sql)
for n in $STEP_CLIENTS; do
    for p in $(seq 1 "$STEP_PAIRS"); do
        for f in "${steps[@]}"; do
            reset_claims
            k=$(basename "$f" .sql)
            if [ "$k" = 8_claim_order ]; then t=$(pgbench_run "$f" "$n"); else t=$(pgbench_run "$f" "$n" off); fi
            steptps[$n.$k]+=" $t"
        done
        log "steps c=$n round $p done"
    done
done
emit "| step | adds | $(for n in $STEP_CLIENTS; do printf 'c=%s tps | µs/claim | Δ µs | ' "$n"; done)" \
    "| --- | --- | $(for n in $STEP_CLIENTS; do printf -- '---: | ---: | ---: | '; done)"
declare -A prevus
for f in "${steps[@]}"; do
    k=$(basename "$f" .sql)
    what=$(sed -n '1s/^-- Step [0-9]*[:,]* *//p' "$f")
    row="| ${k%%_*} | $what |"
    for n in $STEP_CLIENTS; do
        st=$(stats ${steptps[$n.$k]})
        us=$(awk -v t="${st%% *}" 'BEGIN { printf "%.0f", 1e6 / t }')
        d=$([ -n "${prevus[$n]:-}" ] && awk -v a="$us" -v b="${prevus[$n]}" 'BEGIN { printf "%+d", a - b }' || echo "—")
        prevus[$n]=$us
        row="$row $(cell "$st" 0) | $us | $d |"
    done
    emit "$row"
done
emit ""

# --- 1d. 016 against 015 ----------------------------------------------------------------------
# The same data in a copy put back to 015's recording (bench/revert_016.sql), A B pairs.
"$psql" -X -q -v ON_ERROR_STOP=1 -d "$(conn postgres)" -c "DROP DATABASE IF EXISTS claims15" -c "CREATE DATABASE claims15 TEMPLATE claims" \
    -c "ALTER DATABASE claims15 SET search_path = dispatch" # a template does not pass on its settings (sql/018)
"$psql" -X -q -v ON_ERROR_STOP=1 -d "$(conn claims15)" -1 -f "$here/bench/revert_016.sql" > /dev/null
C15=$(conn claims15)
wal_lsn() { "$psql" -X -At -d "$(conn postgres)" -c "SELECT pg_current_wal_insert_lsn()"; }
emit "## 1d. sql/016 (leaner recording) against 015, durable" "" "$(load_note)" "" \
    "pgbench \`-n -M prepared -c N -j N -T $CLAIM_SECONDS\` of \`bench/claim.sql\` (\`claim_order\`) on the claims database (all migrations, 016 included)" \
    "and on a copy of it put back to 015's recording by \`bench/revert_016.sql\` (orders_driver_id_idx back, two BEFORE triggers, drivers_changed on" \
    "every driver update, drivers fillfactor 100); both reset the same way, back to back per pair. WAL/claim: \`pg_current_wal_insert_lsn()\`" \
    "before and after the run over the transactions pgbench made (full-page images after each reset's CHECKPOINT included)." "" \
    "| clients | 016 tps | 015 tps | 016/015 | 016 WAL bytes/claim | 015 WAL bytes/claim |" "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $CLIENTS; do
    a=() b=() wa=() wb=()
    for p in $(seq 1 "$PAIRS"); do
        for side in 16 15; do
            D=$C; [ $side = 16 ] || D=$C15
            "$bench" reset --conn "$D" --ready "$READY" --drivers "$DRIVERS"
            l0=$(wal_lsn)
            r=$("$pgbench" -n -M prepared -c "$n" -j "$n" -T "$CLAIM_SECONDS" -D ready="$READY" -D drivers="$DRIVERS" -f "$work/claim.sql" "$D" 2>&1)
            l1=$(wal_lsn)
            t=$(pgbench_tps "$r") x=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<< "$r")
            w=$("$psql" -X -At -d "$(conn postgres)" -c "SELECT round(pg_wal_lsn_diff('$l1', '$l0') / greatest($x, 1))")
            if [ $side = 16 ]; then a+=("$t") wa+=("$w"); else b+=("$t") wb+=("$w"); fi
        done
        log "016 vs 015 c=$n pair $p: ${a[-1]} vs ${b[-1]} tps, WAL ${wa[-1]} vs ${wb[-1]} B/claim"
    done
    sr=$(pair_ratio "${a[*]}" "${b[*]}")
    emit "| $n | $(cell "$(stats "${a[@]}")" 0) | $(cell "$(stats "${b[@]}")" 0) | $(cell "$sr" 2) | $(cell "$(stats "${wa[@]}")" 0) | $(cell "$(stats "${wb[@]}")" 0) |"
done
emit ""
"$psql" -X -q -d "$(conn postgres)" -c "DROP DATABASE claims15"

# --- 1e. the per-statement timeouts ------------------------------------------------------------
# StatementCache sends each hot statement after the connection's timeouts, in one pipeline
# (transaction-local, for poolers). Until 1d47e55 they went through a join with pg_settings.
cp -r "$here/bench/timeouts" "$work/timeouts"
emit "## 1e. The per-statement timeouts, durable" "" "$(load_note)" "" \
    "pgbench \`-n -M extended -c N -j N -T $CLAIM_SECONDS\` (unnamed statements, as StatementCache sends them) of \`bench/timeouts/*.sql\`:" \
    "each a pipeline of the connection's lock and statement timeouts and \`claim_order\` — through pg_settings (as before 1d47e55)," \
    "as plain \`set_config(…, true)\` (now), or the claim alone. Back to back per pair, each from the same reset." "" \
    "| clients | through pg_settings tps | set_config tps | claim alone tps | pg_settings / alone | set_config / alone |" \
    "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $CLIENTS; do
    a=() b=() c=()
    for p in $(seq 1 "$PAIRS"); do
        for f in 1_pg_settings 2_set_config 3_none; do
            reset_claims
            t=$("$pgbench" -n -M extended -c "$n" -j "$n" -T "$CLAIM_SECONDS" -D ready="$READY" -D drivers="$DRIVERS" -f "$work/timeouts/$f.sql" "$C" 2>&1) \
                || { echo "pgbench $f: $t" >&2; exit 1; }
            t=$(pgbench_tps "$t")
            case $f in 1_*) a+=("$t") ;; 2_*) b+=("$t") ;; *) c+=("$t") ;; esac
        done
        log "timeouts c=$n pair $p: pg_settings ${a[-1]}, set_config ${b[-1]}, alone ${c[-1]} tps"
    done
    emit "| $n | $(cell "$(stats "${a[@]}")" 0) | $(cell "$(stats "${b[@]}")" 0) | $(cell "$(stats "${c[@]}")" 0) | $(cell "$(pair_ratio "${a[*]}" "${c[*]}")" 2) | $(cell "$(pair_ratio "${b[*]}" "${c[*]}")" 2) |"
done
emit ""

# --- 2. atomic vs read-then-write ----------------------------------------------------------
n=8
emit "## 2. The seed's claim: atomic vs read-then-write" "" "$(load_note)" "" \
    "A: the atomic claim (\`OrderRepository::claim\` → \`claim_order\`: one UPDATE … WHERE status='ready' AND driver_id IS NULL …, plus a \`claim_attempts\` row and, on a miss, one classifying SELECT)." \
    "B: the seed's vulnerable SELECT then UPDATE, **bench code only** (\`bench/naiveclaim.cpp\`, never linked into the product): two autocommit statements and no attempt row — it does less work per claim." "" \
    "Throughput: $n threads, random ids over $READY ready orders, $CLAIM_SECONDS s, \`dispatch-bench claims --method atomic|naive\`." "" \
    "| clients | atomic claims/s | read-then-write claims/s | ratio | goal ≥ 1.0× |" "| ---: | ---: | ---: | ---: | --- |"
a=() b=()
for p in $(seq 1 "$PAIRS"); do
    reset_claims
    a+=("$(field rate "$("$bench" claims --conn "$C" --clients $n --seconds "$CLAIM_SECONDS" --ready "$READY" --drivers "$DRIVERS" --method atomic)")")
    reset_claims
    b+=("$(field rate "$("$bench" claims --conn "$C" --clients $n --seconds "$CLAIM_SECONDS" --ready "$READY" --drivers "$DRIVERS" --method naive)")")
    log "atomic vs naive pair $p: ${a[-1]} vs ${b[-1]}"
done
sa=$(stats "${a[@]}") sb=$(stats "${b[@]}")
sr=$(pair_ratio "${a[*]}" "${b[*]}") q=${sr%% *}
emit "| $n | $(cell "$sa" 0) | $(cell "$sb" 0) | $(cell "$sr" 2) | $(meets "$q" ">=" 1.0) |" ""
emit "Races: $RACERS racers released together (a barrier per order) on each of orders 1…$RACE_ORDERS;" \
    "a race is an order assigned more than once (\`order_history\`), a lost update an assignment that overwrote another driver's." \
    "\`dispatch-bench race --racers $RACERS --orders $RACE_ORDERS --method atomic|naive\`." "" \
    "| method | races (median, min–max) | lost updates | wins reported / orders | goal |" "| --- | ---: | ---: | ---: | --- |"
ra=() la=() wa=() rb=() lb=() wb=()
for p in $(seq 1 "$PAIRS"); do
    reset_claims
    r=$("$bench" race --conn "$C" --racers "$RACERS" --orders "$RACE_ORDERS" --method atomic)
    ra+=("$(field races "$r")") la+=("$(field lost_updates "$r")") wa+=("$(field wins_reported "$r")")
    reset_claims
    r=$("$bench" race --conn "$C" --racers "$RACERS" --orders "$RACE_ORDERS" --method naive)
    rb+=("$(field races "$r")") lb+=("$(field lost_updates "$r")") wb+=("$(field wins_reported "$r")")
    log "race pair $p: atomic ${ra[-1]} races, naive ${rb[-1]} races"
done
s1=$(stats "${ra[@]}") s2=$(stats "${rb[@]}")
emit "| atomic | $(cell "$s1" 0) | $(cell "$(stats "${la[@]}")" 0) | $(cell "$(stats "${wa[@]}")" 0) / $RACE_ORDERS | $([ "${s1##* }" = 0 ] && echo "yes (0 in every run)" || echo "**no**") |" \
    "| read-then-write | $(cell "$s2" 0) | $(cell "$(stats "${lb[@]}")" 0) | $(cell "$(stats "${wb[@]}")" 0) / $RACE_ORDERS | $(awk -v m="${s2%% *}" 'BEGIN { print (m > 0) ? "yes (> 0)" : "**no** (none seen)" }') |" ""

# --- 3. HTTP claims/s -----------------------------------------------------------------------
httpcodes=
token=$("$console" token --driver 1 --database "$C" 2> /dev/null)
emit "## 3. HTTP claims/s" "" "$(load_note)" "" \
    "A: \`dispatch-console serve --database … --listen 127.0.0.1:0 --workers N --max-queue 1000 --rate-limit 0\` (request log on stderr to a file, as in production;" \
    "the per-driver rate limit off: one token drives every request here, and at its default of 10 claims a second it would answer 429)," \ \
    "driven by \`dispatch-bench http --clients N --seconds $HTTP_SECONDS --ready $READY\`: N keep-alive connections, each" \
    "\`POST /api/driver/orders/{random id}/assign\` with one driver's bearer token, next request as soon as the answer is in" \
    "(\`ab\` cannot vary the URL per request; counted: every answer, 200 and 409 alike)." \
    "Per request the server authenticates the token (one indexed SELECT) and claims (\`OrderRepository::claim\`): two round trips." \
    "B: \`pgbench -M prepared -c N -j N -T $HTTP_SECONDS\` with \`bench/claim.sql\`, as in table 1." "" \
    "| connections | HTTP claims/s | pgbench tps | ratio | goal ≥ 0.5× |" "| ---: | ---: | ---: | ---: | --- |"
for n in $HTTP_CLIENTS; do
    "$console" serve --database "$C" --listen 127.0.0.1:0 --workers "$n" --max-queue 1000 --rate-limit 0 > "$work/serve.out" 2> "$work/serve.err" &
    serve_pid=$!
    for _ in $(seq 1 1200); do # 32 workers on a loaded box: up to two minutes
        grep -q '^listening on ' "$work/serve.out" 2> /dev/null && break
        kill -0 "$serve_pid" 2> /dev/null || { cat "$work/serve.err" >&2; exit 1; }
        sleep 0.1
    done
    port=$(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out")
    [ -n "$port" ] || { echo "serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
    a=() b=() codes=
    for p in $(seq 1 "$PAIRS"); do
        reset_claims
        r=$("$bench" http --port "$port" --token "$token" --clients "$n" --seconds "$HTTP_SECONDS" --ready "$READY")
        a+=("$(field rate "$r")") codes="$r"
        reset_claims
        b+=("$(pgbench_tps "$("$pgbench" -n -M prepared -c "$n" -j "$n" -T "$HTTP_SECONDS" -D ready="$READY" -D drivers="$DRIVERS" -f "$work/claim.sql" "$C" 2>&1)")")
        log "http c=$n pair $p: serve ${a[-1]}/s, pgbench ${b[-1]}/s ($r)"
    done
    kill -TERM "$serve_pid"; wait "$serve_pid" || true; serve_pid=
    sa=$(stats "${a[@]}") sb=$(stats "${b[@]}")
    sr=$(pair_ratio "${a[*]}" "${b[*]}") q=${sr%% *}
    emit "| $n | $(cell "$sa" 0) | $(cell "$sb" 0) | $(cell "$sr" 2) | $(meets "$q" ">=" 0.5) |"
    httpcodes="$httpcodes c=$n: $(sed 's/^rate=[^ ]* //' <<< "$codes");"
done
emit "" "Answers in the last run per row (s200 = won, s409 = already assigned/yours):${httpcodes:-}" ""

# --- 4. live-board latency ------------------------------------------------------------------
log "loading $BOARD_ORDERS orders, $BOARD_READY ready"
"$bench" load --conn "$(conn postgres)" --db board --orders "$BOARD_ORDERS" --ready "$BOARD_READY" --drivers "$DRIVERS" > "$work/load.out"
log "$(cat "$work/load.out")"
B=$(conn board)
reset_board() { "$bench" reset --conn "$B" --ready "$1" --drivers "$DRIVERS"; }
emit "## 4. Live-board latency: commit elsewhere → row gone from the board" "" "$(load_note)" "" \
    "$BOARD_ORDERS orders, $BOARD_READY of them ready. Per sample, a connection that is not the board's claims an order the board shows" \
    "(\`claim_order\`, autocommit); the clock runs from just before that claim is sent." \
    "A: until the row is gone from \`ReadyOrdersModel\` (the trigger's NOTIFY → \`OrderChangeListener\` on its own thread, 20 ms coalescing →" \
    "\`ReadyOrdersModel::refresh()\` on the GUI thread). \`dispatch-bench board-latency --samples $LAT_SAMPLES --gap-ms $LAT_GAP_MS\`." \
    "B: until a bare libpq connection that LISTENs on \`orders_changed\` holds the notification (\`bench/pq_notify_roundtrip.cpp\`, no Qt):" \
    "\`pq-notify-roundtrip CONNINFO $LAT_SAMPLES $LAT_GAP_MS $DRIVERS SEED\`. $LAT_SAMPLES samples per run, one claim every ≥ $LAT_GAP_MS ms." "" \
    "| percentile | console model, ms | libpq LISTEN alone, ms | difference | goal p99 ≤ 20 ms |" "| --- | ---: | ---: | ---: | --- |"
declare -A lat
for p in $(seq 1 "$PAIRS"); do
    reset_board "$BOARD_READY"
    r=$("$bench" board-latency --conn "$B" --samples "$LAT_SAMPLES" --gap-ms "$LAT_GAP_MS" --drivers "$DRIVERS" --seed "$p")
    for k in p50 p95 p99; do lat[a$k]+=" $(field ${k}_ms "$r")"; done
    reset_board "$BOARD_READY"
    r2=$("$pqrt" "$B" "$LAT_SAMPLES" "$LAT_GAP_MS" "$DRIVERS" "$p")
    for k in p50 p95 p99; do lat[b$k]+=" $(field ${k}_ms "$r2")"; done
    log "latency pair $p: console $r / libpq $r2"
done
for k in p50 p95 p99; do
    sa=$(stats ${lat[a$k]}) sb=$(stats ${lat[b$k]})
    d=$(awk -v a="${sa%% *}" -v b="${sb%% *}" 'BEGIN { printf "+%.1f ms", a - b }')
    goal=""
    [ $k = p99 ] && goal=$(meets "${sa%% *}" "<=" 20)
    emit "| $k | $(cell "$sa" 1) | $(cell "$sb" 2) | $d | $goal |"
done
emit ""

# --- 5. board refresh -----------------------------------------------------------------------
board_sql() { # the model's query with its values spelled out ($1: LIMIT clause)
    echo "SELECT o.id, o.ready_at, o.pickup, o.dropoff, o.customer, o.total, CASE WHEN o.reserved_until > now() THEN o.reserved_by END, CASE WHEN o.reserved_until > now() THEN o.reserved_until END, (o.status = 'ready' AND o.driver_id IS NULL AND o.is_active), o.status, d.name FROM orders o LEFT JOIN drivers d ON d.id = o.driver_id WHERE ((o.status = 'ready' AND o.driver_id IS NULL AND o.is_active AND ('' = '' OR o.id::text = '' OR o.customer ILIKE '%%' OR o.pickup ILIKE '%%' OR o.dropoff ILIKE '%%')) OR o.id = ANY (CAST('{}' AS bigint[]))) ORDER BY ready_at ASC NULLS LAST, id $1"
}
emit "## 5. Board refresh: query → model filled" "" "$(load_note)" "" \
    "In the $BOARD_ORDERS-order table with 1k / 10k / 100k of them ready. A: \`ReadyOrdersModel::refresh()\` (prepare, execute, fetch," \
    "fill the \`QSqlQueryModel\`, count ready rows), median of $REPEATS after one warm-up (\`dispatch-bench board-refresh --repeats $REPEATS\`)." \
    "**The board is capped at \`ReadyOrdersModel::maxRows()\` = 5000 rows** (QPSQL fetches every row, so the query is bounded): at 10k and" \
    "100k ready the model holds the 5000 oldest. B: \`psql -c '\\timing on' -c <the same query> …\` ×$REPEATS in one session, median, with" \
    "the model's LIMIT 5000 (same work) and without it (every ready row: what an unbounded board would cost the server and the wire)." "" \
    '```sql' "$(board_sql 'LIMIT 5000')" '```' "" \
    "| ready rows | model rows | console refresh, ms | psql same query (LIMIT 5000), ms | ratio | goal ≤ 1.2× | psql unbounded, ms |" \
    "| ---: | ---: | ---: | ---: | ---: | --- | ---: |"
for ready in $REFRESH_READY; do
    reset_board "$ready"
    a=() b=() c=() rows=
    for p in $(seq 1 "$PAIRS"); do
        r=$("$bench" board-refresh --conn "$B" --repeats "$REPEATS")
        a+=("$(field median_ms "$r")") rows=$(field rows "$r")
        b+=("$(psql_median "$B" "$(board_sql 'LIMIT 5000')" "$REPEATS")")
        c+=("$(psql_median "$B" "$(board_sql '')" "$REPEATS")")
        log "refresh ready=$ready pair $p: console ${a[-1]} ms, psql ${b[-1]} ms, unbounded ${c[-1]} ms"
    done
    sa=$(stats "${a[@]}") sb=$(stats "${b[@]}")
    sr=$(pair_ratio "${a[*]}" "${b[*]}") q=${sr%% *}
    emit "| $ready | $rows | $(cell "$sa" 2) | $(cell "$sb" 2) | $(cell "$sr" 2) | $(meets "$q" "<=" 1.2) | $(cell "$(stats "${c[@]}")" 1) |"
done
emit ""

# --- 6. inspector search --------------------------------------------------------------------
reset_board "$BOARD_READY"
emit "## 6. Inspector search, first page" "" "$(load_note)" "" \
    "$BOARD_ORDERS orders. A: \`InspectorSearchModel::search()\` on an \`InspectorSession\` (read-only connection), median of $REPEATS after one warm-up." \
    "B: psql with the model's own statement (\`statement()\`, values spelled out), median of $REPEATS in one session. Plan: the scan nodes of" \
    "\`EXPLAIN (ANALYZE, BUFFERS)\` of that statement." "" \
    "| search | rows | console, ms | psql, ms | ratio | goal ≤ 1.5× | plan (scan nodes) |" "| --- | ---: | ---: | ---: | ---: | --- | --- |"
mid=$((BOARD_ORDERS * 7 / 9))
for spec in "id:$mid" "customer:Rossi" "driver:Bench Driver 37"; do
    field_name=${spec%%:*} text=${spec#*:}
    a=() b=() sql=
    for p in $(seq 1 "$PAIRS"); do
        r=$("$bench" search --conn "$B" --text "$text" --field "$field_name" --repeats "$REPEATS" 2> "$work/search.sql")
        a+=("$(field median_ms "$r")") rows=$(field rows "$r") sql=$(cat "$work/search.sql")
        b+=("$(psql_median "$B" "$sql" "$REPEATS")")
    done
    plan=$("$psql" -X -At -d "$B" -c "EXPLAIN (ANALYZE, BUFFERS) $sql" | grep -oE '(Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan|Parallel Seq Scan)( Backward)?( using [a-z_]+)? on [a-z_]+' | sort | uniq | paste -sd ';' | sed 's/;/; /g')
    sa=$(stats "${a[@]}") sb=$(stats "${b[@]}")
    sr=$(pair_ratio "${a[*]}" "${b[*]}") q=${sr%% *}
    idx=$(grep -q 'Seq Scan on orders' <<< "$plan" && echo "**seq scan on orders**" || echo "index")
    emit "| $field_name \"$text\" | $rows | $(cell "$sa" 2) | $(cell "$sb" 2) | $(cell "$sr" 2) | $(meets "$q" "<=" 1.5), $idx | $plan |"
    log "search $spec: console ${sa%% *} ms, psql ${sb%% *} ms; $plan"
done
emit ""

# --- 7. cold start --------------------------------------------------------------------------
if [ "$COLD" = yes ]; then
    emit "## 7. Cold start, embedded default" "" "$(load_note)" "" \
        "A: \`QT_QPA_PLATFORM=offscreen dispatch-console --data-dir <new dir>\` until it prints \`console open on …\` (window shown, board filled):" \
        "initdb, pg_ctl start, create database, migrate, demo data, first paint. Then SIGTERM (it stops its server)." \
        "B: \`initdb -U dispatch --auth=trust -D <new dir>\` + \`pg_ctl start -w\` alone (as the postgres account, like the console; stopped after)." "" \
        "| console to first board, s | initdb + pg_ctl start, s | ratio | goal ≤ 1.5× + 1 s |" "| ---: | ---: | ---: | --- |"
    run_as=()
    [ "$(id -u)" -ne 0 ] || run_as=(runuser -u postgres --)
    a=() b=()
    for p in $(seq 1 "$PAIRS"); do
        d=$work/cold-a$p; mkdir -p "$d"; chmod 755 "$d"
        t0=$(date +%s.%N)
        "$console" --data-dir "$d/data" > "$d/out" 2> "$d/err" &
        cpid=$!
        for _ in $(seq 1 1200); do
            grep -q 'console open on' "$d/out" "$d/err" 2> /dev/null && break
            kill -0 "$cpid" 2> /dev/null || break
            sleep 0.02
        done
        t1=$(date +%s.%N)
        grep -q 'console open on' "$d/out" "$d/err" || { cat "$d/err" >&2; exit 1; }
        kill -TERM "$cpid"; wait "$cpid" || true
        a+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
        d=$work/cold-b$p; mkdir -p "$d"; chmod 755 "$d"; [ "$(id -u)" -ne 0 ] || chown postgres "$d"
        t0=$(date +%s.%N)
        LC_ALL=C.UTF-8 "${run_as[@]}" "$bindir/initdb" -D "$d/pgdata" -U dispatch --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-instructions > /dev/null
        printf "listen_addresses = ''\nunix_socket_directories = '%s'\n" "$d" >> "$d/pgdata/postgresql.conf"
        "${run_as[@]}" "$bindir/pg_ctl" start -D "$d/pgdata" -w -s -l "$d/log" > /dev/null
        t1=$(date +%s.%N)
        "${run_as[@]}" "$bindir/pg_ctl" stop -D "$d/pgdata" -m fast -w -s > /dev/null
        b+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
        log "cold start pair $p: console ${a[-1]} s, initdb+start ${b[-1]} s"
    done
    sa=$(stats "${a[@]}") sb=$(stats "${b[@]}")
    sr=$(pair_ratio "${a[*]}" "${b[*]}")
    ok=$(awk -v a="${sa%% *}" -v b="${sb%% *}" 'BEGIN { print (a <= 1.5 * b + 1) ? "yes" : "**no**" }')
    emit "| $(cell "$sa" 2) | $(cell "$sb" 2) | $(cell "$sr" 2) | $ok |" ""
fi

# --- 8. memory ------------------------------------------------------------------------------
reset_board "$BOARD_READY"
emit "## 8. Memory" "" "$(load_note)" "" \
    "Peak RSS (VmHWM) of one process holding the model layer of a console: the ready board ($BOARD_READY ready of $BOARD_ORDERS," \
    "5000 shown), the listener refreshing it, and 64 lanes racing (\`OrderRepository::claim\` on 64 threads, own connections) for" \
    "$RSS_SECONDS s: \`dispatch-bench rss --lanes 64 --seconds $RSS_SECONDS\`. Widgets are not included (no window in this process)." "" \
    "| peak RSS, MB | RSS at the end, MB | RSS at start, MB | claims made | goal ≤ 250 MB |" "| ---: | ---: | ---: | ---: | --- |"
a=() e=() s=() n=()
for p in $(seq 1 "$RSS_RUNS"); do
    r=$("$bench" rss --conn "$B" --lanes 64 --seconds "$RSS_SECONDS" --ready "$BOARD_READY" --drivers "$DRIVERS")
    a+=("$(field peak_rss_mb "$r")") e+=("$(field rss_mb "$r")") s+=("$(field start_rss_mb "$r")") n+=("$(field attempts "$r")")
    log "rss run $p: $r"
    reset_board "$BOARD_READY"
done
sa=$(stats "${a[@]}")
emit "| $(cell "$sa" 1) | $(cell "$(stats "${e[@]}")" 1) | $(cell "$(stats "${s[@]}")" 1) | $(cell "$(stats "${n[@]}")" 0) | $(meets "${sa%% *}" "<=" 250) |" ""

# --- 8b. fifty consoles ---------------------------------------------------------------------
reset_board "$CONSOLE_READY"
emit "## 8b. $CONSOLES consoles on one server while 16 lanes drain the board" "" "$(load_note)" "" \
    "\`dispatch-bench consoles --consoles $CONSOLES --lanes 16 --rate $CONSOLE_RATE --seconds $CONSOLE_SECONDS --ready $CONSOLE_READY\`: $CONSOLES console model layers in one" \
    "process, each on a thread of its own with its own connection (\`ReadyOrdersModel\`, \`DriversModel\`) and its own \`OrderChangeListener\`" \
    "(connection and thread), wired as \`MainWindow\` wires them (each payload hides its row; the board's and the drivers list's re-reads paced by a \`RefreshPacer\` each)." \
    "16 lanes (\`OrderRepository::claim\`, own connections) claim at $CONSOLE_RATE/s in total, steady, over the $CONSOLE_READY ready orders of $BOARD_ORDERS" \
    "(all on every board). Latency: for every won claim on every console, the claim's answer → the first refresh without the row." \
    "Board server CPU: user+system CPU of the $CONSOLES board connections' backends (/proc) over the run." \
    "Anchor: the bare libpq LISTEN round trip on the same database right after (\`pq-notify-roundtrip\`, $LAT_SAMPLES samples)." "" \
    "| run | claims/s | samples | p50, ms | p99, ms | worst console p99, ms | goal ≤ 50 ms | board queries / console / s | goal ≤ 1 | board backends' CPU, s per s | libpq LISTEN p50 / p99, ms |" \
    "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |"
for p in $(seq 1 "$CONSOLE_RUNS"); do
    reset_board "$CONSOLE_READY"
    r=$("$bench" consoles --conn "$B" --consoles "$CONSOLES" --lanes 16 --rate "$CONSOLE_RATE" --seconds "$CONSOLE_SECONDS" --ready "$CONSOLE_READY" --drivers "$DRIVERS") || log "consoles run $p did not finish clean: $r"
    reset_board "$CONSOLE_READY"
    r2=$("$pqrt" "$B" "$LAT_SAMPLES" "$LAT_GAP_MS" "$DRIVERS" "$p")
    log "consoles run $p: $r / libpq $r2"
    emit "| $p | $(field claims_per_s "$r") | $(field samples "$r") (unresolved $(field unresolved "$r")) | $(field p50_ms "$r") | $(field p99_ms "$r") | $(field worst_console_p99_ms "$r") | $(meets "$(field p99_ms "$r")" "<=" 50) | $(field board_queries_per_console_s "$r") | $(meets "$(field board_queries_per_console_s "$r")" "<=" 1) | $(field board_server_cpu_share "$r") | $(fmt "$(field p50_ms "$r2")" 2) / $(fmt "$(field p99_ms "$r2")" 2) |"
done
emit "" "Driver queries / console / s: the drivers list's re-reads (paced since 21fd6c2; before it, one per coalesced notification)." ""

# --- 9. growth ------------------------------------------------------------------------------
if [ -n "$GROWTH" ]; then
    emit "## 9. Growth: 1k → 1M orders" "" "$(load_note)" "" \
        "Each size is a fresh database with 10 % of its orders ready (the 1M row is the database of tables 4–8, reset to 100k ready)." \
        "claims/s: 8 clients, $CLAIM_SECONDS s, ids over the ready ones; refresh: \`ReadyOrdersModel::refresh()\` median of $REPEATS (capped at 5000 rows);" \
        "search: inspector search by order id, median of $REPEATS; latency: board latency p50/p99, 20 samples. Medians of 3 runs." "" \
        "| orders | ready | claims/s (8 clients) | pgbench tps (8 clients) | board refresh, ms | search by id, ms | board latency p50 / p99, ms |" \
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for size in $GROWTH 1000000; do
        ready=$((size / 10))
        if [ "$size" = 1000000 ]; then G=$B; else
            "$bench" load --conn "$(conn postgres)" --db growth --orders "$size" --ready "$ready" --drivers "$DRIVERS" > /dev/null
            G=$(conn growth)
        fi
        cl=() pb=() rf=() se=() l50=() l99=()
        for p in 1 2 3; do
            "$bench" reset --conn "$G" --ready "$ready" --drivers "$DRIVERS"
            cl+=("$(field rate "$("$bench" claims --conn "$G" --clients 8 --seconds "$CLAIM_SECONDS" --ready "$ready" --drivers "$DRIVERS")")")
            "$bench" reset --conn "$G" --ready "$ready" --drivers "$DRIVERS"
            pb+=("$(pgbench_tps "$("$pgbench" -n -M prepared -c 8 -j 8 -T "$CLAIM_SECONDS" -D ready="$ready" -D drivers="$DRIVERS" -f "$work/claim.sql" "$G" 2>&1)")")
            "$bench" reset --conn "$G" --ready "$ready" --drivers "$DRIVERS"
            rf+=("$(field median_ms "$("$bench" board-refresh --conn "$G" --repeats "$REPEATS")")")
            se+=("$(field median_ms "$("$bench" search --conn "$G" --text "$((size / 2))" --field id --repeats "$REPEATS" 2> /dev/null)")")
            r=$("$bench" board-latency --conn "$G" --samples 20 --gap-ms "$LAT_GAP_MS" --drivers "$DRIVERS" --seed "$p")
            l50+=("$(field p50_ms "$r")") l99+=("$(field p99_ms "$r")")
        done
        emit "| $size | $ready | $(cell "$(stats "${cl[@]}")" 0) | $(cell "$(stats "${pb[@]}")" 0) | $(cell "$(stats "${rf[@]}")" 2) | $(cell "$(stats "${se[@]}")" 2) | $(fmt "$(stats "${l50[@]}" | cut -d' ' -f1)" 1) / $(fmt "$(stats "${l99[@]}" | cut -d' ' -f1)" 1) |"
        log "growth $size done"
    done
    emit ""
fi

emit "Benchmark time: ${SECONDS} s (build excluded)." ""
# The hand-written analysis (profiles, fixes, misses) follows the measured tables.
cat "$here/bench/findings.md" >> "$md"
mkdir -p "$(dirname "$out")"
[ "$md" -ef "$out" ] || cp "$md" "$out" # --smoke writes in place (its work directory)
finished=yes
log "wrote $out"

#!/usr/bin/env bash
# CTest driver for the seed's shell tests against a real `dispatch-console serve` process:
# a throwaway embedded cluster with demo data, tokens from `dispatch-console token`, then
#   1. concurrent_driver_assignment_test.sh (curl: sequential 200/409, concurrent one 200,
#      ten drivers at once: one 200)
#   2. the seed's load test: ab -n 100 -c 10 -m POST with one driver's token on one order
#      → exactly one 200 ("Non-2xx responses: 99")
#   3. the access log names the requests and never a token.
# Usage: http_seed_scripts.sh path/to/dispatch-console
set -euo pipefail

bin=${1:?usage: $0 path/to/dispatch-console}
here=$(cd "$(dirname "$0")" && pwd)
for tool in curl ab; do
    command -v "$tool" > /dev/null || { echo "$tool is missing (scripts/bootstrap.sh installs it)"; exit 1; }
done

dir=$(mktemp -d /tmp/dispatch-http-XXXXXX)
chmod 755 "$dir" # the server runs as the postgres account when we are root
# If this script is killed (CTest's timeout: no EXIT trap runs), its watchdog ends `serve`
# and its embedded server, and removes $dir (tests/fixture_guard.sh).
guard_token="http-$$-$(date +%s%N)"
env -u DISPATCH_FIXTURE_GUARD setsid -f "$here/fixture_guard.sh" "$guard_token" $$ "$dir" \
    < /dev/null > /dev/null 2>&1
export DISPATCH_FIXTURE_GUARD=$guard_token
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2> /dev/null || true
        wait "$server_pid" 2> /dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
unset PGHOST PGHOSTADDR PGDATABASE PGSERVICE PGPORT PGUSER

# Bad command lines: one clear line on stderr, exit code 2, nothing started.
expect_usage_error() { # expected words, arguments…
    local words=$1
    shift
    local status=0
    "$bin" "$@" > "$dir/usage.out" 2> "$dir/usage.err" || status=$?
    if [ "$status" -ne 2 ] || ! grep -q -- "$words" "$dir/usage.err"; then
        echo "dispatch-console $*: expected exit 2 mentioning '$words', got $status:"
        cat "$dir/usage.err"
        exit 1
    fi
}
expect_usage_error "--listen" serve --listen nonsense
expect_usage_error "--listen" serve --listen 127.0.0.1:99999
expect_usage_error "--workers" serve --workers 0
expect_usage_error "--max-queue" serve --max-queue -1
expect_usage_error "--driver" token
expect_usage_error "--driver" token --driver abc
expect_usage_error "serve" --listen 127.0.0.1:0
expect_usage_error "Unexpected argument" serve extra
echo "bad command lines: exit 2, one line each ✅"

# 60 ready orders and 12 drivers (demo drivers 3, 7 are inactive).
"$bin" --migrate-only --data-dir "$dir/db" --demo-data 60 > /dev/null

"$bin" serve --data-dir "$dir/db" --listen 127.0.0.1:0 --workers 4 > "$dir/serve.out" 2> "$dir/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do
    grep -q '^listening on ' "$dir/serve.out" 2> /dev/null && break
    kill -0 "$server_pid" 2> /dev/null || { cat "$dir/serve.err"; exit 1; }
    sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$dir/serve.out")
[ -n "$base" ] || { echo "serve did not start"; cat "$dir/serve.err"; exit 1; }
echo "serve: $base"

token() { "$bin" token --driver "$1" --data-dir "$dir/db" 2> /dev/null; }
declare -A tokens
for id in 1 2 4 5 6 8 9 10 11 12; do
    tokens[$id]=$(token "$id")
done

# Ready orders, oldest first, from the API itself.
mapfile -t orders < <(curl -s -H "Authorization: Bearer ${tokens[1]}" \
    "$base/api/driver/orders/available?limit=10" | grep -o '"order_id":[0-9]*' | cut -d: -f2)
[ "${#orders[@]}" -ge 4 ] || { echo "expected ready orders, got: ${orders[*]}"; exit 1; }

racers=""
for id in 1 2 4 5 6 8 9 10 11 12; do racers+="${tokens[$id]} "; done
BASE_URL=$base DRIVER1_TOKEN=${tokens[1]} DRIVER2_TOKEN=${tokens[2]} \
    ORDER_ID=${orders[0]} ORDER_ID2=${orders[1]} RACER_TOKENS=$racers ORDER_ID3=${orders[2]} \
    "$here/concurrent_driver_assignment_test.sh"

echo "Load test: ab -n 100 -c 10 -m POST … /api/driver/orders/${orders[3]}/assign"
ab -n 100 -c 10 -m POST -H "Authorization: Bearer ${tokens[4]}" \
    "$base/api/driver/orders/${orders[3]}/assign" > "$dir/ab.out" 2>&1
grep -E '^(Complete requests|Failed requests|Non-2xx responses):' "$dir/ab.out"
grep -q '^Complete requests: *100$' "$dir/ab.out" || { echo "ab: not 100 complete"; exit 1; }
grep -q '^Non-2xx responses: *99$' "$dir/ab.out" || { echo "ab: expected 99 non-2xx"; cat "$dir/ab.out"; exit 1; }
wins=$(grep -c "POST /api/driver/orders/${orders[3]}/assign 200 ASSIGNED" "$dir/serve.err" || true)
[ "$wins" -eq 1 ] || { echo "access log: expected one 200 for the ab order, got $wins"; exit 1; }
echo "ab: exactly one 200 ✅"

# The seed's "watch for 409" step works on the access log; tokens never appear in it.
grep -q " 409 ORDER_ALREADY_ASSIGNED " "$dir/serve.err" || { echo "no 409 in the access log"; exit 1; }
for id in "${!tokens[@]}"; do
    # --: a token may begin with '-'; grep took one for options and the check passed unseen.
    if grep -qF -- "${tokens[$id]}" "$dir/serve.err" "$dir/serve.out"; then
        echo "a token appears in the server's output"
        exit 1
    fi
done
# The port is taken: a clear error, not a silent second server.
port=${base##*:}
status=0
"$bin" serve --data-dir "$dir/db" --listen "127.0.0.1:$port" > /dev/null 2> "$dir/taken.err" || status=$?
[ "$status" -eq 2 ] && grep -q "cannot listen" "$dir/taken.err" \
    || { echo "a taken port: expected exit 2 and 'cannot listen', got $status"; cat "$dir/taken.err"; exit 1; }
echo "taken port: refused ✅"
echo "access log: $(grep -c ' /api/driver/orders/' "$dir/serve.err") request lines, no token ✅"

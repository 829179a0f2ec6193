#!/usr/bin/env bash
# The seed's test script (backend/tests/concurrent_driver_assignment_test.sh), against a
# running `dispatch-console serve`. Needs curl. Exits non-zero if a test fails.
#
#   BASE_URL        e.g. http://127.0.0.1:8080
#   DRIVER1_TOKEN   DRIVER2_TOKEN     two active drivers' tokens (dispatch-console token --driver ID)
#   ORDER_ID        a ready order for Test 1 (sequential: 200 then 409)
#   ORDER_ID2       another ready order for Test 2 (concurrent: exactly one 200)
#   RACER_TOKENS    optional: space-separated tokens of more drivers, and
#   ORDER_ID3       a third ready order for Test 3 (all of them at once: exactly one 200)
set -uo pipefail

: "${BASE_URL:?}" "${DRIVER1_TOKEN:?}" "${DRIVER2_TOKEN:?}" "${ORDER_ID:?}" "${ORDER_ID2:?}"
failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# POST …/assign as the token's driver; prints the HTTP status, keeps the body in $2.
assign() {
    curl -s -o "$2" -w '%{http_code}\n' -X POST -H "Authorization: Bearer $1" \
        "$BASE_URL/api/driver/orders/$3/assign"
}

check() { # name, condition result (0 = pass)
    if [ "$2" -eq 0 ]; then echo "  ✅ PASS: $1"; else echo "  ❌ FAIL: $1"; failures=$((failures + 1)); fi
}

echo "Test 1: Sequential Assignment (order $ORDER_ID)"
s1=$(assign "$DRIVER1_TOKEN" "$work/t1a" "$ORDER_ID")
echo "  Driver 1: POST /api/driver/orders/$ORDER_ID/assign → $s1 $(cat "$work/t1a")"
s2=$(assign "$DRIVER2_TOKEN" "$work/t1b" "$ORDER_ID")
echo "  Driver 2: POST /api/driver/orders/$ORDER_ID/assign → $s2 $(cat "$work/t1b")"
[ "$s1" = 200 ] && grep -q '"code":"ASSIGNED"' "$work/t1a"; check "driver 1 gets 200 ASSIGNED" $?
[ "$s2" = 409 ] && grep -q '"code":"ORDER_ALREADY_ASSIGNED"' "$work/t1b"; check "driver 2 gets 409 ORDER_ALREADY_ASSIGNED" $?

echo "Test 2: Concurrent Assignment (order $ORDER_ID2)"
assign "$DRIVER1_TOKEN" "$work/t2a" "$ORDER_ID2" > "$work/t2a.status" &
assign "$DRIVER2_TOKEN" "$work/t2b" "$ORDER_ID2" > "$work/t2b.status" &
wait
a=$(cat "$work/t2a.status"); b=$(cat "$work/t2b.status")
echo "  Driver 1: $a, Driver 2: $b"
{ [ "$a" = 200 ] && [ "$b" = 409 ]; } || { [ "$a" = 409 ] && [ "$b" = 200 ]; }
check "exactly one 200, the other 409" $?

if [ -n "${RACER_TOKENS:-}" ] && [ -n "${ORDER_ID3:-}" ]; then
    read -r -a racers <<< "$RACER_TOKENS"
    echo "Test 3: ${#racers[@]} drivers at once (order $ORDER_ID3)"
    i=0
    for token in "${racers[@]}"; do
        assign "$token" "$work/t3.$i" "$ORDER_ID3" > "$work/t3.$i.status" &
        i=$((i + 1))
    done
    wait
    statuses=$(cat "$work"/t3.*.status | sort | uniq -c | tr -s ' ' | tr '\n' ';')
    echo "  statuses (count status): $statuses"
    wins=$(cat "$work"/t3.*.status | grep -c '^200$')
    conflicts=$(cat "$work"/t3.*.status | grep -c '^409$')
    [ "$wins" -eq 1 ] && [ "$conflicts" -eq $(( ${#racers[@]} - 1 )) ]
    check "exactly one 200, ${#racers[@]}-1 × 409" $?
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "All checks passed"

#!/usr/bin/env bash
# Regenerates the console screenshots in docs/screenshots/ from the real program on demo
# data, on a virtual screen (Xvfb): the board with a live 409 conflict and its banner, and
# the Assigned tab; then the trainer's 16-lane race and the inspector on a contested order,
# saved by the tests that check those windows (DISPATCH_SCREENSHOT=…, see docs/guide.md).
#   scripts/screenshots.sh            # build if needed, then shoot
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/bootstrap.sh"
build="${BUILD_DIR:-$here/build}"
# An existing tree is built as it is configured (a -Werror tree stays one); else configure.
if [ -f "$build/CMakeCache.txt" ]; then
    cmake --build "$build" -j"${JOBS:-2}" >/dev/null
else
    "$here/scripts/build.sh" >/dev/null
fi
console="$build/app/dispatch-console"
out="$here/docs/screenshots"
mkdir -p "$out"

work=$(mktemp -d /tmp/dispatch-shots-XXXXXX)
chmod 755 "$work"
display=:$((90 + RANDOM % 9))
cleanup() {
    [ -n "${app:-}" ] && kill -TERM "$app" 2>/dev/null && wait "$app" 2>/dev/null
    [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$display XDG_CONFIG_HOME=$work/config
"$console" --data-dir "$work/cluster" --demo-data 40 >"$work/console.log" 2>&1 &
app=$!
for _ in $(seq 1 120); do grep -q "console open" "$work/console.log" && break; sleep 0.5; done
grep -q "console open" "$work/console.log" || { cat "$work/console.log" >&2; exit 1; }
sleep 1.5
window=$(xdotool search --sync --name '^Dispatch Console$' | head -1)
xdotool windowmove "$window" 0 0 windowsize "$window" 1600 960 windowfocus "$window" || true
sleep 0.5

psql_() { psql -h "$work/cluster/run" -U dispatch -d dispatch -qAtX "$@"; }
# A few orders already out with drivers, so the Assigned tab and the driver counts are real.
psql_ -c "SELECT count(*) FROM (SELECT claim_order(id, 1 + (id % 5), 'http', 'driver') FROM orders
          WHERE status = 'ready' ORDER BY ready_at DESC LIMIT 5) AS taken" >/dev/null
sleep 1

# The race, for real: another client takes the top order while the dispatcher's claim for
# it is in flight. The console's claim waits on the row lock, then gets its 409.
top=$(psql_ -c "SELECT id FROM orders WHERE status = 'ready' AND driver_id IS NULL AND is_active
                ORDER BY ready_at, id LIMIT 1")
rival=$(psql_ -c "SELECT id FROM drivers WHERE is_active ORDER BY id DESC LIMIT 1")
psql_ -c "BEGIN; SELECT outcome FROM claim_order($top, $rival, 'http', 'driver:$rival');
          SELECT pg_sleep(1.2); COMMIT;" >/dev/null &
racer=$!
sleep 0.3
# To the suggested driver (Ctrl+Shift+Enter): one with room, so the answer is the race's 409,
# not a capacity refusal of whichever driver happens to be selected.
xdotool key ctrl+shift+Return
wait "$racer"
sleep 1.0
import -window "$window" "$out/console.png"
echo "wrote $out/console.png"

xdotool key alt+g
sleep 0.8
import -window "$window" "$out/assigned.png"
echo "wrote $out/assigned.png"

# The Simulation tab after a 16-lane race, and the support inspector on an order that three
# drivers raced for: each test saves the window it has just checked.
{ kill -TERM "$app" 2>/dev/null && wait "$app" 2>/dev/null; } || true
app=
# Offscreen: the windows render the same, and the inspector's clipboard check does not
# depend on an X clipboard owner.
DISPATCH_SCREENSHOT="$out/trainer.png" QT_QPA_PLATFORM=offscreen "$build/tests/tst_simulation" \
    sixteenLaneRaceInTheViewFillsTimelineScoreboardAndBadge >"$work/trainer.log" 2>&1 \
    || { cat "$work/trainer.log" >&2; exit 1; }
echo "wrote $out/trainer.png"
# (the whole inspector test: its window case relies on the drivers the earlier cases add)
DISPATCH_SCREENSHOT="$out/inspector.png" QT_QPA_PLATFORM=offscreen "$build/tests/tst_inspector" \
    >"$work/inspector.log" 2>&1 \
    || { cat "$work/inspector.log" >&2; exit 1; }
echo "wrote $out/inspector.png"

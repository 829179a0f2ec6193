#!/usr/bin/env bash
# Builds a sanitizer tree and runs the concurrent tests in it, against real PostgreSQL clusters
# that the tests start themselves. Exits non-zero on any failure or sanitizer report.
#   scripts/sanitize.sh asan|tsan [ctest arguments]
#   asan  build-asan/: AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer
#         (DISPATCH_SANITIZE_ADDRESS); leaks only in system libraries are suppressed in
#         tests/sanitizers/lsan.supp, never ours.
#   tsan  build-tsan/: ThreadSanitizer (DISPATCH_SANITIZE_THREAD), suppressions from
#         tests/sanitizers/tsan.supp when it exists.
# Without ctest arguments that select tests (-L, -R, -E, -LE, -I …) it runs -L 'race|http':
# tst_concurrentclaims, tst_simulation, tst_httpapi, http_seed_scripts. Only what the selected
# tests need is built (under nice, JOBS jobs, default 2), e.g. `scripts/sanitize.sh asan -L fault`.
# Our options come first in *SAN_OPTIONS; whatever is already set there is appended and wins.
# Every process's report (the tests', and a dispatch-console or socat they run, whose stderr a
# test may swallow) goes to $build/sanitizer-reports/: any report there fails the run, and is
# printed. CMake reads CMAKE_CXX_COMPILER_LAUNCHER from the environment when it configures
# the tree the first time (CMAKE_CXX_COMPILER_LAUNCHER=ccache scripts/sanitize.sh asan).
# As scripts/test.sh, it ends by checking that no server its tests started is still running.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
case "$mode" in
asan)
    build=${BUILD_DIR:-$here/build-asan}
    option=DISPATCH_SANITIZE_ADDRESS
    ;;
tsan)
    build=${BUILD_DIR:-$here/build-tsan}
    option=DISPATCH_SANITIZE_THREAD
    ;;
*)
    echo "usage: $0 asan|tsan [ctest arguments]" >&2
    exit 2
    ;;
esac
shift

args=("$@")
selects=false
for arg in "$@"; do
    case "$arg" in
    -L | -R | -E | -LE | -I | -L?* | -R?* | -E?* | -I?* \
        | --label-regex* | --tests-regex* | --exclude-regex* | --label-exclude* \
        | --tests-information*)
        selects=true
        ;;
    esac
done
if ! $selects; then
    args=(-L 'race|http' "${args[@]}")
fi

werror=()
if [ -n "${CI:-}" ]; then
    werror=(-DDISPATCH_WERROR=ON)
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -D$option=ON \
    -DDISPATCH_BUILD_BENCH=OFF ${werror[@]+"${werror[@]}"} > /dev/null

# The selected tests' executables (a QtTest's target has the test's name), and the console
# itself for the script tests (http_seed_scripts, isolation_specs) that run it.
targets=(dispatch-console)
while read -r name; do
    targets+=("$name")
done < <(ctest --test-dir "$build" -N "${args[@]}" | sed -n 's/^ *Test *#[0-9]*: \(tst_[A-Za-z0-9_]*\)$/\1/p')
nice -n 10 cmake --build "$build" -j"${JOBS:-2}" --target "${targets[@]}"

reports=$build/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
log="log_path=$reports/report:print_suppressions=0"
if [ "$mode" = asan ]; then
    export ASAN_OPTIONS="detect_leaks=1:$log${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:$log${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
    lsan="print_suppressions=0"
    if [ -f "$here/tests/sanitizers/lsan.supp" ]; then
        lsan="suppressions=$here/tests/sanitizers/lsan.supp:$lsan"
    fi
    export LSAN_OPTIONS="$lsan${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
else
    tsan="halt_on_error=1:second_deadlock_stack=1:$log"
    if [ -f "$here/tests/sanitizers/tsan.supp" ]; then
        tsan="suppressions=$here/tests/sanitizers/tsan.supp:$tsan"
    fi
    export TSAN_OPTIONS="$tsan${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
fi
export QT_QPA_PLATFORM=offscreen
DISPATCH_TEST_RUN="sanitize.sh-$mode-$$-$(date +%s%N)"
export DISPATCH_TEST_RUN
cd "$build"
status=0
ctest --output-on-failure "${args[@]}" || status=$?
found=$(grep -lE 'ERROR: [A-Za-z]*Sanitizer|WARNING: ThreadSanitizer|runtime error:' \
    "$reports"/report.* 2> /dev/null || true)
if [ -n "$found" ]; then
    for report in $found; do
        echo "== sanitizer report $report" >&2
        cat "$report" >&2
    done
    echo "sanitize.sh $mode: $(echo "$found" | wc -l) sanitizer report(s), above" >&2
    status=1
fi
"$here/tests/fixture_guard.sh" --check-run "$DISPATCH_TEST_RUN" || status=1
exit $status

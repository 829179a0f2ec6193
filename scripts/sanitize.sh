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

if [ "$mode" = asan ]; then
    export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
    if [ -f "$here/tests/sanitizers/lsan.supp" ]; then
        export LSAN_OPTIONS="suppressions=$here/tests/sanitizers/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    fi
else
    tsan="halt_on_error=1:second_deadlock_stack=1"
    if [ -f "$here/tests/sanitizers/tsan.supp" ]; then
        tsan="suppressions=$here/tests/sanitizers/tsan.supp:$tsan"
    fi
    export TSAN_OPTIONS="$tsan${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
fi
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure "${args[@]}"

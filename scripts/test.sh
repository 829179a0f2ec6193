#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole CTest suite against real PostgreSQL
# clusters that the tests start themselves. Exits non-zero on any failure.
# Extra arguments go to ctest (e.g. -L race, -R claim, --repeat until-fail:3).
#   --long   the long fault variants (docs/reliability.md): drains of 5,000 orders instead
#            of 2,000, 100 proxy cuts instead of 30 (sets DISPATCH_FAULT_LONG=1). The default
#            suite stays fast; `scripts/test.sh --long -L fault` runs only the fault suite.
# A run without ctest arguments ends with scripts/fuzz.sh: the libFuzzer targets (clang,
# build-fuzz/), FUZZ_SECONDS (15) each. DISPATCH_SKIP_FUZZ=1 leaves that out.
# Last, pass or fail: no PostgreSQL server started by this run's tests may still be running
# (each carries DISPATCH_TEST_RUN in its environment; tests/fixture_guard.sh --check-run).
# Those left are named, stopped, and fail the run.
set -euo pipefail
args=()
for arg in "$@"; do
    if [ "$arg" = "--long" ]; then
        export DISPATCH_FAULT_LONG=1
    else
        args+=("$arg")
    fi
done
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/bootstrap.sh"
"$here/scripts/build.sh"
cd "${BUILD_DIR:-$here/build}"
export QT_QPA_PLATFORM=offscreen
DISPATCH_TEST_RUN="test.sh-$$-$(date +%s%N)"
export DISPATCH_TEST_RUN
status=0
ctest --output-on-failure --timeout 900 ${args[@]+"${args[@]}"} || status=$?
if [ $status -eq 0 ] && [ ${#args[@]} -eq 0 ] && [ -z "${DISPATCH_SKIP_FUZZ:-}" ]; then
    "$here/scripts/fuzz.sh" || status=$?
fi
"$here/tests/fixture_guard.sh" --check-run "$DISPATCH_TEST_RUN" || status=1
exit $status

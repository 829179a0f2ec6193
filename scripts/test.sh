#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole CTest suite against real PostgreSQL
# clusters that the tests start themselves. Exits non-zero on any failure.
# Extra arguments go to ctest (e.g. -L race, -R claim, --repeat until-fail:3).
#   --long   the long fault variants (docs/reliability.md): drains of 5,000 orders instead
#            of 2,000, 100 proxy cuts instead of 30 (sets DISPATCH_FAULT_LONG=1). The default
#            suite stays fast; `scripts/test.sh --long -L fault` runs only the fault suite.
# A run without ctest arguments ends with scripts/fuzz.sh: the libFuzzer targets (clang,
# build-fuzz/), FUZZ_SECONDS (15) each. DISPATCH_SKIP_FUZZ=1 leaves that out.
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
ctest --output-on-failure --timeout 900 ${args[@]+"${args[@]}"}
if [ ${#args[@]} -eq 0 ] && [ -z "${DISPATCH_SKIP_FUZZ:-}" ]; then
    "$here/scripts/fuzz.sh"
fi

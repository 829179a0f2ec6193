#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole CTest suite against real PostgreSQL
# clusters that the tests start themselves. Exits non-zero on any failure.
# Extra arguments go to ctest (e.g. -L race, -R claim, --repeat until-fail:3).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/bootstrap.sh"
"$here/scripts/build.sh"
cd "${BUILD_DIR:-$here/build}"
export QT_QPA_PLATFORM=offscreen
ctest --output-on-failure --timeout 900 "$@"

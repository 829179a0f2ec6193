#!/usr/bin/env bash
# Installs what is missing, builds, and opens the console on its embedded PostgreSQL with
# demo data. Arguments are passed to dispatch-console (try --help).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/bootstrap.sh"
"$here/scripts/build.sh"
console="${BUILD_DIR:-$here/build}/app/dispatch-console"
if [ $# -eq 0 ]; then
    set -- --demo-data 60
fi
exec "$console" "$@"

#!/usr/bin/env bash
# Configures and builds into build/ (or $BUILD_DIR). Extra arguments go to CMake.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$here/build}
werror=OFF
if [ -n "${CI:-}" ]; then
    werror=ON
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} \
    -DDISPATCH_WERROR=$werror "$@" >/dev/null
cmake --build "$build" -j"${JOBS:-2}"

#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang) into build-fuzz/ (or $FUZZ_BUILD_DIR) and runs
# each for a bounded time from its committed corpus: FUZZ_SECONDS per target (default 15).
# scripts/test.sh runs this after the suite; alone:  scripts/fuzz.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$here/build-fuzz}
"$here/scripts/bootstrap.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DDISPATCH_BUILD_FUZZ=ON -DDISPATCH_BUILD_TESTS=OFF -DDISPATCH_BUILD_BENCH=OFF \
    -DDISPATCH_FUZZ_SECONDS="${FUZZ_SECONDS:-15}" >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target fuzz_connectionsettings fuzz_requestparsing
cd "$build"
ctest -L fuzz --output-on-failure

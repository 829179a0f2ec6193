#!/usr/bin/env bash
# Every C++ file git tracks (model, ui, app, tests, bench, fuzz) matches .clang-format, as
# clang-format 14 (Debian 12, scripts/bootstrap.sh) formats it. Lists each file that does
# not and exits 1; `scripts/format-check.sh --fix` rewrites them in place instead.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format-check: clang-format is not installed (scripts/bootstrap.sh)" >&2; exit 2; }
mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
if [ "${1:-}" = --fix ]; then
    clang-format -i "${files[@]}"
    exit 0
fi
status=0
for file in "${files[@]}"; do
    if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
        echo "format-check: $file differs from .clang-format (clang-format -i $file)"
        status=1
    fi
done
[ "$status" = 0 ] && echo "format-check: ${#files[@]} files match .clang-format"
exit "$status"

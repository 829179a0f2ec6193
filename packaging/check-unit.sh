#!/usr/bin/env bash
# The units as systemd reads them (CTest: service_unit_verifies, label packaging).
#   packaging/check-unit.sh BINARY UNIT...
# `systemd-analyze verify` wants the ExecStart= program to exist, so it checks a copy that
# starts the BINARY just built instead of /usr/bin/dispatch-console; every other line is the
# shipped unit's. A template (name@.service) is checked as the instance name@example.service.
# Then each unit's exposure score offline (docs/guide.md states it): at most 2.0, "OK".
# Works whether or not systemd is PID 1 (--offline and a unit file path need no manager).
set -euo pipefail
binary=$1
shift
work=$(mktemp -d /tmp/dispatch-unit-XXXXXX)
trap 'rm -rf "$work"' EXIT
for unit in "$@"; do
    name=$(basename "$unit")
    name=${name/@.service/@example.service}
    sed "s|/usr/bin/dispatch-console|$binary|" "$unit" >"$work/$name"
    # man:dispatch-console(1) is installed only by the package: --man=no here.
    out=$(systemd-analyze verify --man=no "$work/$name" 2>&1) || {
        echo "$out" >&2
        exit 1
    }
    if [ -n "$out" ]; then
        echo "systemd-analyze verify is not clean for $name:" >&2
        echo "$out" >&2
        exit 1
    fi
    systemd-analyze security --offline=yes --threshold=20 "$work/$name" | tail -1
done

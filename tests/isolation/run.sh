#!/usr/bin/env bash
# Runs tests/isolation/*.spec with PostgreSQL's own isolation tester (pg_isolation_regress,
# shipped by Debian's postgresql-15 package next to isolationtester) against a throwaway
# cluster migrated by the real dispatch-console, so the specs call the real claim_order,
# release_order and hold_order of sql/004.
#
#   tests/isolation/run.sh <dispatch-console binary> [--accept] [spec names…]
#
# The cluster is started the way model/db/localpostgres.cpp starts the embedded default
# (initdb + pg_ctl, Unix socket only, as the postgres account when run as root) and is
# removed on exit. --accept copies the results over tests/isolation/expected/ (review the
# diff before committing). Exit 77 (CTest: skipped) when pg_isolation_regress is missing.
set -euo pipefail

console=${1:?usage: run.sh <dispatch-console> [--accept] [spec…]}
shift
accept=0
if [ "${1:-}" = "--accept" ]; then
    accept=1
    shift
fi
here=$(cd "$(dirname "$0")" && pwd)
specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then
    for f in "$here"/*.spec; do
        specs+=("$(basename "$f" .spec)")
    done
fi

regress=$(ls -d /usr/lib/postgresql/*/lib/pgxs/src/test/isolation/pg_isolation_regress 2>/dev/null \
              | sort -V | tail -n 1 || true)
if [ -z "$regress" ]; then
    echo "isolation: pg_isolation_regress not found (Debian package postgresql-15); skipped" >&2
    exit 77
fi
major=$(echo "$regress" | sed -E 's|/usr/lib/postgresql/([0-9]+)/.*|\1|')
bindir=/usr/lib/postgresql/$major/bin

tmp=$(mktemp -d /tmp/dispatch-iso-XXXXXX)
chmod 755 "$tmp"
# If this script is killed (CTest's timeout: no EXIT trap runs), its watchdog stops the server
# and whatever else we started, and removes $tmp (tests/fixture_guard.sh).
guard_token="iso-$$-$(date +%s%N)"
env -u DISPATCH_FIXTURE_GUARD setsid -f "$here/../fixture_guard.sh" "$guard_token" $$ "$tmp" \
    < /dev/null > /dev/null 2>&1
export DISPATCH_FIXTURE_GUARD=$guard_token
as_server=()
if [ "$(id -u)" -eq 0 ]; then
    as_server=(runuser -u postgres --)
fi
mkdir -p "$tmp/pgdata" "$tmp/run"
chmod 700 "$tmp/pgdata" "$tmp/run"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$tmp/pgdata" "$tmp/run"
fi

cleanup() {
    "${as_server[@]}" "$bindir/pg_ctl" stop -D "$tmp/pgdata" -m immediate -s >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

export LC_ALL=C.UTF-8
unset PGHOST PGPORT PGUSER PGDATABASE PGSERVICE PGPASSWORD || true
"${as_server[@]}" "$bindir/initdb" -D "$tmp/pgdata" -U dispatch --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 --no-instructions >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; exit 1; }
cat >>"$tmp/pgdata/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$tmp/run'
port = 5432
fsync = off
synchronous_commit = off
max_connections = 50
CONF
"${as_server[@]}" "$bindir/pg_ctl" start -D "$tmp/pgdata" -w -t 60 -s -l "$tmp/run/server.log" \
    || { cat "$tmp/run/server.log" >&2; exit 1; }

"$bindir/psql" -X -q -h "$tmp/run" -p 5432 -U dispatch -d postgres \
    -c 'CREATE DATABASE isolation_regression' >/dev/null
QT_QPA_PLATFORM=offscreen "$console" --migrate-only \
    --database "host=$tmp/run port=5432 user=dispatch dbname=isolation_regression" \
    || { echo "isolation: migrating with $console failed" >&2; exit 1; }

# pg_isolation_regress reads <inputdir>/specs/NAME.spec and <inputdir>/expected/NAME.out.
mkdir -p "$tmp/in" "$tmp/out"
ln -s "$here" "$tmp/in/specs"
ln -s "$here/expected" "$tmp/in/expected"
if [ $accept -eq 1 ]; then
    for name in "${specs[@]}"; do
        [ -f "$here/expected/$name.out" ] || : >"$here/expected/$name.out"
    done
fi
status=0
(cd "$tmp/out" && "$regress" --use-existing --host="$tmp/run" --port=5432 --user=dispatch \
     --dbname=isolation_regression --inputdir="$tmp/in" --outputdir="$tmp/out" \
     "${specs[@]}") || status=$?
if [ $accept -eq 1 ]; then
    for name in "${specs[@]}"; do
        cp "$tmp/out/results/$name.out" "$here/expected/$name.out"
    done
    echo "isolation: results copied to $here/expected (review with git diff)" >&2
    exit 0
fi
if [ $status -ne 0 ] && [ -f "$tmp/out/regression.diffs" ]; then
    cat "$tmp/out/regression.diffs" >&2
fi
exit $status

#!/usr/bin/env bash
# A Patroni cluster on loopback to try the console against (issue 15): etcd and three
# PostgreSQL 15 nodes under Patroni (tests/ha/patroni_cluster.sh), a migrated `dispatch`
# database with demo data, and the multi-host address to give the console:
#
#   scripts/ha-demo.sh [sync|async]        (default sync; Ctrl-C stops everything)
#   dispatch-console --database 'postgresql://postgres@127.0.0.1:P1,…/dispatch?target_session_attrs=read-write'
#
# While it runs, `patronictl -c DIR/node1.yml list|switchover`, or kill -9 the primary's
# postmaster (head -1 DIR/nodeN/postmaster.pid), and watch the console carry on.
# Nothing stays running afterwards: a watchdog (tests/fixture_guard.sh) ends every process
# this script started, however it ends, and removes the directory.
set -euo pipefail
mode=${1:-sync}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${DISPATCH_CONSOLE:-$here/build/app/dispatch-console}
[ -x "$bin" ] || { echo "build first (scripts/build.sh), or set DISPATCH_CONSOLE" >&2; exit 1; }
"$here/scripts/bootstrap.sh"

dir=$(mktemp -d /tmp/dispatch-ha-demo-XXXXXX)
token="ha-demo-$$-$(date +%s%N)"
env -u DISPATCH_FIXTURE_GUARD setsid -f "$here/tests/fixture_guard.sh" "$token" $$ "$dir" \
    < /dev/null > /dev/null 2>&1
export DISPATCH_FIXTURE_GUARD=$token
unset PGHOST PGHOSTADDR PGDATABASE PGSERVICE PGPORT PGUSER
trap '"$here/tests/ha/patroni_cluster.sh" stop "$dir"; rm -rf "$dir"' EXIT

# Eight ports free right now on 127.0.0.1.
mapfile -t ports < <("$here/tests/ha/patroni_cluster.sh" ports)
echo "starting etcd and three Patroni nodes under $dir ($mode replication)…"
"$here/tests/ha/patroni_cluster.sh" start "$dir" "$mode" "${ports[@]}"
url="postgresql://postgres@127.0.0.1:${ports[2]},127.0.0.1:${ports[3]},127.0.0.1:${ports[4]}"
psql -q "$url/postgres?target_session_attrs=read-write" -c 'CREATE DATABASE dispatch'
url="$url/dispatch?target_session_attrs=read-write"
# libpq stops at the first host that refuses the start-up: wait until every standby has
# replayed CREATE DATABASE.
for _ in $(seq 1 120); do
    psql -qAt "$url" -c 'SELECT 1' > /dev/null 2>&1 && break
    sleep 0.5
done
"$bin" --migrate-only --database "$url" --demo-data 200 > /dev/null
patronictl -c "$dir/node1.yml" list
cat << EOT

The cluster is up. Connect with:
  $bin --database '$url'
Fail over:  kill -9 \$(head -1 $dir/\$($here/tests/ha/patroni_cluster.sh primary $dir)/postmaster.pid)
Switch:     patronictl -c $dir/node1.yml switchover --force
Ctrl-C stops everything.
EOT
while :; do sleep 3600; done

#!/bin/sh
# A Patroni cluster on loopback for the ha tests and scripts/ha-demo.sh (issue 15): one etcd
# (v3 API) and three PostgreSQL 15 nodes managed by Patroni, each its own data directory,
# port and REST port, under DIR. Short ttl/loop_wait/retry_timeout and
# primary_start_timeout 0, so a crashed primary fails over to a standby within seconds
# instead of being restarted in place.
#
#   patroni_cluster.sh start DIR sync|async ETCD ETCD_PEER PG1 PG2 PG3 API1 API2 API3
#       Writes the configuration, starts etcd and the three Patronis in the background and
#       returns once there is a primary and two streaming standbys (in sync mode: one of
#       them synchronous). Exit 1 with the logs' tails when that does not happen in 180 s.
#   patroni_cluster.sh primary DIR     the name of the current primary (node1…node3)
#   patroni_cluster.sh stop DIR        stops everything started under DIR and waits for it
#   patroni_cluster.sh ports           eight ports free on 127.0.0.1 right now, one a line
#                                      (for start's ETCD … API3; scripts/ha-demo.sh)
#
# As root the servers run as the postgres account (initdb refuses root), through setpriv,
# which execs rather than forks, so the pid files name the real processes. Every process
# keeps the caller's environment (Patroni passes it on to the postmaster), so a test's
# watchdog (tests/fixture_guard.sh) finds etcd, the Patronis and the servers by its mark
# and ends them whatever way the test ends.
set -eu

command=${1:?usage: patroni_cluster.sh start|primary|stop DIR …, or ports}
if [ "$command" = ports ]; then
    # All held open together, so they differ.
    exec python3 -c '
import socket
held = [socket.socket() for _ in range(8)]
for s in held:
    s.bind(("127.0.0.1", 0))
for s in held:
    print(s.getsockname()[1])'
fi
dir=${2:?usage: patroni_cluster.sh start|primary|stop DIR …}
bindir=/usr/lib/postgresql/15/bin

# Runs in the background (`as_postgres … &`): exec, so $! is the program's own pid.
as_postgres() {
    HOME=$dir
    export HOME
    if [ "$(id -u)" -eq 0 ]; then
        exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    fi
    exec "$@"
}

api_port() { sed -n 's/^  listen: 127.0.0.1:\([0-9]*\)$/\1/p' "$dir/$1.yml" | head -1; }

primary() {
    for node in node1 node2 node3; do
        [ -f "$dir/$node.yml" ] || continue
        if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$(api_port "$node")/primary"; then
            echo "$node"
            return 0
        fi
    done
    return 1
}

case "$command" in
primary)
    primary
    exit $?
    ;;
stop)
    # Patroni stops its PostgreSQL on SIGTERM; etcd last, so they can still release the lock.
    for node in node1 node2 node3; do
        [ -f "$dir/$node.pid" ] && kill -TERM "$(cat "$dir/$node.pid")" 2> /dev/null || true
    done
    pids=
    for name in node1 node2 node3 etcd; do
        [ -f "$dir/$name.pid" ] && pids="$pids $(cat "$dir/$name.pid")"
    done
    tries=0
    for node in node1 node2 node3; do
        [ -f "$dir/$node.pid" ] || continue
        pid=$(cat "$dir/$node.pid")
        while kill -0 "$pid" 2> /dev/null && [ $tries -lt 60 ]; do
            tries=$((tries + 1))
            sleep 0.5
        done
        kill -KILL "$pid" 2> /dev/null || true
    done
    # A postmaster Patroni could not stop (or that outlived a killed Patroni): immediate.
    for node in node1 node2 node3; do
        pidfile=$dir/$node/postmaster.pid
        [ -f "$pidfile" ] || continue
        pid=$(head -1 "$pidfile")
        [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = postgres ] && kill -QUIT "$pid" 2> /dev/null
        tries=0
        while kill -0 "$pid" 2> /dev/null && [ $tries -lt 40 ]; do
            tries=$((tries + 1))
            sleep 0.5
        done
        kill -KILL "$pid" 2> /dev/null || true
    done
    [ -f "$dir/etcd.pid" ] && kill -TERM "$(cat "$dir/etcd.pid")" 2> /dev/null || true
    tries=0
    while [ -f "$dir/etcd.pid" ] && kill -0 "$(cat "$dir/etcd.pid")" 2> /dev/null \
        && [ $tries -lt 20 ]; do
        tries=$((tries + 1))
        sleep 0.5
    done
    [ -f "$dir/etcd.pid" ] && kill -KILL "$(cat "$dir/etcd.pid")" 2> /dev/null || true
    rm -f "$dir"/*.pid
    exit 0
    ;;
start) ;;
*)
    echo "usage: patroni_cluster.sh start|primary|stop DIR …" >&2
    exit 2
    ;;
esac

mode=$3
etcd_port=$4
etcd_peer=$5
shift 5
case "$mode" in
sync) synchronous=true ;;
async) synchronous=false ;;
*)
    echo "patroni_cluster.sh: mode must be sync or async" >&2
    exit 2
    ;;
esac
pg1=$1 pg2=$2 pg3=$3 api1=$4 api2=$5 api3=$6

mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
fi
chmod 700 "$dir"

as_postgres etcd --name ha --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "ha=http://127.0.0.1:$etcd_peer" --initial-cluster-state new \
    --log-level warn > "$dir/etcd.log" 2>&1 < /dev/null &
echo $! > "$dir/etcd.pid"

write_node() { # name pgport apiport
    cat > "$dir/$1.yml" << EOF
scope: dispatch-ha
namespace: /dispatch/
name: $1
restapi:
  listen: 127.0.0.1:$3
  connect_address: 127.0.0.1:$3
etcd3:
  hosts: 127.0.0.1:$etcd_port
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    primary_start_timeout: 0
    maximum_lag_on_failover: 1048576
    synchronous_mode: $synchronous
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 200
        shared_buffers: 32MB
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        lock_timeout: 2s
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - auth: trust
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication replicator 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$2
  data_dir: $dir/$1
  bin_dir: $bindir
  pgpass: $dir/$1.pgpass
  authentication:
    superuser:
      username: postgres
    replication:
      username: replicator
    rewind:
      username: postgres
  parameters:
    unix_socket_directories: $dir
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication replicator 127.0.0.1/32 trust
EOF
}
write_node node1 "$pg1" "$api1"
write_node node2 "$pg2" "$api2"
write_node node3 "$pg3" "$api3"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"/node?.yml
fi

# etcd first: a Patroni that finds no DCS keeps retrying, but it logs noise meanwhile.
tries=0
until curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$etcd_port/health"; do
    tries=$((tries + 1))
    if [ $tries -gt 120 ]; then
        echo "etcd did not start:" >&2
        tail -20 "$dir/etcd.log" >&2
        exit 1
    fi
    sleep 0.25
done

for node in node1 node2 node3; do
    as_postgres patroni "$dir/$node.yml" > "$dir/$node.log" 2>&1 < /dev/null &
    echo $! > "$dir/$node.pid"
done

# Ready: one primary, two standbys streaming (sync mode: one of them synchronous).
tries=0
while :; do
    leader=$(primary || true)
    replicas=0
    synced=0
    for node in node1 node2 node3; do
        port=$(api_port "$node")
        curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/replica?lag=1MB" \
            && replicas=$((replicas + 1))
        curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/sync" && synced=$((synced + 1))
    done
    if [ -n "$leader" ] && [ $replicas -eq 2 ] && { [ "$mode" = async ] || [ $synced -ge 1 ]; }; then
        break
    fi
    tries=$((tries + 1))
    if [ $tries -gt 360 ]; then
        echo "the Patroni cluster did not come up in 180 s (primary: ${leader:-none}," \
            "standbys: $replicas, synchronous: $synced):" >&2
        for name in etcd node1 node2 node3; do
            echo "--- $name.log" >&2
            tail -15 "$dir/$name.log" >&2
        done
        exit 1
    fi
    sleep 0.5
done
exit 0

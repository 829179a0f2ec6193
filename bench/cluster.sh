# Sourced by bench/run.sh and bench/history.sh: the throwaway cluster, started by
# `dispatch-bench cluster` (LocalPostgres, exactly as the test fixture starts it).
#   start_cluster MAX_SECONDS   needs $bench and $work; sets cluster_pid, socket, bindir
#   field NAME LINE             the value of NAME=value in LINE
#   conn DBNAME                 libpq keywords for that database on the cluster
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$2" | head -1; }
conn() { echo "host=$socket port=5432 user=dispatch dbname=$1"; }
start_cluster() {
    "$bench" cluster --dir "$work/pg" --max-seconds "$1" > "$work/cluster.out" 2> "$work/cluster.err" &
    cluster_pid=$!
    for _ in $(seq 1 300); do
        grep -q '^ready ' "$work/cluster.out" 2> /dev/null && break
        kill -0 "$cluster_pid" 2> /dev/null || { cat "$work/cluster.err" >&2; exit 1; }
        sleep 0.1
    done
    grep -q '^ready ' "$work/cluster.out" || { echo "the cluster did not start" >&2; exit 1; }
    local ready_line
    ready_line=$(head -1 "$work/cluster.out")
    socket=$(field socket "$ready_line")
    bindir=$(field bindir "$ready_line")
}

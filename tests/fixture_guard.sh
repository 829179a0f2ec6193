#!/bin/sh
# The watchdog of a test's throwaway PostgreSQL servers (issue 20): whatever way the test
# process ends — CTest's timeout SIGKILL, abort(), a crash, or a normal exit — no server it
# started, directly (TestCluster, tests/isolation/run.sh) or through a program it ran (a
# `dispatch-console serve --data-dir …`), stays up after it.
#
# The owner starts us right away under `setsid -f`: then we are not its child (CTest's
# timeout kills the test's whole process tree, found by parent pid) nor in its session or
# process group, so nothing aimed at the test reaches us. The owner then exports
# DISPATCH_FIXTURE_GUARD=TOKEN; every process it starts inherits it (runuser, pg_ctl and the
# postmaster keep the environment), so after the owner is gone we find what is left by that
# mark, not by name.
#
#   fixture_guard.sh TOKEN - [DIR…]
#       The owner holds the only write end of our stdin (O_CLOEXEC, so no child it starts
#       holds it): EOF means the owner is gone. Each line read before that names one more
#       directory to remove (tests/fixtureguard.cpp).
#   fixture_guard.sh TOKEN PID [DIR…]
#       The owner is the shell script PID (a shell cannot keep a pipe from its children):
#       we wait until that process has ended.
#
# Then every process still carrying TOKEN is ended: programs other than the server first
# (SIGKILL, so a console cannot start its server again), then each postmaster with SIGQUIT,
# which is PostgreSQL's immediate shutdown (what `pg_ctl stop -m immediate` sends; the signal
# needs neither pg_ctl's directory nor the postgres account, as root) and SIGKILL if it is
# still there 20 s later. Then DIRs under /tmp/dispatch-* are removed.
#
#   fixture_guard.sh --check-run RUN [SECONDS]
#       scripts/test.sh's last step: every PostgreSQL server whose environment carries
#       DISPATCH_TEST_RUN=RUN must be gone within SECONDS (default 60: the watchdogs of the
#       last tests may still be at work). Exit 1 naming those left, after stopping them.

# The processes (not threads) whose environment holds exactly NAME=VALUE, one pid a line.
# One grep over every /proc/PID/environ; processes that end meanwhile are skipped.
marked() {
    grep -lzxF -- "$1=$2" /proc/[0-9]*/environ 2> /dev/null | sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p'
}

# A PostgreSQL server process (postmaster): its children rewrite their command line and
# environment, so only the postmaster itself still carries a mark.
is_server() {
    [ "$(cat "/proc/$1/comm" 2> /dev/null)" = postgres ]
}

describe() {
    printf '%s: %s\n' "$1" "$(tr '\0' ' ' < "/proc/$1/cmdline" 2> /dev/null)"
}

if [ "${1:-}" = --check-run ]; then
    run=${2:?usage: fixture_guard.sh --check-run RUN [SECONDS]}
    seconds=${3:-60}
    tries=$((seconds * 2))
    while :; do
        left=
        for pid in $(marked DISPATCH_TEST_RUN "$run"); do
            is_server "$pid" && left="$left $pid"
        done
        [ -z "$left" ] && exit 0
        tries=$((tries - 1))
        [ "$tries" -le 0 ] && break
        sleep 0.5
    done
    echo "fixture servers of this run still running after ${seconds} s (stopping them now):" >&2
    for pid in $left; do
        describe "$pid" >&2
        kill -QUIT "$pid" 2> /dev/null
    done
    exit 1
fi

token=${1:?usage: fixture_guard.sh TOKEN -|PID [DIR…]}
owner=${2:?usage: fixture_guard.sh TOKEN -|PID [DIR…]}
shift 2
dirs=$(printf '%s\n' "$@")
if [ "$owner" = - ]; then
    while IFS= read -r line; do
        dirs="$dirs
$line"
    done
else
    tail --pid="$owner" -f /dev/null
fi

# Bounded: 60 rounds of 0.5 s; a postmaster still there after 20 s gets SIGKILL.
round=0
# shellcheck disable=SC2086 # $servers and $others are lists of pids
while [ $round -lt 60 ]; do
    servers=
    others=
    for pid in $(marked DISPATCH_FIXTURE_GUARD "$token"); do
        [ "$pid" = $$ ] && continue
        if is_server "$pid"; then
            servers="$servers $pid"
        else
            others="$others $pid"
        fi
    done
    [ -z "$servers$others" ] && break
    [ -n "$others" ] && kill -KILL $others 2> /dev/null
    if [ -n "$servers" ]; then
        if [ $round -lt 40 ]; then
            kill -QUIT $servers 2> /dev/null
        else
            kill -KILL $servers 2> /dev/null
        fi
    fi
    round=$((round + 1))
    sleep 0.5
done

printf '%s\n' "$dirs" | while IFS= read -r dir; do
    case "$dir" in
    /tmp/dispatch-?*) rm -rf -- "$dir" ;;
    esac
done

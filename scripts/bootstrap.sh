#!/usr/bin/env bash
# Installs what building, testing and running the console need, from Debian's archive.
# Safe to run again: it installs only what is missing. Uses sudo when not root.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools libqt6sql6-psql
    qt6-httpserver-dev qt6-websockets-dev          # HttpServer's CMake config needs WebSockets
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
    libgl-dev libpq-dev
    postgresql postgresql-client                   # initdb/pg_ctl for the embedded default; pgbench
    postgresql-15 util-linux                       # pg_isolation_regress ships with the server; runuser
    xvfb xauth xdotool imagemagick                 # windows on a virtual screen, screenshots
    apache2-utils curl socat                       # ab and curl for the HTTP tests
    iproute2                                       # tests/fault: ss shows what a paused proxy holds
    clang-format
    clang libclang-rt-dev                          # libFuzzer (-DDISPATCH_BUILD_FUZZ=ON, label fuzz)
    desktop-file-utils                             # tests: the .desktop file validates
    libsystemd-dev                                 # serve: sd_notify readiness (Type=notify)
    help2man                                       # the man page, generated from --help
    appstream                                      # tests: appstreamcli validate (metainfo)
    lintian                                        # scripts/package.sh --test lints the .deb
    systemd man-db                                 # tests: systemd-analyze verify/security, man -l
    patroni etcd-server python3-etcd               # tests/ha: a Patroni cluster on loopback (etcd3 API)
    pgbouncer                                      # tests/pooler: transaction pooling on loopback
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi
echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

#!/usr/bin/env bash
# Builds the Debian package (cpack -G DEB) from an optimised build without tests/benchmarks.
#   scripts/package.sh          # → build-package/dispatch-console_<version>-1_<arch>.deb
#   scripts/package.sh --test   # … lint it (lintian, appstreamcli), then install it, start it
#                               # from /usr/bin, verify its systemd unit, and remove it again
# BUILD_DIR overrides the build directory (default: build-package).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$here/build-package}
"$here/scripts/bootstrap.sh"
# Debian's hardening flags (fortify, stack protector, relro, bindnow), as a Debian build would
# use them: lintian checks the binary for them.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
LDFLAGS="$(dpkg-buildflags --get LDFLAGS)" \
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DDISPATCH_BUILD_TESTS=OFF -DDISPATCH_BUILD_BENCH=OFF >/dev/null
nice -n 10 cmake --build "$build" -j"${JOBS:-2}"
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/dispatch-console_*.deb | head -1)
echo "package: $deb"
dpkg-deb --field "$deb" Package Version Depends Recommends

[ "${1:-}" = "--test" ] || exit 0

# Debian's checks on the package itself: no error, no warning (the overrides it ships give
# their reasons: packaging/lintian-overrides), and the AppStream metadata inside it.
lintian --fail-on error,warning --display-info "$deb"
unpacked=$(mktemp -d /tmp/dispatch-deb-XXXXXX)
dpkg-deb -x "$deb" "$unpacked"
appstreamcli validate --no-net "$unpacked"/usr/share/metainfo/*.metainfo.xml
rm -rf "$unpacked"

# The install test: a fresh install from the .deb, started from the installed path.
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
if dpkg-query -W -f='${Status}' dispatch-console 2>/dev/null | grep -q 'install ok installed'; then
    echo "dispatch-console is already installed; not touching it" >&2
    exit 1
fi
work=$(mktemp -d /tmp/dispatch-package-XXXXXX)
chmod 755 "$work"
cleanup() {
    [ -n "${app:-}" ] && kill -TERM "$app" 2>/dev/null && wait "$app" 2>/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get purge -y -qq dispatch-console >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
dpkg -L dispatch-console | grep -E 'bin/|applications/|256x256|metainfo|man1|systemd|etc/'
command -v desktop-file-validate >/dev/null \
    && desktop-file-validate /usr/share/applications/dispatch-console.desktop
# Installed, the service's unit verifies with its man page in place (systemd need not run).
systemd-analyze verify /lib/systemd/system/dispatch-console-api.service
systemd-analyze security --offline=yes /lib/systemd/system/dispatch-console-api.service | tail -1
cp /lib/systemd/system/dispatch-console-api@.service "$work/dispatch-console-api@example.service"
systemd-analyze verify "$work/dispatch-console-api@example.service"
man -w dispatch-console
/usr/bin/dispatch-console --version
/usr/bin/dispatch-console --migrate-only --data-dir "$work/cluster" --demo-data 20
LANG=de_DE.UTF-8 /usr/bin/dispatch-console --migrate-only --data-dir "$work/cluster"   # in German
QT_QPA_PLATFORM=offscreen /usr/bin/dispatch-console --data-dir "$work/cluster" >"$work/gui.log" 2>&1 &
app=$!
for _ in $(seq 1 60); do grep -q "console open" "$work/gui.log" && break; sleep 0.5; done
grep "console open" "$work/gui.log" || { cat "$work/gui.log" >&2; exit 1; }
sleep 3
kill -0 "$app" || { cat "$work/gui.log" >&2; exit 1; }
kill -TERM "$app"; wait "$app" || true; app=
echo "install test passed; removing the package again"

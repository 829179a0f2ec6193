#pragma once

#include <QString>

// Linked into every test executable (an INTERFACE source of dispatch_testsupport): before
// main() runs, the process starts its watchdog, tests/fixture_guard.sh, in a session of its
// own, and marks its environment with DISPATCH_FIXTURE_GUARD=<token>. The watchdog waits
// on a pipe whose only write end this process holds; when this process ends — normally,
// by CTest's timeout SIGKILL, abort() or a crash — it stops every PostgreSQL server and ends
// every program still carrying the mark (a TestCluster's server, a dispatch-console the test
// ran and that console's server) and removes the directories named here.
namespace FixtureGuard {

// True when the watchdog is running (it is not when setsid or the script is missing; then
// a warning was printed at start-up).
bool isWatching();

// The mark this process's children inherit (empty when not watching).
QString token();

// `dir` (under /tmp/dispatch-*) is removed by the watchdog after this process ends.
void removeAfterExit(const QString &dir);

} // namespace FixtureGuard

#pragma once

#include <QString>

class QProcess;

// A socat proxy on loopback in front of a test cluster's Unix socket: TCP 127.0.0.1:port →
// socketDir/.s.PGSQL.5432. Killing it is a network cut that the client sees as a lost
// connection while the server may not yet know. Shared by the fault tests that cut networks.

// A TCP port on 127.0.0.1 that was free a moment ago (0 when none could be found).
int freeLoopbackPort();
// True when something listens on 127.0.0.1:port (from /proc/net/tcp, state 0A).
bool isListeningOnLoopback(int port);
// Starts the proxy and waits (bounded) until it listens. forking: keep listening after the
// first connection (the network that comes back, for every reconnect).
bool startSocatProxy(QProcess &proxy, int port, const QString &socketDir, bool forking);

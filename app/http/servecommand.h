#pragma once

#include "db/connectionsettings.h"
#include "http/httplimits.h"

#include <QHostAddress>
#include <QSqlDatabase>

// The `serve` and `token` commands, run by main() once the database is found and migrated.

struct ServeOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080;
    int workers = 4;
    int queueLimit = 64;
    HttpLimits limits; // the defaults: docs/http-api.md, "Limits"
};

// Serves the driver API until SIGINT/SIGTERM (QCoreApplication::quit()). Prints one line
// "listening on http://HOST:PORT" on stdout when ready (with the chosen port for port 0).
// Returns the exit code.
int runServe(const ConnectionSettings &settings, const ServeOptions &options);

// Prints a new token for the driver once on stdout (only its hash is stored), or revokes
// the driver's token. Returns the exit code.
int runToken(QSqlDatabase db, qint64 driverId, bool revoke);

#pragma once

#include "db/connectionsettings.h"
#include "http/httplimits.h"
#include "http/ratelimiter.h"

#include <QFile>
#include <QHostAddress>
#include <QObject>
#include <QSqlDatabase>
#include <functional>
#include <memory>

class DriverApi;
class QTimer;

// The `serve` and `token` commands, run by main() once the database is found and migrated.

struct ServeOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080;
    int workers = 4;
    int queueLimit = 64;
    HttpLimits limits; // the defaults: docs/http-api.md, "Limits"
    QString accessLogFile; // empty: stderr (the journal, under systemd)
    RateLimit rateLimit { 10, 20, {} }; // claims per driver: --rate-limit, --rate-burst
    int drainTimeoutMs = 10000; // SIGTERM: how long in-flight requests may still take
};

// `dispatch-console serve` as a service manager sees it (packaging/dispatch-console-api.service).
//
// run() listens, checks that the schema is current, then prints "listening on http://HOST:PORT"
// on stdout (with the chosen port for port 0) and tells systemd READY=1 (sd_notify; nothing
// without NOTIFY_SOCKET). stop() (SIGTERM, SIGINT) tells STOPPING=1, closes the port and
// waits, up to drainTimeoutMs, until every request already received is answered and written
// out, then ends run() with 0; a second stop() ends it at once. reload() (SIGHUP) reads the
// settings again through the given function and reopens the access log file; connections are
// not touched. What cannot change while running (listen, workers, max-queue, database) is
// named in the log as waiting for a restart.
//
// Lives on the main thread, with the DriverApi it runs.
class DriverApiService : public QObject
{
    Q_OBJECT
public:
    // Reads the settings again (the command line and its --config file): true and *options,
    // or false and a one-line *error.
    using Reread = std::function<bool(ServeOptions *options, QString *error)>;

    DriverApiService(const ConnectionSettings &settings, const ServeOptions &options,
                     Reread reread = {}, QObject *parent = nullptr);
    ~DriverApiService() override;

    int run(); // the exit code

    void stop();
    void reload();

private:
    bool openAccessLog(QString *error);
    void writeAccessLog(const QString &line);
    bool drained() const;

    ConnectionSettings m_settings;
    ServeOptions m_options;
    Reread m_reread;
    std::unique_ptr<DriverApi> m_api;
    QFile m_accessLog;
    QTimer *m_drainPoll = nullptr;
    bool m_stopping = false;
};

// Prints a new token for the driver once on stdout (only its hash is stored), or revokes
// the driver's token. Returns the exit code.
int runToken(QSqlDatabase db, qint64 driverId, bool revoke);

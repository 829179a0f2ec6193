#pragma once

#include "db/connectionsettings.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// A throwaway PgBouncer 1.18 (Debian's pgbouncer, scripts/bootstrap.sh installs it) in front
// of a test cluster's Unix socket: TCP 127.0.0.1:port(), pool_mode = transaction, so every
// transaction may run in another server session — how sites with many consoles and driver
// apps keep their server connections down. server_round_robin = 1 hands out the idle server
// connections in turn (PgBouncer's default is to reuse the last one), so that two
// transactions of one client really do land in different sessions whenever the pool has two.
// Runs as the postgres account when we are root (PgBouncer refuses root); stopped by the
// destructor, and by the test process's watchdog however that process ends (fixtureguard.h).
class PgBouncerPool
{
public:
    // socketDir and serverPort: where the server listens (its .s.PGSQL.<port> socket); users:
    // the logins clients may use (auth_type = trust: the server authenticates them).
    PgBouncerPool(const QString &socketDir, int serverPort, const QStringList &users,
                  int poolSize = 8);
    ~PgBouncerPool();
    PgBouncerPool(const PgBouncerPool &) = delete;
    PgBouncerPool &operator=(const PgBouncerPool &) = delete;

    bool start(); // QVERIFY2(pool.start(), qPrintable(pool.errorString()))
    void stop();
    QString errorString() const { return m_error; }
    int port() const { return m_port; }
    QString log() const; // pgbouncer's log, for a failure message

    // A client's address: host=127.0.0.1 port=port() dbname=database user=user.
    ConnectionSettings settings(const QString &database, const QString &user) const;
    QString url(const QString &database, const QString &user) const;

private:
    QString m_socketDir;
    int m_serverPort;
    QStringList m_users;
    int m_poolSize;
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
    QString m_error;
};

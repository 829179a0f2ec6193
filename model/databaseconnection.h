#pragma once

#include "connectionsettings.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

// One named QPSQL connection owned by the thread that creates it, removed again when this
// object is destroyed. QSqlDatabase connections must not cross threads: every thread that
// talks to the database (GUI, each simulated driver, each HTTP worker, the listener) makes
// its own DatabaseConnection.
class DatabaseConnection
{
public:
    // purpose shows in the connection name and in pg_stat_activity.application_name.
    DatabaseConnection(const ConnectionSettings &settings, const QString &purpose);
    ~DatabaseConnection();
    DatabaseConnection(const DatabaseConnection &) = delete;
    DatabaseConnection &operator=(const DatabaseConnection &) = delete;

    // Opens (or re-opens after a lost connection). Returns the error, or an invalid one.
    QSqlError open();
    void close();
    QSqlDatabase database() const;
    QString name() const { return m_name; }
    // Bumped by every successful open(): statements prepared under an older generation
    // belong to a server session that is gone (see StatementCache).
    quint64 generation() const { return m_generation; }
    // True while the caller has a transaction open on this connection (BEGIN sent, no
    // COMMIT/ROLLBACK yet), as libpq tracks it; false when idle or closed.
    bool inTransaction() const;

    // True when the error means "the server or the connection is gone" (no SQLSTATE, or
    // class 08 / 57P01–57P03): the caller should reconnect rather than report a refusal.
    static bool isConnectionLoss(const QSqlError &error);
    // A short reason safe to show a user: no SQL text, no password.
    static QString describe(const QSqlError &error);

private:
    QString m_name;
    quint64 m_generation = 0;
};

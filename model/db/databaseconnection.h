#pragma once

#include "db/connectionsettings.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

typedef struct pg_conn PGconn; // libpq-fe.h

// One named QPSQL connection owned by the thread that creates it, removed again when this
// object is destroyed. QSqlDatabase connections must not cross threads: every thread that
// talks to the database (GUI, each simulated driver, each HTTP worker, the listener) makes
// its own DatabaseConnection.
//
// Every session it opens, to any server, waits a bounded time (timeoutsFor(purpose)):
// lock_timeout 2 s everywhere (a locked order answers ORDER_BUSY, never hangs), a
// statement_timeout and an idle_in_transaction_session_timeout chosen by purpose. They are
// set by one statement right after connecting, not as startup `options`, which poolers
// such as PgBouncer refuse. A value the connection itself asked for (`options='-c …'` in
// the URL, or PGOPTIONS) wins over ours; role and database defaults do not.
// TCP keepalives and tcp_user_timeout come from ConnectionSettings::applyTo.
class DatabaseConnection
{
public:
    // Milliseconds; what a session of one purpose may wait for.
    struct Timeouts
    {
        int lockMs = 2000; // the same as the embedded cluster's postgresql.conf
        int statementMs = 0;
        int idleInTransactionMs = 0;
    };
    // By purpose prefix: "gui" 1 s statements (the boards refresh on the GUI thread),
    // "assign", "http-", "sim-", "listen" 5 s, "inspector" 10 s; anything else (setup,
    // migrations, demo data, tools, tests) 10 min. Idle in a transaction: 30 s, else 10 min.
    static Timeouts timeoutsFor(const QString &purpose);

    // purpose shows in the connection name and in pg_stat_activity.application_name.
    DatabaseConnection(const ConnectionSettings &settings, const QString &purpose);
    ~DatabaseConnection();
    DatabaseConnection(const DatabaseConnection &) = delete;
    DatabaseConnection &operator=(const DatabaseConnection &) = delete;

    // Opens (or re-opens after a lost connection) and sets the session's timeouts.
    // Returns the error, or an invalid one; on error the connection is closed.
    QSqlError open();
    void close();
    // After a failover or a server restart QPSQL keeps the dead session, and every query on
    // it fails: if a trivial query says the connection is lost (or it is closed), opens it
    // again (libpq's multi-host address then finds the new primary). For a long-lived
    // connection whose owner learns that the server came back (ConsoleSession's GUI
    // connection when the listener is live again). Returns open()'s error, or an invalid one.
    QSqlError reopenIfLost();
    QSqlDatabase database() const;
    QString name() const { return m_name; }
    // Bumped by every successful open(): statements prepared under an older generation
    // belong to a server session that is gone (see StatementCache).
    quint64 generation() const { return m_generation; }
    // True while the caller has a transaction open on this connection (BEGIN sent, no
    // COMMIT/ROLLBACK yet), as libpq tracks it; false when idle or closed.
    bool inTransaction() const;
    Timeouts timeouts() const { return m_timeouts; }
    // What StatementCache sets again in each statement's transaction (set_config(name,
    // value, true)), so that the timeouts hold behind a transaction pooler, where the session
    // settings of open() may have gone to another server session: lock_timeout and
    // statement_timeout, except one the connection asked for itself or the server lacks
    // (found by open(), so the statement needs no look at pg_settings). Names and values
    // alternate.
    const QList<QByteArray> &transactionSettings() const { return m_transactionSettings; }
    // libpq's socket while open, else -1. Owning thread only; see ConnectionBreaker.
    int socketDescriptor() const;
    // The backend pid the server announced at start-up (BackendKeyData, for cancel
    // requests) while open, else 0. The server's pg_backend_pid() is the same number unless
    // something between makes up key data of its own for each client: a connection pooler
    // (PgBouncer, in any pool mode), which may hand the client's statements to other
    // server sessions.
    int announcedBackendPid() const;

    // True when the error means "the server or the connection is gone" (no SQLSTATE, or
    // class 08 / 57P01–57P03): the caller should reconnect rather than report a refusal.
    static bool isConnectionLoss(const QSqlError &error);
    // A short reason safe to show a user: no SQL text, no password.
    static QString describe(const QSqlError &error);

private:
    PGconn *native() const; // QPSQL's libpq connection while open, else nullptr
    QString m_name;
    // This connection's handle, kept so that no query goes through Qt's connection
    // dictionary (QSqlDatabase::database(name) takes its QReadWriteLock every time).
    QSqlDatabase m_db;
    quint64 m_generation = 0;
    Timeouts m_timeouts;
    QList<QByteArray> m_transactionSettings;
};

// Lets another thread end a call that is blocked on a DatabaseConnection (a query the server
// never answers, a server that stopped, a network that went quiet) so the owning thread can
// be stopped and joined at once instead of after the timeouts. breakNow() shuts the socket
// down: the blocked call returns with a connection error and the session is gone (the server
// rolls back whatever was open). It works on a duplicate of libpq's descriptor, so it never
// touches a number libpq has already closed and the system handed to something else.
class ConnectionBreaker
{
public:
    ConnectionBreaker() = default;
    ~ConnectionBreaker();
    ConnectionBreaker(const ConnectionBreaker &) = delete;
    ConnectionBreaker &operator=(const ConnectionBreaker &) = delete;

    // Owning thread: after a successful open(), and before the connection is closed.
    void watch(const DatabaseConnection &connection);
    void forget();
    // Any thread. Also breaks any connection watched later: once broken, stays broken.
    void breakNow();
    bool isBroken() const;

private:
    mutable QMutex m_mutex;
    int m_socket = -1; // our duplicate
    bool m_broken = false;
};

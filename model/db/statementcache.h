#pragma once

#include <QByteArray>
#include <QList>
#include <QSqlError>
#include <QString>
#include <map>
#include <memory>

class DatabaseConnection;
class QSqlDatabase;
class QSqlQuery;

// The hot statements of one connection, run as protocol-level statements on QPSQL's native
// libpq handle (QSqlDriver::handle() -> PGconn*), never as SQL-level PREPARE/EXECUTE: a
// named server-side statement lives in one server session, and PgBouncer in transaction
// mode hands each transaction to whichever server session is free, where a name prepared
// elsewhere is unknown (SQLSTATE 26000). Each exec() is one pipeline and one round trip:
// the connection's lock and statement timeouts as set_config(..., true) (transaction-local,
// so no session state is left for the next client of a pooled server session; those the
// client chose itself are left out: DatabaseConnection::transactionSettings()), the
// statement itself as an unnamed statement with its parameters, then Sync. An autocommit
// statement and its timeouts thus share one implicit transaction; inside the caller's
// transaction they last until it ends.
//
// The returned QSqlQuery is an ordinary one (addBindValue, exec, next, value, finish,
// lastError); placeholders are `?`. Errors keep the server's SQLSTATE in nativeErrorCode()
// and its message in databaseText(), as QPSQL's do; a lost connection is a
// QSqlError::ConnectionError. The cache still follows the connection's generation (bumped by
// every open) and rebuilds its statements for a new session. Used on the connection's own
// thread only.
class StatementCache
{
public:
    explicit StatementCache(DatabaseConnection &connection);
    ~StatementCache();
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    // The statement for sql on the current session, or nullptr with *error set when the
    // connection is not open.
    QSqlQuery *prepared(const QString &sql, QSqlError *error);
    // Drops every statement.
    void clear();

    // One statement run the same way (protocol level, unnamed), not kept: for the statements
    // with parameters that are not hot enough to cache (board and inspector queries,
    // maintenance), so that they too pass a transaction pooler and leave nothing in the
    // server session. settings: name, value, name, value, … set transaction-locally before
    // the statement, in its round trip (the inspector's transaction_read_only); none by
    // default. prepare(), addBindValue() and exec() as usual.
    static QSqlQuery unnamed(const QSqlDatabase &db, const QList<QByteArray> &settings = {});

    // SQLSTATE 26000: "prepared statement does not exist". The statement was not run, so
    // sending it once more is safe. Protocol-level unnamed statements never meet it; kept
    // for callers that still run SQL-level prepared statements of their own.
    static bool isStaleStatement(const QSqlError &error);

    // `?` placeholders (outside quotes, identifiers and comments) as `$1`, `$2`, ...; the
    // count in *parameters.
    static QString numberedPlaceholders(const QString &sql, int *parameters);

private:
    DatabaseConnection &m_connection;
    quint64 m_generation = 0;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

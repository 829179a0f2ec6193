#pragma once

#include <QSqlError>
#include <QString>
#include <map>
#include <memory>

class DatabaseConnection;
class QSqlQuery;

// The prepared statements of one server session. A prepared statement lives in the server
// session that prepared it: once the connection has been opened again (a reconnect after a
// lost answer, a settle, a restart), every statement of the old session is gone, whoever
// reopened it. The cache compares the connection's generation (bumped by every open) with
// the one its statements were prepared on and drops them all on a mismatch, so no holder
// keeps a statement of a dead session. Used on the connection's own thread only.
class StatementCache
{
public:
    explicit StatementCache(DatabaseConnection &connection);
    ~StatementCache();
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    // The statement for sql, prepared on the current session (prepared now if needed), or
    // nullptr with *error set when the server refused to prepare it.
    QSqlQuery *prepared(const QString &sql, QSqlError *error);
    // Drops every statement, e.g. after SQLSTATE 26000 (the server does not know it).
    void clear();

    // SQLSTATE 26000: "prepared statement does not exist". The statement was not run, so
    // preparing it again and running it once more is safe.
    static bool isStaleStatement(const QSqlError &error);

private:
    DatabaseConnection &m_connection;
    quint64 m_generation = 0;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

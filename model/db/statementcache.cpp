#include "db/statementcache.h"

#include "db/databaseconnection.h"

#include <QSqlQuery>

StatementCache::StatementCache(DatabaseConnection &connection)
    : m_connection(connection)
{ }

StatementCache::~StatementCache() = default;

QSqlQuery *StatementCache::prepared(const QString &sql, QSqlError *error)
{
    if (m_generation != m_connection.generation()) {
        clear();
        m_generation = m_connection.generation();
    }
    auto found = m_statements.find(sql);
    if (found != m_statements.end())
        return found->second.get();
    auto query = std::make_unique<QSqlQuery>(m_connection.database());
    // Not forward-only: QPSQL would use single-row mode, and a row could then be read
    // before the server acknowledged the commit.
    if (!query->prepare(sql)) {
        *error = query->lastError();
        return nullptr;
    }
    return m_statements.emplace(sql, std::move(query)).first->second.get();
}

void StatementCache::clear()
{
    m_statements.clear();
}

bool StatementCache::isStaleStatement(const QSqlError &error)
{
    return error.nativeErrorCode() == QLatin1String("26000");
}

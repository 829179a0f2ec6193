// BENCHMARK ONLY — the seed's vulnerable SELECT-then-UPDATE. See naiveclaim.h.

#include "naiveclaim.h"

#include "db/databaseconnection.h"

#include <QSqlError>
#include <QVariant>

NaiveReadThenWriteClaim::NaiveReadThenWriteClaim(DatabaseConnection &connection)
    : m_connection(connection)
{ }

NaiveReadThenWriteClaim::~NaiveReadThenWriteClaim() = default;

bool NaiveReadThenWriteClaim::prepare()
{
    if (m_read)
        return true;
    QSqlDatabase db = m_connection.database();
    // Session-wide labels so the history trigger (sql/002) names this bench, not "direct SQL".
    QSqlQuery label(db);
    if (!label.exec(QStringLiteral("SELECT set_config('dispatch.source', 'sql', false),"
                                   " set_config('dispatch.actor', 'bench-naive', false)"))) {
        m_error = label.lastError().text();
        return false;
    }
    auto read = std::make_unique<QSqlQuery>(db);
    auto write = std::make_unique<QSqlQuery>(db);
    if (!read->prepare(
            QStringLiteral("SELECT status, driver_id, is_active FROM orders WHERE id = ?"))
        || !write->prepare(
            QStringLiteral("UPDATE orders SET driver_id = ?, status = 'driver_assigned',"
                           " assigned_at = now() WHERE id = ?"))) {
        m_error
            = read->lastError().isValid() ? read->lastError().text() : write->lastError().text();
        return false;
    }
    m_read = std::move(read);
    m_write = std::move(write);
    return true;
}

NaiveReadThenWriteClaim::Result NaiveReadThenWriteClaim::claim(qint64 orderId, qint64 driverId)
{
    if (!prepare())
        return Result::Error;
    // 1. Read.
    m_read->addBindValue(orderId);
    if (!m_read->exec()) {
        m_error = m_read->lastError().text();
        return Result::Error;
    }
    // 2. Validate in application code, on what was read a moment ago.
    const bool available = m_read->next() && m_read->value(0).toString() == QLatin1String("ready")
        && m_read->value(1).isNull() && m_read->value(2).toBool();
    m_read->finish();
    if (!available)
        return Result::Refused;
    // 3. Write, trusting the stale read: no status or driver check — that is the bug.
    m_write->addBindValue(driverId);
    m_write->addBindValue(orderId);
    if (!m_write->exec()) {
        m_error = m_write->lastError().text();
        return Result::Error;
    }
    m_write->finish();
    return Result::Won;
}

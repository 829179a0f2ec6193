#include "readyorderpicker.h"

#include <QSqlQuery>
#include <QVariant>

std::optional<qint64> ReadyOrderPicker::next(QSqlDatabase db)
{
    QSqlQuery pick(db);
    if (m_lowest == 0) {
        if (!pick.exec(QStringLiteral("SELECT min(id), max(id) FROM orders")) || !pick.next())
            return std::nullopt;
        m_lowest = pick.value(0).toLongLong();
        m_highest = pick.value(1).toLongLong();
        pick.finish();
    }
    const qint64 pivot = m_lowest + qint64(m_random.bounded(quint64(m_highest - m_lowest + 1)));
    pick.prepare(
        QStringLiteral("SELECT coalesce((SELECT id FROM orders WHERE status = 'ready'"
                       "   AND driver_id IS NULL AND id >= ? ORDER BY id LIMIT 1),"
                       " (SELECT id FROM orders WHERE status = 'ready' AND driver_id IS NULL"
                       "   ORDER BY id LIMIT 1), 0)"));
    pick.addBindValue(pivot);
    if (!pick.exec() || !pick.next())
        return std::nullopt;
    return pick.value(0).toLongLong();
}

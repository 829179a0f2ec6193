#include "readyordersmodel.h"

#include <QDateTime>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Query columns, in this order; the view's columns are ReadyOrdersModel::Column.
enum QueryColumn { QId, QReadyAt, QPickup, QDropoff, QCustomer, QTotal, QHeldBy, QHeldUntil };

QString ageText(qint64 seconds)
{
    if (seconds < 60)
        return QObject::tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return QObject::tr("%1 min").arg(seconds / 60);
    return QObject::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

// LIKE treats % and _ as wildcards and \ as escape: a dispatcher's text means itself.
QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

ReadyOrdersModel::ReadyOrdersModel(QSqlDatabase db, QObject *parent)
    : QSqlQueryModel(parent)
    , m_db(std::move(db))
{}

void ReadyOrdersModel::setFilterText(const QString &text)
{
    m_filter = text.trimmed().left(200);
}

bool ReadyOrdersModel::refresh()
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "SELECT id, ready_at, pickup, dropoff, customer, total,"
        "       CASE WHEN reserved_until > now() THEN reserved_by END,"
        "       CASE WHEN reserved_until > now() THEN reserved_until END"
        "  FROM orders"
        " WHERE status = 'ready' AND driver_id IS NULL AND is_active"
        "   AND (? = '' OR id::text = ? OR customer ILIKE ? OR pickup ILIKE ?"
        "        OR dropoff ILIKE ?)"
        " ORDER BY ready_at NULLS LAST, id"
        " LIMIT %1")
                      .arg(maxRows()));
    const QString pattern = likePattern(m_filter);
    query.addBindValue(m_filter);
    query.addBindValue(m_filter);
    query.addBindValue(pattern);
    query.addBindValue(pattern);
    query.addBindValue(pattern);
    if (!query.exec())
        return false;
    setQuery(std::move(query));
    if (lastError().isValid())
        return false;
    emit refreshed(rowCount());
    return true;
}

QVariant ReadyOrdersModel::raw(int row, int queryColumn) const
{
    return QSqlQueryModel::data(createIndex(row, queryColumn), Qt::DisplayRole);
}

int ReadyOrdersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

qint64 ReadyOrdersModel::orderIdAt(int row) const
{
    return raw(row, QId).toLongLong();
}

int ReadyOrdersModel::rowOfOrder(qint64 orderId) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (orderIdAt(row) == orderId)
            return row;
    }
    return -1;
}

QVariant ReadyOrdersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int r = index.row();
    const auto column = Column(index.column());
    switch (role) {
    case OrderIdRole:
        return raw(r, QId);
    case ReadyAtRole:
        return raw(r, QReadyAt);
    case HeldUntilRole:
        return raw(r, QHeldUntil);
    case Qt::TextAlignmentRole:
        if (column == Column::Id || column == Column::Total || column == Column::Age)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case Column::Id:
        return raw(r, QId);
    case Column::Age: {
        const QDateTime readyAt = raw(r, QReadyAt).toDateTime();
        return readyAt.isValid() ? ageText(readyAt.secsTo(QDateTime::currentDateTimeUtc())) : QString();
    }
    case Column::Pickup:
        return raw(r, QPickup);
    case Column::Dropoff:
        return raw(r, QDropoff);
    case Column::Customer:
        return raw(r, QCustomer);
    case Column::Total:
        return QLocale().toString(raw(r, QTotal).toDouble(), 'f', 2);
    case Column::Hold: {
        const QString by = raw(r, QHeldBy).toString();
        if (by.isEmpty())
            return {};
        return tr("held by %1 until %2")
            .arg(by, raw(r, QHeldUntil).toDateTime().toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    }
    case Column::Count:
        break;
    }
    return {};
}

QVariant ReadyOrdersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QSqlQueryModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Id:
        return tr("Order");
    case Column::Age:
        return tr("Ready for");
    case Column::Pickup:
        return tr("Pickup");
    case Column::Dropoff:
        return tr("Drop-off");
    case Column::Customer:
        return tr("Customer");
    case Column::Total:
        return tr("Total");
    case Column::Hold:
        return tr("Hold");
    case Column::Count:
        break;
    }
    return {};
}

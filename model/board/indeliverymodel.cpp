#include "board/indeliverymodel.h"

#include "core/textinput.h"

#include <QSqlError>
#include <QSqlQuery>

namespace {
enum QueryColumn {
    QId,
    QStatus,
    QDriverId,
    QDriverName,
    QStatusSince,
    QPromisedAt,
    QPickup,
    QDropoff,
    QCustomer
};

} // namespace

InDeliveryModel::InDeliveryModel(QSqlDatabase db, QObject *parent)
    : QueryModel(parent)
    , m_db(std::move(db))
{ }

bool InDeliveryModel::refresh()
{
    QSqlQuery query(m_db);
    // Served by orders_in_delivery_idx (sql/015); rows from before 015 have no
    // status_changed_at: the assignment time stands in.
    if (!query.exec(QStringLiteral(
            "SELECT o.id, o.status, o.driver_id, d.name,"
            "       coalesce(o.status_changed_at, o.assigned_at), o.promised_at,"
            "       o.pickup, o.dropoff, o.customer"
            "  FROM orders o JOIN drivers d ON d.id = o.driver_id"
            " WHERE o.status IN ('driver_assigned', 'picked_up', 'in_transit') AND o.is_active"
            " ORDER BY o.promised_at NULLS LAST, o.assigned_at, o.id"
            " LIMIT 2000")))
        return false;
    setQuery(std::move(query));
    return !lastError().isValid();
}

int InDeliveryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

qint64 InDeliveryModel::orderIdAt(int row) const
{
    return raw(row, QId).toLongLong();
}

qint64 InDeliveryModel::driverIdAt(int row) const
{
    return raw(row, QDriverId).toLongLong();
}

QString InDeliveryModel::statusAt(int row) const
{
    return raw(row, QStatus).toString();
}

QDateTime InDeliveryModel::promisedAt(int row) const
{
    return TextInput::utc(raw(row, QPromisedAt));
}

int InDeliveryModel::rowOfOrder(qint64 orderId) const
{
    return rowWhere(QId, orderId);
}

InDeliveryModel::Urgency InDeliveryModel::urgencyAt(int row, const QDateTime &now) const
{
    const QDateTime promised = promisedAt(row);
    if (!promised.isValid())
        return Urgency::None;
    const qint64 left = now.secsTo(promised);
    if (left < 0)
        return Urgency::Late;
    return left <= kSoonMinutes * 60 ? Urgency::Soon : Urgency::OnTime;
}

QString InDeliveryModel::statusLabel(const QString &status)
{
    if (status == QLatin1String("driver_assigned"))
        return tr("Assigned");
    if (status == QLatin1String("picked_up"))
        return tr("Picked up");
    if (status == QLatin1String("in_transit"))
        return tr("In transit");
    return status;
}

QString InDeliveryModel::duration(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QString InDeliveryModel::summary() const
{
    int assigned = 0;
    int picked = 0;
    int transit = 0;
    int late = 0;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int r = 0; r < rowCount(); ++r) {
        const QString status = statusAt(r);
        assigned += status == QLatin1String("driver_assigned");
        picked += status == QLatin1String("picked_up");
        transit += status == QLatin1String("in_transit");
        late += urgencyAt(r, now) == Urgency::Late;
    }
    QString text
        = tr("%1 assigned · %2 picked up · %3 in transit").arg(assigned).arg(picked).arg(transit);
    if (late > 0)
        text += QStringLiteral(" · ") + tr("%n late", nullptr, late);
    return text;
}

QVariant InDeliveryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int r = index.row();
    const Column column = Column(index.column());
    switch (role) {
    case OrderIdRole:
        return raw(r, QId);
    case DriverIdRole:
        return raw(r, QDriverId);
    case StatusRole:
        return raw(r, QStatus);
    case UrgencyRole:
        return int(urgencyAt(r));
    case Qt::ToolTipRole:
        if (column == Column::Promise && !raw(r, QPromisedAt).isNull())
            return tr("Promised for %1")
                .arg(TextInput::utc(raw(r, QPromisedAt))
                         .toLocalTime()
                         .toString(QStringLiteral("HH:mm")));
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (column) {
    case Column::Id:
        return raw(r, QId);
    case Column::Status:
        return statusLabel(statusAt(r));
    case Column::Driver:
        return raw(r, QDriverName);
    case Column::InStatusFor: {
        const QDateTime since = TextInput::utc(raw(r, QStatusSince));
        return since.isValid() ? duration(since.secsTo(now)) : QString();
    }
    case Column::Promise: {
        const QDateTime promised = TextInput::utc(raw(r, QPromisedAt));
        if (!promised.isValid())
            return tr("no promise");
        const qint64 left = now.secsTo(promised);
        if (left < 0)
            return tr("late by %1").arg(duration(-left));
        if (left <= kSoonMinutes * 60)
            return tr("due in %1").arg(duration(left));
        return tr("%1 left").arg(duration(left));
    }
    case Column::Pickup:
        return raw(r, QPickup);
    case Column::Dropoff:
        return raw(r, QDropoff);
    case Column::Customer:
        return raw(r, QCustomer);
    case Column::Count:
        break;
    }
    return {};
}

QVariant InDeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QSqlQueryModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Id:
        return tr("Order");
    case Column::Status:
        return tr("Status");
    case Column::Driver:
        return tr("Driver");
    case Column::InStatusFor:
        return tr("In status for");
    case Column::Promise:
        return tr("Promise");
    case Column::Pickup:
        return tr("Pickup");
    case Column::Dropoff:
        return tr("Drop-off");
    case Column::Customer:
        return tr("Customer");
    case Column::Count:
        break;
    }
    return {};
}

#include "board/assignedordersmodel.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace {
enum QueryColumn {
    QId,
    QDriverId,
    QDriverName,
    QAssignedAt,
    QPickup,
    QDropoff,
    QCustomer,
    QDriverActive,
    QDriverOnShift
};
} // namespace

AssignedOrdersModel::AssignedOrdersModel(QSqlDatabase db, QObject *parent)
    : QueryModel(parent)
    , m_db(std::move(db))
{ }

bool AssignedOrdersModel::refresh()
{
    QSqlQuery query(m_db);
    if (!query.exec(
            QStringLiteral(
                "SELECT o.id, o.driver_id, d.name, o.assigned_at, o.pickup, o.dropoff, o.customer,"
                "       d.is_active, d.on_shift"
                "  FROM orders o JOIN drivers d ON d.id = o.driver_id"
                " WHERE o.status = 'driver_assigned' AND o.is_active"
                " ORDER BY o.assigned_at DESC, o.id DESC"
                " LIMIT %1")
                .arg(maxRows())))
        return false;
    setQuery(std::move(query));
    return !lastError().isValid();
}

int AssignedOrdersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

qint64 AssignedOrdersModel::orderIdAt(int row) const
{
    return raw(row, QId).toLongLong();
}

qint64 AssignedOrdersModel::driverIdAt(int row) const
{
    return raw(row, QDriverId).toLongLong();
}

QString AssignedOrdersModel::driverNameAt(int row) const
{
    return raw(row, QDriverName).toString();
}

AssignedOrdersModel::DriverState AssignedOrdersModel::driverStateAt(int row) const
{
    if (!raw(row, QDriverActive).toBool())
        return DriverState::DriverInactive;
    if (!raw(row, QDriverOnShift).toBool())
        return DriverState::DriverOffShift;
    return DriverState::WaitingForPickup;
}

bool AssignedOrdersModel::rowMatches(int row, const QString &text) const
{
    const QString wanted = text.trimmed();
    if (wanted.isEmpty())
        return true;
    if (raw(row, QId).toString() == wanted)
        return true;
    for (const int column : { QDriverName, QCustomer, QPickup, QDropoff }) {
        if (raw(row, column).toString().contains(wanted, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

int AssignedOrdersModel::rowOfOrder(qint64 orderId) const
{
    return rowWhere(QId, orderId);
}

QVariant AssignedOrdersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int r = index.row();
    if (role == OrderIdRole)
        return raw(r, QId);
    if (role == DriverIdRole)
        return raw(r, QDriverId);
    const auto column = Column(index.column());
    if (role == SortRole) {
        switch (column) {
        case Column::Id:
            return raw(r, QId).toLongLong();
        case Column::Status:
            return int(driverStateAt(r));
        case Column::AssignedFor: // longest assigned first when descending
            return raw(r, QAssignedAt).toDateTime().secsTo(QDateTime::currentDateTimeUtc());
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Id:
        return raw(r, QId);
    case Column::Driver:
        return raw(r, QDriverName);
    case Column::Status:
        switch (driverStateAt(r)) {
        case DriverState::WaitingForPickup:
            return tr("waiting for pickup");
        case DriverState::DriverOffShift:
            return tr("driver off shift");
        case DriverState::DriverInactive:
            return tr("driver inactive");
        }
        return {};
    case Column::AssignedFor: {
        const qint64 secs
            = raw(r, QAssignedAt).toDateTime().secsTo(QDateTime::currentDateTimeUtc());
        return secs < 60 ? tr("%1 s").arg(secs) : tr("%1 min").arg(secs / 60);
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

QVariant AssignedOrdersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QSqlQueryModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Id:
        return tr("Order");
    case Column::Driver:
        return tr("Driver");
    case Column::Status:
        return tr("Status");
    case Column::AssignedFor:
        return tr("Assigned for");
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

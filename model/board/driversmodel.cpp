#include "board/driversmodel.h"

#include "board/readyordersmodel.h"

#include <QSqlError>
#include <QSqlQuery>

namespace {
enum QueryColumn { QId, QName, QActive, QHolding };
}

DriversModel::DriversModel(QSqlDatabase db, QObject *parent)
    : QueryModel(parent)
    , m_db(std::move(db))
{ }

bool DriversModel::refresh()
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT d.id, d.name, d.is_active,"
                                 "       count(o.id) FILTER (WHERE o.status IN ('driver_assigned', "
                                 "'picked_up', 'in_transit'))"
                                 "  FROM drivers d LEFT JOIN orders o ON o.driver_id = d.id"
                                 " WHERE d.is_active OR NOT ?"
                                 " GROUP BY d.id"
                                 " ORDER BY NOT d.is_active, d.name, d.id"
                                 " LIMIT 2000"));
    query.addBindValue(m_hideInactive);
    if (!query.exec())
        return false;
    setQuery(std::move(query));
    return !lastError().isValid();
}

int DriversModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

qint64 DriversModel::driverIdAt(int row) const
{
    return raw(row, QId).toLongLong();
}

bool DriversModel::isActiveAt(int row) const
{
    return raw(row, QActive).toBool();
}

int DriversModel::rowOfDriver(qint64 driverId) const
{
    return rowWhere(QId, driverId);
}

QVariant DriversModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int r = index.row();
    const bool active = raw(r, QActive).toBool();
    switch (role) {
    case DriverIdRole:
        return raw(r, QId);
    case ActiveRole:
        return active;
    case Qt::ToolTipRole:
        return active
            ? tr("Driver %1").arg(raw(r, QId).toLongLong())
            : tr("Driver %1 is inactive and cannot take orders").arg(raw(r, QId).toLongLong());
    case Qt::DisplayRole:
        if (Column(index.column()) == Column::Name)
            return active ? raw(r, QName).toString()
                          : tr("%1 (inactive)").arg(raw(r, QName).toString());
        if (Column(index.column()) == Column::Holding)
            return raw(r, QHolding);
        return {};
    case Qt::TextAlignmentRole:
        if (Column(index.column()) == Column::Holding)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

Qt::ItemFlags DriversModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (!isActiveAt(index.row()))
        return Qt::NoItemFlags; // greyed, not selectable
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDropEnabled;
}

QVariant DriversModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QSqlQueryModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name:
        return tr("Driver");
    case Column::Holding:
        return tr("Holding");
    case Column::Count:
        break;
    }
    return {};
}

QStringList DriversModel::mimeTypes() const
{
    return { QString::fromLatin1(ReadyOrdersModel::kMimeType) };
}

Qt::DropActions DriversModel::supportedDropActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

bool DriversModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int row, int,
                                   const QModelIndex &parent) const
{
    const int target = parent.isValid() ? parent.row() : row;
    return target >= 0 && target < rowCount() && isActiveAt(target)
        && !ReadyOrdersModel::orderIdsFromMime(data).isEmpty();
}

bool DriversModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const int target = parent.isValid() ? parent.row() : row;
    emit assignRequested(ReadyOrdersModel::orderIdsFromMime(data), driverIdAt(target));
    return false; // nothing moves in this model; the claim decides
}

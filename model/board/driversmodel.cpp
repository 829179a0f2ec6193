#include "board/driversmodel.h"

#include "board/readyordersmodel.h"
#include "db/statementcache.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <limits>

namespace {
enum QueryColumn { QId, QName, QActive, QHolding, QOnShift, QCapacity, QLastSeen, QState };
}

DriversModel::DriversModel(QSqlDatabase db, QObject *parent)
    : QueryModel(parent)
    , m_db(std::move(db))
{ }

bool DriversModel::refresh()
{
    QSqlQuery query = StatementCache::unnamed(m_db);
    // The load is drivers.active_orders, kept by a trigger (sql/015); the state is what a
    // claim would find: off shift, at capacity (busy), or available.
    query.prepare(QStringLiteral(
        "SELECT d.id, d.name, d.is_active, d.active_orders, d.on_shift, d.max_concurrent_orders,"
        "       s.seen_at,"
        "       CASE WHEN NOT d.is_active THEN 3 WHEN NOT d.on_shift THEN 2"
        "            WHEN d.max_concurrent_orders IS NOT NULL"
        "                 AND d.active_orders >= d.max_concurrent_orders THEN 1"
        "            ELSE 0 END AS state"
        "  FROM drivers d LEFT JOIN driver_last_seen s ON s.driver_id = d.id"
        " WHERE d.is_active OR NOT ?"
        " ORDER BY state, d.name, d.id"
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

DriversModel::State DriversModel::stateAt(int row) const
{
    return State(raw(row, QState).toInt());
}

QString DriversModel::stateLabel(State state)
{
    switch (state) {
    case State::Available:
        return tr("Available");
    case State::Busy:
        return tr("Busy");
    case State::OffShift:
        return tr("Off shift");
    case State::Inactive:
        return tr("Inactive");
    }
    return {};
}

int DriversModel::rowOfDriver(qint64 driverId) const
{
    return rowWhere(QId, driverId);
}

QString DriversModel::lastSeenText(const QVariant &seenAt, const QDateTime &now)
{
    if (seenAt.isNull())
        return tr("never");
    const qint64 secs = std::max<qint64>(0, seenAt.toDateTime().secsTo(now));
    if (secs < 60)
        return tr("just now");
    if (secs < 3600)
        return tr("%1 min ago").arg(secs / 60);
    return tr("%1 h ago").arg(secs / 3600);
}

QList<DriversModel::Suggestion> DriversModel::suggestions(int max) const
{
    struct Candidate
    {
        int row;
        int load;
        QVariant capacity; // null: no limit
        int room; // INT_MAX: no limit
        QDateTime seen; // invalid: never
        QString name;
    };
    QList<Candidate> candidates;
    for (int r = 0; r < rowCount(); ++r) {
        if (stateAt(r) != State::Available)
            continue;
        const int load = raw(r, QHolding).toInt();
        const QVariant capacity = raw(r, QCapacity);
        candidates.append(
            { r, load, capacity,
              capacity.isNull() ? std::numeric_limits<int>::max() : capacity.toInt() - load,
              raw(r, QLastSeen).toDateTime(), raw(r, QName).toString() });
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) {
                         if (a.load != b.load)
                             return a.load < b.load;
                         if (a.room != b.room)
                             return a.room > b.room;
                         if (a.seen.isValid() != b.seen.isValid())
                             return a.seen.isValid();
                         if (a.seen != b.seen)
                             return a.seen > b.seen;
                         return a.name.localeAwareCompare(b.name) < 0;
                     });
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Suggestion> ranked;
    for (const Candidate &c : candidates) {
        if (ranked.size() == max)
            break;
        const QString load = c.capacity.isNull()
            ? tr("%n order(s), no limit", nullptr, c.load)
            : tr("%1 of %2 orders").arg(c.load).arg(c.capacity.toInt());
        ranked.append({ driverIdAt(c.row), c.name,
                        c.seen.isValid()
                            ? tr("%1, app seen %2").arg(load, lastSeenText(c.seen, now))
                            : tr("%1, app not seen yet").arg(load) });
    }
    return ranked;
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
        if (Column(index.column()) == Column::State)
            return stateLabel(stateAt(r));
        if (Column(index.column()) == Column::Holding)
            return raw(r, QCapacity).isNull()
                ? raw(r, QHolding)
                : QVariant(
                    tr("%1 / %2").arg(raw(r, QHolding).toInt()).arg(raw(r, QCapacity).toInt()));
        if (Column(index.column()) == Column::LastSeen)
            return lastSeenText(raw(r, QLastSeen), QDateTime::currentDateTimeUtc());
        return {};
    case StateRole:
        return int(stateAt(r));
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
    case Column::State:
        return tr("Status");
    case Column::Holding:
        return tr("Load");
    case Column::LastSeen:
        return tr("Last seen");
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

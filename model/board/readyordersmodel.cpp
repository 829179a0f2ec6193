#include "board/readyordersmodel.h"

#include "core/textinput.h"
#include "db/statementcache.h"

#include <QDataStream>
#include <QIODevice>
#include <QLocale>
#include <QMimeData>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace {

// Query columns, in this order; the view's columns are ReadyOrdersModel::Column.
enum QueryColumn {
    QId,
    QReadyAt,
    QPickup,
    QDropoff,
    QCustomer,
    QTotal,
    QHeldBy,
    QHeldUntil,
    QIsReady,
    QStatus,
    QDriverName,
    QReadyCount, // ready rows in this result: the same on every row
    QReadyTotal // every ready order, filter or not ("9 of 60"); NULL without a filter
};

QString ageText(qint64 seconds)
{
    if (seconds < 60)
        return ReadyOrdersModel::tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return ReadyOrdersModel::tr("%1 min").arg(seconds / 60);
    return ReadyOrdersModel::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace

ReadyOrdersModel::ReadyOrdersModel(QSqlDatabase db, QObject *parent)
    : QueryModel(parent)
    , m_db(std::move(db))
{ }

void ReadyOrdersModel::setFilterText(const QString &text)
{
    // A filter is cut, not refused: it narrows the board as the dispatcher types.
    m_filter = TextInput::cleaned(text.left(TextInput::kMaxLength));
}

QString ReadyOrdersModel::orderByClause() const
{
    // Whitelisted: the column name never comes from the user.
    QString column;
    switch (m_sortColumn) {
    case Column::Id:
        column = QStringLiteral("id");
        break;
    case Column::Age:
        column = QStringLiteral("ready_at");
        break;
    case Column::Pickup:
        column = QStringLiteral("pickup");
        break;
    case Column::Dropoff:
        column = QStringLiteral("dropoff");
        break;
    case Column::Customer:
        column = QStringLiteral("customer");
        break;
    case Column::Total:
        column = QStringLiteral("total");
        break;
    case Column::Hold:
    case Column::Count:
        column = QStringLiteral("reserved_until");
        break;
    }
    // Age grows as ready_at shrinks: "descending age" is ascending ready_at.
    bool ascending = m_sortOrder == Qt::AscendingOrder;
    if (m_sortColumn == Column::Age)
        ascending = !ascending;
    return column
        + (ascending ? QStringLiteral(" ASC NULLS LAST") : QStringLiteral(" DESC NULLS LAST"))
        + QStringLiteral(", id");
}

bool ReadyOrdersModel::refresh()
{
    // Outcomes older than the visible window are forgotten; pending ones are kept.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<qint64> shown;
    for (auto it = m_annotations.begin(); it != m_annotations.end();) {
        if (!it->pending && it->at.secsTo(now) > outcomeVisibleSeconds()) {
            it = m_annotations.erase(it);
        } else {
            shown << it.key();
            ++it;
        }
    }

    // Two branches, so that the ready one can walk orders_ready_board_idx (sql/009) in board
    // order and stop after maxRows() instead of sorting every ready order on each refresh
    // (an OR with the kept rows would force a bitmap scan and a full sort). The second
    // branch brings back the rows this console still shows an outcome for, unless the first
    // branch already has them.
    const QString readyAndMatching = QStringLiteral(
        "(%1.status = 'ready' AND %1.driver_id IS NULL AND %1.is_active"
        " AND (? = '' OR %1.id::text = ? OR %1.customer ILIKE ? OR %1.pickup ILIKE ?"
        "      OR %1.dropoff ILIKE ?))");
    QSqlQuery query = StatementCache::unnamed(m_db);
    query.prepare(
        QStringLiteral("SELECT o.id, o.ready_at, o.pickup, o.dropoff, o.customer, o.total,"
                       "       CASE WHEN o.reserved_until > now() THEN o.reserved_by END,"
                       "       CASE WHEN o.reserved_until > now() THEN o.reserved_until END,"
                       "       (o.status = 'ready' AND o.driver_id IS NULL AND o.is_active),"
                       "       o.status, d.name,"
                       "       count(*) FILTER (WHERE o.status = 'ready' AND o.driver_id IS NULL"
                       "                          AND o.is_active) OVER (),"
                       "       %5"
                       "  FROM ((SELECT * FROM orders r WHERE %3 ORDER BY %1 LIMIT %2)"
                       "        UNION ALL"
                       "        (SELECT * FROM orders k WHERE k.id = ANY (CAST(? AS bigint[])) AND "
                       "NOT %4)) AS o"
                       "  LEFT JOIN drivers d ON d.id = o.driver_id"
                       " ORDER BY %1"
                       " LIMIT %2")
            .arg(orderByClause())
            .arg(maxRows())
            .arg(readyAndMatching.arg(QLatin1String("r")), readyAndMatching.arg(QLatin1String("k")),
                 // Only with a filter: then the tab says "9 of 60". An index-only count on
                 // orders_ready_board_idx's partial predicate.
                 m_filter.isEmpty()
                     ? QStringLiteral("NULL::bigint")
                     : QStringLiteral("(SELECT count(*) FROM orders t WHERE t.status = 'ready'"
                                      " AND t.driver_id IS NULL AND t.is_active)")));
    const QString pattern = containsPattern(m_filter);
    const auto bindFilter = [&] {
        query.addBindValue(m_filter);
        query.addBindValue(m_filter);
        query.addBindValue(pattern);
        query.addBindValue(pattern);
        query.addBindValue(pattern);
    };
    bindFilter();
    query.addBindValue(TextInput::bigintArray(shown));
    bindFilter();
    ++m_queryCount;
    if (!query.exec())
        return false;
    // Every row of the new result is shown: the re-read already reflects what was hidden.
    m_allRows = true;
    m_rows.clear();
    m_indexed = false;
    setQuery(std::move(query));
    if (lastError().isValid())
        return false;
    m_readyCount = QSqlQueryModel::rowCount() > 0 ? raw(0, QReadyCount).toInt() : 0;
    if (m_filter.isEmpty()) {
        m_readyTotal = m_readyCount;
    } else if (QSqlQueryModel::rowCount() > 0) {
        m_readyTotal = raw(0, QReadyTotal).toInt();
    } else {
        // No row to carry the total: ask once (a filter that matches nothing).
        QSqlQuery total(m_db);
        m_readyTotal
            = total.exec(QStringLiteral("SELECT count(*) FROM orders WHERE status = 'ready'"
                                        " AND driver_id IS NULL AND is_active"))
                && total.next()
            ? total.value(0).toInt()
            : 0;
    }
    emit refreshed(m_readyCount);
    return true;
}

int ReadyOrdersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

qint64 ReadyOrdersModel::orderIdAt(int row) const
{
    return at(row, QId).toLongLong();
}

int ReadyOrdersModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_allRows ? QSqlQueryModel::rowCount() : int(m_rows.size());
}

int ReadyOrdersModel::rowOfOrder(qint64 orderId) const
{
    if (!m_indexed) {
        const int rows = QSqlQueryModel::rowCount();
        m_queryRowOfOrder.clear();
        m_queryRowOfOrder.reserve(rows);
        for (int source = 0; source < rows; ++source)
            m_queryRowOfOrder.insert(raw(source, QId).toLongLong(), source);
        m_indexed = true;
    }
    const auto found = m_queryRowOfOrder.constFind(orderId);
    if (found == m_queryRowOfOrder.cend())
        return -1;
    if (m_allRows)
        return *found;
    // m_rows holds the shown query rows in ascending order (hiding only removes).
    const auto shown = std::lower_bound(m_rows.cbegin(), m_rows.cend(), *found);
    return shown != m_rows.cend() && *shown == *found ? int(shown - m_rows.cbegin()) : -1;
}

ReadyOrdersModel::Refresh ReadyOrdersModel::applyChange(const OrderChange &change)
{
    if (!change.isKnown())
        return Refresh::Soon; // cannot tell what changed: read it all again
    if (change.isReady() && change.op != OrderChange::Op::Delete)
        return Refresh::Soon; // new on the board, or a shown row's hold or text changed
    // It is gone from the ready board (claimed, moved on, deleted).
    const int row = rowOfOrder(change.id);
    if (row < 0 || !at(row, QIsReady).toBool())
        return Refresh::Paced; // not shown, or shown only for an outcome already
    if (m_annotations.contains(change.id))
        return Refresh::Soon; // this console's own claim: its outcome row comes with a re-read
    if (m_allRows) {
        const int rows = QSqlQueryModel::rowCount();
        m_rows.resize(rows);
        for (int source = 0; source < rows; ++source)
            m_rows[source] = source;
        m_allRows = false;
    }
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    --m_readyCount;
    m_readyTotal = std::max(0, m_readyTotal - 1);
    endRemoveRows();
    return Refresh::Paced;
}

void ReadyOrdersModel::notifyRowChanged(qint64 orderId)
{
    const int row = rowOfOrder(orderId);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void ReadyOrdersModel::markPending(qint64 orderId)
{
    Annotation &annotation = m_annotations[orderId];
    annotation.pending = true;
    annotation.at = QDateTime::currentDateTimeUtc();
    notifyRowChanged(orderId);
}

void ReadyOrdersModel::setOutcome(const ClaimOutcome &outcome)
{
    Annotation &annotation = m_annotations[outcome.orderId];
    annotation.pending = false;
    annotation.outcome = outcome;
    annotation.hasOutcome = true;
    annotation.at = QDateTime::currentDateTimeUtc();
    notifyRowChanged(outcome.orderId);
}

QVariant ReadyOrdersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int r = index.row();
    const auto column = Column(index.column());
    const auto annotation = m_annotations.constFind(at(r, QId).toLongLong());
    const bool annotated = annotation != m_annotations.constEnd();
    switch (role) {
    case OrderIdRole:
        return at(r, QId);
    case ReadyAtRole:
        return at(r, QReadyAt);
    case AgeSecondsRole: {
        const QDateTime readyAt = at(r, QReadyAt).toDateTime();
        return readyAt.isValid() ? readyAt.secsTo(QDateTime::currentDateTimeUtc()) : QVariant();
    }
    case HeldUntilRole:
        return at(r, QHeldUntil);
    case IsReadyRole:
        return at(r, QIsReady);
    case PendingRole:
        return annotated && annotation->pending;
    case OutcomeCodeRole:
        return annotated && annotation->hasOutcome && !annotation->pending
            ? annotation->outcome.codeName()
            : QString();
    case OutcomeStatusRole:
        return annotated && annotation->hasOutcome && !annotation->pending
            ? annotation->outcome.httpStatus()
            : QVariant();
    case OutcomeMessageRole:
    case Qt::ToolTipRole:
        if (annotated && annotation->pending)
            return tr("Assigning… waiting for the database");
        if (annotated && annotation->hasOutcome)
            return annotation->outcome.message();
        if (!at(r, QHeldBy).isNull())
            return data(index.siblingAtColumn(int(Column::Hold)), Qt::DisplayRole);
        return role == Qt::ToolTipRole ? QVariant() : QVariant(QString());
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
        return at(r, QId);
    case Column::Age: {
        const QDateTime readyAt = at(r, QReadyAt).toDateTime();
        return readyAt.isValid() ? ageText(readyAt.secsTo(QDateTime::currentDateTimeUtc()))
                                 : QString();
    }
    case Column::Pickup:
        return at(r, QPickup);
    case Column::Dropoff:
        return at(r, QDropoff);
    case Column::Customer:
        return at(r, QCustomer);
    case Column::Total:
        return QLocale().toString(at(r, QTotal).toDouble(), 'f', 2);
    case Column::Hold: {
        if (annotated && annotation->pending)
            return tr("assigning…");
        if (!at(r, QIsReady).toBool()) {
            const QString driver = at(r, QDriverName).toString();
            return driver.isEmpty() ? tr("now %1").arg(at(r, QStatus).toString())
                                    : tr("now with %1").arg(driver);
        }
        const QString by = at(r, QHeldBy).toString();
        if (by.isEmpty())
            return {};
        return tr("held by %1 until %2")
            .arg(by,
                 at(r, QHeldUntil).toDateTime().toLocalTime().toString(QStringLiteral("HH:mm:ss")));
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
        return tr("Hold / state");
    case Column::Count:
        break;
    }
    return {};
}

Qt::ItemFlags ReadyOrdersModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (!at(index.row(), QIsReady).toBool())
        return Qt::ItemIsEnabled; // shown for its outcome only: not selectable, not draggable
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
}

void ReadyOrdersModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= int(Column::Count))
        return;
    m_sortColumn = Column(column);
    m_sortOrder = order;
    refresh();
}

QStringList ReadyOrdersModel::mimeTypes() const
{
    return { QString::fromLatin1(kMimeType) };
}

QMimeData *ReadyOrdersModel::mimeData(const QModelIndexList &indexes) const
{
    QList<qint64> ids;
    for (const QModelIndex &index : indexes) {
        const qint64 id = orderIdAt(index.row());
        if (id > 0 && !ids.contains(id))
            ids << id;
    }
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream << ids;
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(kMimeType), bytes);
    return mime;
}

QList<qint64> ReadyOrdersModel::orderIdsFromMime(const QMimeData *mime)
{
    QList<qint64> ids;
    if (!mime || !mime->hasFormat(QString::fromLatin1(kMimeType)))
        return ids;
    QDataStream stream(mime->data(QString::fromLatin1(kMimeType)));
    stream >> ids;
    if (stream.status() != QDataStream::Ok)
        ids.clear();
    return ids;
}

#include "board/outcomelogmodel.h"

#include "core/csvwriter.h"

#include <QLocale>

OutcomeLogModel::OutcomeLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void OutcomeLogModel::append(const QString &action, const ClaimOutcome &outcome,
                             const QString &driverName)
{
    beginInsertRows({}, 0, 0);
    m_entries.prepend(
        { QDateTime::currentDateTime(), action, outcome, outcome.message(), driverName });
    endInsertRows();
    if (m_entries.size() > maxEntries()) {
        beginRemoveRows({}, maxEntries(), int(m_entries.size()) - 1);
        m_entries.resize(maxEntries());
        endRemoveRows();
    }
}

void OutcomeLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int OutcomeLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int OutcomeLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QString OutcomeLogModel::cell(const Entry &entry, Column column) const
{
    const ClaimOutcome &o = entry.outcome;
    switch (column) {
    case Column::Time:
        return entry.at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Column::Order:
        return QString::number(o.orderId);
    case Column::Driver:
        if (o.driverId <= 0)
            return {};
        if (entry.driverName.isEmpty())
            return QString::number(o.driverId);
        return QStringLiteral("%1 (%2)").arg(entry.driverName).arg(o.driverId);
    case Column::Code:
        return entry.action + QLatin1Char(' ') + o.codeName();
    case Column::Status:
        return QString::number(o.httpStatus());
    case Column::LatencyMs:
        return QLocale::c().toString(double(o.roundTripUs) / 1000.0, 'f', 1);
    case Column::Message:
        return entry.message;
    case Column::Count:
        break;
    }
    return {};
}

QVariant OutcomeLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &entry = m_entries.at(index.row());
    if (role == HttpStatusRole)
        return entry.outcome.httpStatus();
    if (role == Qt::ToolTipRole)
        return entry.message;
    if (role == Qt::DisplayRole)
        return cell(entry, Column(index.column()));
    return {};
}

QVariant OutcomeLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Time:
        return tr("Time");
    case Column::Order:
        return tr("Order");
    case Column::Driver:
        return tr("Driver");
    case Column::Code:
        return tr("Outcome");
    case Column::Status:
        return tr("HTTP");
    case Column::LatencyMs:
        return tr("ms");
    case Column::Message:
        return tr("Message");
    case Column::Count:
        break;
    }
    return {};
}

QString OutcomeLogModel::toText(const QList<int> &rows) const
{
    QStringList lines;
    for (int row : rows) {
        if (row < 0 || row >= m_entries.size())
            continue;
        QStringList cells;
        for (int c = 0; c < int(Column::Count); ++c)
            cells << cell(m_entries.at(row), Column(c));
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n'));
}

QString OutcomeLogModel::toCsv() const
{
    return csvOf(*this);
}

#include "common/boardstyle.h"

#include "board/readyordersmodel.h"
#include "common/outcomepalette.h"

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QStyle>

namespace {

enum class Lateness { OnTime, Overdue, VeryLate };

} // namespace

BoardStyleProxy::BoardStyleProxy(QObject *parent)
    : QIdentityProxyModel(parent)
{ }

void BoardStyleProxy::setOverdueMinutes(int minutes)
{
    m_overdueMinutes = std::clamp(minutes, 1, 240);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QVariant BoardStyleProxy::data(const QModelIndex &index, int role) const
{
    const QVariant base = QIdentityProxyModel::data(index, role);
    if (!index.isValid())
        return base;
    // The source's roles, asked of the source (index.data() would come back here).
    const auto fromSource = [this, &index](int sourceRole) {
        return QIdentityProxyModel::data(index, sourceRole);
    };
    const bool pending = fromSource(ReadyOrdersModel::PendingRole).toBool();
    const QVariant status = fromSource(ReadyOrdersModel::OutcomeStatusRole);
    const bool hasOutcome = status.isValid() && !status.isNull();
    const auto column = ReadyOrdersModel::Column(index.column());

    Lateness lateness = Lateness::OnTime;
    if (fromSource(ReadyOrdersModel::IsReadyRole).toBool()) {
        const qint64 age = fromSource(ReadyOrdersModel::AgeSecondsRole).toLongLong();
        if (age > 2LL * 60 * m_overdueMinutes)
            lateness = Lateness::VeryLate;
        else if (age > 60LL * m_overdueMinutes)
            lateness = Lateness::Overdue;
    }

    switch (role) {
    case Qt::BackgroundRole:
        if (pending)
            return QColor(0xbb, 0xde, 0xfb); // light blue: waiting for the database
        if (hasOutcome)
            return OutcomePalette::background(status.toInt());
        if (lateness == Lateness::VeryLate)
            return QColor(0xff, 0xcd, 0xd2);
        if (lateness == Lateness::Overdue)
            return QColor(0xff, 0xec, 0xb3);
        return base;
    case Qt::ForegroundRole:
        if (pending || lateness != Lateness::OnTime)
            return QColor(Qt::black);
        if (hasOutcome)
            return OutcomePalette::text(status.toInt());
        return base;
    case Qt::FontRole:
        if (pending) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (hasOutcome) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return base;
    case Qt::DecorationRole: {
        QStyle *style = QApplication::style();
        if (column == ReadyOrdersModel::Column::Id) {
            if (pending)
                return style->standardIcon(QStyle::SP_BrowserReload);
            if (hasOutcome) {
                const int code = status.toInt();
                return style->standardIcon(code == 200       ? QStyle::SP_DialogApplyButton
                                               : code == 409 ? QStyle::SP_MessageBoxCritical
                                                             : QStyle::SP_MessageBoxWarning);
            }
        }
        if (column == ReadyOrdersModel::Column::Age && lateness != Lateness::OnTime)
            return style->standardIcon(lateness == Lateness::VeryLate
                                           ? QStyle::SP_MessageBoxCritical
                                           : QStyle::SP_MessageBoxWarning);
        return base;
    }
    case Qt::DisplayRole:
        if (column == ReadyOrdersModel::Column::Age && lateness == Lateness::Overdue)
            return tr("%1 · overdue").arg(base.toString());
        if (column == ReadyOrdersModel::Column::Age && lateness == Lateness::VeryLate)
            return tr("%1 · very late").arg(base.toString());
        if (column == ReadyOrdersModel::Column::Hold && hasOutcome) {
            const QString code = fromSource(ReadyOrdersModel::OutcomeCodeRole).toString();
            const int http = status.toInt();
            const QString state = base.toString();
            const QString head
                = http == 200 ? tr("%1 ✓").arg(code) : tr("%1 %2").arg(http).arg(code);
            return state.isEmpty() ? head : head + QStringLiteral(" — ") + state;
        }
        return base;
    case Qt::ToolTipRole:
        if (column == ReadyOrdersModel::Column::Age && lateness != Lateness::OnTime && !hasOutcome)
            return tr("Waiting longer than the %n-minute limit", nullptr, m_overdueMinutes);
        return base;
    default:
        return base;
    }
}

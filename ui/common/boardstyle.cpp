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

// "409 — now with Ada Winner (ORDER_ALREADY_ASSIGNED)": the status and the state first,
// the code name last, so that what a narrow column cuts off (it elides on the right) is the
// part the colour and the icon already say (issue 17: the winner's name was cut off).
QString BoardStyleProxy::outcomeText(const QModelIndex &index) const
{
    const QString code
        = QIdentityProxyModel::data(index, ReadyOrdersModel::OutcomeCodeRole).toString();
    const int http = QIdentityProxyModel::data(index, ReadyOrdersModel::OutcomeStatusRole).toInt();
    const QString state = QIdentityProxyModel::data(index, Qt::DisplayRole).toString();
    const QString head = http == 200 ? QStringLiteral("✓") : QString::number(http);
    if (state.isEmpty())
        return tr("%1 %2").arg(head, code);
    return tr("%1 — %2 (%3)").arg(head, state, code);
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
        if (column == ReadyOrdersModel::Column::Hold && hasOutcome)
            return outcomeText(index);
        return base;
    case Qt::ToolTipRole:
        if (column == ReadyOrdersModel::Column::Age && lateness != Lateness::OnTime && !hasOutcome)
            return tr("Waiting longer than the %n-minute limit", nullptr, m_overdueMinutes);
        if (column == ReadyOrdersModel::Column::Hold && hasOutcome) {
            // The whole cell as well as the outcome's sentence: a narrow column elides it.
            const QString cell = outcomeText(index);
            const QString said = base.toString();
            return said.contains(cell) ? said : said + QLatin1Char('\n') + cell;
        }
        return base;
    default:
        return base;
    }
}

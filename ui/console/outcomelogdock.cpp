#include "console/outcomelogdock.h"

#include "board/outcomelogmodel.h"
#include "console/consoletable.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace {

// The window's strings kept their context when they moved out of MainWindow, so the
// catalogue's translations still apply.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(MainWindow)
};

} // namespace

OutcomeLogDock::OutcomeLogDock(OutcomeLogModel *log, QWidget *parent)
    : QDockWidget(Text::tr("Outcome log"), parent)
    , m_log(log)
{
    setObjectName(QStringLiteral("outcomeLog"));
    m_view = makeConsoleTable(this, Text::tr("Outcome log"));
    m_view->setModel(m_log);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(Text::tr("&Copy"), m_view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &OutcomeLogDock::copySelection);
    m_view->addAction(copy);
    m_view->horizontalHeader()->resizeSection(int(OutcomeLogModel::Column::Code), 280);

    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *line = new QHBoxLayout;
    m_toggle = new QToolButton(body);
    m_toggle->setCheckable(true);
    m_toggle->setAccessibleName(Text::tr("Show the whole outcome log"));
    m_latest = new QLabel(body);
    m_latest->setAccessibleName(Text::tr("Latest outcome"));
    m_latest->setTextFormat(Qt::PlainText);
    line->addWidget(m_toggle);
    line->addWidget(m_latest, 1);
    layout->addLayout(line);
    layout->addWidget(m_view, 1);
    setWidget(body);
    connect(m_toggle, &QToolButton::toggled, this, [this](bool open) {
        setCollapsed(!open);
        QSettings().setValue(QStringLiteral("outcomeLog/collapsed"), !open);
    });
    connect(m_log, &QAbstractItemModel::rowsInserted, this, &OutcomeLogDock::updateLatest);
    connect(m_log, &QAbstractItemModel::modelReset, this, &OutcomeLogDock::updateLatest);
    updateLatest();
    setCollapsed(QSettings().value(QStringLiteral("outcomeLog/collapsed"), true).toBool());
}

void OutcomeLogDock::setCollapsed(bool collapsed)
{
    m_collapsed = collapsed;
    m_view->setVisible(!collapsed);
    {
        const QSignalBlocker quiet(m_toggle);
        m_toggle->setChecked(!collapsed);
    }
    m_toggle->setText(collapsed ? Text::tr("▸ Log") : Text::tr("▾ Log"));
    m_toggle->setToolTip(collapsed ? Text::tr("Show the whole outcome log")
                                   : Text::tr("Show one line only"));
    // Collapsed, the dock is its title and one line: the board above gets the room.
    if (collapsed)
        setMaximumHeight(widget()->sizeHint().height() + 2 * fontMetrics().height());
    else
        setMaximumHeight(QWIDGETSIZE_MAX);
}

QString OutcomeLogDock::latestText() const
{
    return m_latest->text();
}

void OutcomeLogDock::updateLatest()
{
    if (m_log->rowCount() == 0) {
        m_latest->setText(Text::tr("No outcomes yet."));
        return;
    }
    const auto cell = [this](OutcomeLogModel::Column column) {
        return m_log->index(0, int(column)).data().toString();
    };
    m_latest->setText(Text::tr("%1 · order %2 · %3")
                          .arg(cell(OutcomeLogModel::Column::Time),
                               cell(OutcomeLogModel::Column::Order),
                               cell(OutcomeLogModel::Column::Message)));
}

void OutcomeLogDock::copySelection()
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QApplication::clipboard()->setText(m_log->toText(rows));
}

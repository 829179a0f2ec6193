#include "console/boardpanel.h"

#include "board/driversmodel.h"
#include "board/readyordersmodel.h"
#include "board/refreshpacer.h"
#include "common/boardstyle.h"
#include "common/viewstate.h"
#include "console/consoletable.h"

#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {

// The window's strings kept their context when they moved out of MainWindow, so the
// catalogue's translations still apply.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(MainWindow)
};

} // namespace

BoardPanel::BoardPanel(ReadyOrdersModel *board, DriversModel *drivers, QWidget *parent)
    : QWidget(parent)
    , m_board(board)
    , m_drivers(drivers)
    , m_pacer(new RefreshPacer(1000, this))
{
    connect(m_pacer, &RefreshPacer::refreshDue, this, &BoardPanel::refreshBoard);
    auto *layout = new QVBoxLayout(this);
    buildFilterRow();
    auto *splitter = new QSplitter(this);
    m_style = new BoardStyleProxy(this);
    m_style->setSourceModel(m_board);
    m_boardView = makeConsoleTable(splitter, Text::tr("Ready orders"));
    buildBoard();
    m_driversPane = new QWidget(splitter);
    buildDrivers();
    splitter->addWidget(m_boardView);
    splitter->addWidget(m_driversPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    updateAssignButton();
}

void BoardPanel::buildFilterRow()
{
    auto *row = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(Text::tr("Filter by order number, customer or address (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(Text::tr("Filter the ready board"));
    m_filter->setMaxLength(200);
    m_filter->installEventFilter(this); // Esc clears it
    row->addWidget(m_filter, 1);
    m_countLabel = new QLabel(this);
    m_countLabel->setAccessibleName(Text::tr("Ready orders count"));
    row->addWidget(m_countLabel);
    static_cast<QVBoxLayout *>(layout())->addLayout(row);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_board->setFilterText(text);
        refreshBoard();
    });
}

void BoardPanel::buildBoard()
{
    m_boardView->setModel(m_style);
    m_boardView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_boardView->setSortingEnabled(true);
    m_boardView->horizontalHeader()->setSortIndicator(int(ReadyOrdersModel::Column::Age),
                                                      Qt::DescendingOrder);
    m_boardView->setDragEnabled(true);
    m_boardView->setDragDropMode(QAbstractItemView::DragOnly);
    m_boardView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_boardView->setToolTip(
        Text::tr("Enter or double-click assigns the selected orders to the selected "
                 "driver; drag orders onto a driver; H holds for 30 s"));
    m_boardView->installEventFilter(this);
    connect(m_boardView, &QTableView::doubleClicked, this, &BoardPanel::assignSelected);
    connect(m_boardView, &QWidget::customContextMenuRequested, this, &BoardPanel::showBoardMenu);
    connect(m_boardView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BoardPanel::updateAssignButton);
}

void BoardPanel::buildDrivers()
{
    auto *layout = new QVBoxLayout(m_driversPane);
    layout->setContentsMargins(0, 0, 0, 0);
    // A driver's whole name beside status, load and last seen ("Ben Jensen  Available  1 / 3
    // 12 min ago"): the board gives way first.
    m_driversPane->setMinimumWidth(m_driversPane->fontMetrics().averageCharWidth() * 40);
    m_driversView = makeConsoleTable(m_driversPane, Text::tr("Drivers"));
    m_driversView->setModel(m_drivers);
    m_driversView->setSelectionMode(QAbstractItemView::SingleSelection);
    // The name takes what status, load and last seen leave.
    m_driversView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_driversView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_driversView->setAcceptDrops(true);
    m_driversView->setDropIndicatorShown(true);
    m_driversView->setDragDropMode(QAbstractItemView::DropOnly);
    m_driversView->installEventFilter(this);
    m_driversView->viewport()->installEventFilter(this); // a click on an inactive driver
    layout->addWidget(m_driversView);
    m_assignButton = new QPushButton(m_driversPane);
    m_assignButton->setToolTip(
        Text::tr("Claim the selected orders for the selected driver (Enter)"));
    m_assignButton->setAccessibleName(Text::tr("Assign selected orders to the selected driver"));
    layout->addWidget(m_assignButton);
    m_suggestionLabel = new QLabel(m_driversPane);
    m_suggestionLabel->setWordWrap(true);
    m_suggestionLabel->setTextFormat(Qt::PlainText);
    m_suggestionLabel->setAccessibleName(Text::tr("Suggested driver"));
    layout->addWidget(m_suggestionLabel);
    connect(m_drivers, &QAbstractItemModel::modelReset, this, &BoardPanel::updateSuggestion);
    updateSuggestion();
    connect(m_assignButton, &QPushButton::clicked, this, &BoardPanel::assignSelected);
    connect(m_driversView, &QTableView::doubleClicked, this, &BoardPanel::assignSelected);
    connect(m_driversView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BoardPanel::updateAssignButton);
}

bool BoardPanel::refreshBoard()
{
    const ViewState state = ViewState::capture(m_boardView, ReadyOrdersModel::OrderIdRole);
    const bool ok = m_board->refresh();
    m_pacer->markRefreshed();
    state.restore(m_boardView, ReadyOrdersModel::OrderIdRole);
    updateCounts();
    return ok;
}

void BoardPanel::applyChange(const OrderChange &change)
{
    const int ready = m_board->readyCount();
    if (m_board->applyChange(change) == ReadyOrdersModel::Refresh::Soon)
        m_pacer->requestSoon();
    else
        m_pacer->requestPaced();
    if (m_board->readyCount() != ready)
        updateCounts();
}

void BoardPanel::refreshDrivers()
{
    const ViewState state = ViewState::capture(m_driversView, DriversModel::DriverIdRole);
    m_drivers->refresh();
    state.restore(m_driversView, DriversModel::DriverIdRole);
    updateAssignButton();
}

QString BoardPanel::tabTitle() const
{
    if (!m_board->filterText().isEmpty())
        return Text::tr("&Ready (%1 of %2)").arg(m_board->readyCount()).arg(m_board->readyTotal());
    return Text::tr("&Ready (%1)").arg(m_board->readyCount());
}

void BoardPanel::updateCounts()
{
    const int ready = m_board->readyCount();
    m_countLabel->setText(ready >= ReadyOrdersModel::maxRows()
                              ? Text::tr("%1+ ready").arg(ReadyOrdersModel::maxRows())
                              : Text::tr("%n ready", nullptr, ready));
    emit countsChanged();
}

QString BoardPanel::filterText() const
{
    return m_filter->text();
}

void BoardPanel::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

// The button says what Enter will do, naming the driver (issue 17: it once gave the orders to
// a driver the dispatcher no longer saw selected).
void BoardPanel::updateAssignButton()
{
    const QString driver = selectedDriverName();
    const int orders = int(selectedOrderIds().size());
    if (driver.isEmpty())
        m_assignButton->setText(Text::tr("&Assign to driver"));
    else if (orders == 0)
        m_assignButton->setText(Text::tr("&Assign to %1").arg(driver));
    else
        m_assignButton->setText(Text::tr("&Assign %n order(s) to %1", nullptr, orders).arg(driver));
}

namespace {
// The suggestion line and the key say the same when no one can take an order.
QString noDriverAvailableText()
{
    return Text::tr("No driver can take an order now: every one is off shift, at capacity or "
                    "inactive.");
}
} // namespace

void BoardPanel::updateSuggestion()
{
    const QList<DriversModel::Suggestion> ranked = m_drivers->suggestions(3);
    if (ranked.isEmpty()) {
        m_suggestionLabel->setText(noDriverAvailableText());
        m_suggestionLabel->setToolTip({});
        return;
    }
    const DriversModel::Suggestion &best = ranked.constFirst();
    m_suggestionLabel->setText(Text::tr("Suggested: %1 (%2). Ctrl+Shift+Enter assigns to them.")
                                   .arg(best.name, best.reason));
    QStringList lines;
    for (const DriversModel::Suggestion &suggestion : ranked)
        lines << QStringLiteral("%1: %2").arg(suggestion.name, suggestion.reason);
    m_suggestionLabel->setToolTip(Text::tr("Best first, by load, room left and when the app was "
                                           "last seen:\n%1")
                                      .arg(lines.join(QLatin1Char('\n'))));
}

void BoardPanel::assignToSuggested()
{
    const QList<qint64> orders = selectedOrderIds();
    if (orders.isEmpty()) {
        emit messageRequested(Text::tr("Select one or more orders on the board first."), 0);
        return;
    }
    const QList<DriversModel::Suggestion> ranked = m_drivers->suggestions(1);
    if (ranked.isEmpty()) {
        emit messageRequested(noDriverAvailableText(), 0);
        return;
    }
    // The claim decides: a driver who filled up since the list was read gets
    // DRIVER_AT_CAPACITY, shown like any other refusal.
    emit assignRequested(orders, ranked.constFirst().driverId);
}

QList<qint64> BoardPanel::selectedOrderIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_boardView->selectionModel()->selectedRows()) {
        if (index.data(ReadyOrdersModel::IsReadyRole).toBool())
            ids << index.data(ReadyOrdersModel::OrderIdRole).toLongLong();
    }
    return ids;
}

qint64 BoardPanel::selectedDriverId() const
{
    const auto rows = m_driversView->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.constFirst().data(DriversModel::DriverIdRole).toLongLong();
}

QString BoardPanel::selectedDriverName() const
{
    const auto rows = m_driversView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.constFirst().data().toString();
}

void BoardPanel::assignSelected()
{
    const QList<qint64> orders = selectedOrderIds();
    const qint64 driver = selectedDriverId();
    if (orders.isEmpty() || driver <= 0) {
        emit messageRequested(Text::tr("Select one or more orders on the board and a driver on the "
                                       "right, then press Enter."),
                              0);
        return;
    }
    emit assignRequested(orders, driver);
}

void BoardPanel::showBoardMenu(const QPoint &position)
{
    const QList<qint64> orders = selectedOrderIds();
    if (orders.isEmpty())
        return;
    QMenu menu(this);
    if (const qint64 driver = selectedDriverId(); driver > 0)
        menu.addAction(Text::tr("Assign to %1").arg(selectedDriverName()), this,
                       &BoardPanel::assignSelected);
    QMenu *to = menu.addMenu(Text::tr("Assign to"));
    for (int row = 0; row < m_drivers->rowCount() && row < 60; ++row) {
        if (!m_drivers->isActiveAt(row))
            continue;
        const qint64 driver = m_drivers->driverIdAt(row);
        to->addAction(m_drivers->index(row, 0).data().toString(), this,
                      [this, orders, driver] { emit assignRequested(orders, driver); });
    }
    menu.addAction(Text::tr("Hold for 30 s"), this, [this, orders] { emit holdRequested(orders); });
    menu.addSeparator();
    menu.addAction(Text::tr("Inspect order %1…").arg(orders.constFirst()), this,
                   [this, orders] { emit inspectRequested(orders.constFirst()); });
    menu.addAction(Text::tr("Copy order numbers"), this, [orders] {
        QStringList text;
        for (qint64 id : orders)
            text << QString::number(id);
        QApplication::clipboard()->setText(text.join(QLatin1Char('\n')));
    });
    menu.exec(m_boardView->viewport()->mapToGlobal(position));
}

bool BoardPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (m_driversView && watched == m_driversView->viewport()
        && event->type() == QEvent::MouseButtonPress) {
        // An inactive driver cannot be selected; clicking one must not leave the previous
        // driver quietly selected for the next Enter (issue 17).
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QModelIndex index = m_driversView->indexAt(mouse->position().toPoint());
        if (index.isValid() && !index.data(DriversModel::ActiveRole).toBool()) {
            m_driversView->selectionModel()->clear();
            emit messageRequested(Text::tr("%1 is inactive and cannot be given orders; choose an "
                                           "active driver.")
                                      .arg(m_drivers->index(index.row(), 0).data().toString()),
                                  0);
            return true;
        }
    }
    if (watched == m_filter && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape
        && !m_filter->text().isEmpty()) {
        m_filter->clear();
        return true;
    }
    if ((watched == m_boardView || watched == m_driversView) && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers() == Qt::NoModifier) {
            assignSelected();
            return true;
        }
        if (watched == m_boardView && key->key() == Qt::Key_Down
            && key->modifiers() == Qt::NoModifier && m_style->rowCount() > 0
            && !m_boardView->selectionModel()->hasSelection()) {
            // Nothing is selected (a filter or refresh took it): the first Down selects the
            // first row, not the one after a current index the dispatcher cannot see.
            m_boardView->selectionModel()->setCurrentIndex(m_style->index(0, 0),
                                                           QItemSelectionModel::ClearAndSelect
                                                               | QItemSelectionModel::Rows);
            return true;
        }
        if (watched == m_boardView && key->key() == Qt::Key_H
            && key->modifiers() == Qt::NoModifier) {
            emit holdRequested(selectedOrderIds());
            return true;
        }
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier
            && !m_filter->text().isEmpty()) {
            m_filter->clear();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

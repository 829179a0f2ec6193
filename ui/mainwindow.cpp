#include "mainwindow.h"

#include "assignedordersmodel.h"
#include "boardstyle.h"
#include "connectiondialog.h"
#include "csvwriter.h"
#include "driversmodel.h"
#include "inspectorwindow.h"
#include "orderchangelistener.h"
#include "outcomelogmodel.h"
#include "readyordersmodel.h"
#include "reassigndialog.h"
#include "simulationview.h"
#include "viewstate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int kPollMs = 1000; // while the listener is down

QTableView *makeTable(QWidget *parent, const QString &accessibleName)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->setVisible(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setTabKeyNavigation(false); // Tab moves between board and drivers
    view->setAccessibleName(accessibleName);
    view->setWordWrap(false);
    return view;
}

QString operationName(AssignmentService::Operation operation)
{
    switch (operation) {
    case AssignmentService::Operation::Claim:
        return MainWindow::tr("assign");
    case AssignmentService::Operation::Release:
        return MainWindow::tr("unassign");
    case AssignmentService::Operation::Hold:
        return MainWindow::tr("hold");
    case AssignmentService::Operation::Reassign:
        return MainWindow::tr("reassign");
    case AssignmentService::Operation::Advance:
        return MainWindow::tr("delivery step");
    case AssignmentService::Operation::Cancel:
        return MainWindow::tr("cancel");
    case AssignmentService::Operation::Shift:
        return MainWindow::tr("shift");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(const Parts &parts, QWidget *parent)
    : QMainWindow(parent)
    , m_parts(parts)
{
    setWindowTitle(tr("Dispatch Console"));
    resize(1280, 760);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    // The banner: non-modal, stays until replaced, closed or 20 s have passed.
    m_banner = new QFrame(central);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 4, 4);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bannerText->setAccessibleName(tr("Last outcome"));
    bannerLayout->addWidget(m_bannerText, 1);
    auto *closeBanner = new QToolButton(m_banner);
    closeBanner->setText(QStringLiteral("✕"));
    closeBanner->setToolTip(tr("Dismiss"));
    closeBanner->setAccessibleName(tr("Dismiss message"));
    bannerLayout->addWidget(closeBanner);
    connect(closeBanner, &QToolButton::clicked, m_banner, &QWidget::hide);
    m_banner->hide();
    m_bannerTimer = new QTimer(this);
    m_bannerTimer->setSingleShot(true);
    m_bannerTimer->setInterval(20000);
    connect(m_bannerTimer, &QTimer::timeout, m_banner, &QWidget::hide);
    layout->addWidget(m_banner);

    m_tabs = new QTabWidget(central);
    m_tabs->setAccessibleName(tr("Console workspaces"));

    // Ready tab: filter, board, drivers.
    auto *readyPage = new QWidget(m_tabs);
    auto *readyLayout = new QVBoxLayout(readyPage);
    auto *filterRow = new QHBoxLayout;
    m_filter = new QLineEdit(readyPage);
    m_filter->setPlaceholderText(tr("Filter by order number, customer or address (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter the ready board"));
    m_filter->setMaxLength(200);
    filterRow->addWidget(m_filter, 1);
    m_countLabel = new QLabel(readyPage);
    m_countLabel->setAccessibleName(tr("Ready orders count"));
    filterRow->addWidget(m_countLabel);
    readyLayout->addLayout(filterRow);

    auto *splitter = new QSplitter(readyPage);
    m_style = new BoardStyleProxy(this);
    m_style->setSourceModel(m_parts.board);
    m_boardView = makeTable(splitter, tr("Ready orders"));
    m_boardView->setModel(m_style);
    m_boardView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_boardView->setSortingEnabled(true);
    m_boardView->horizontalHeader()->setSortIndicator(int(ReadyOrdersModel::Column::Age),
                                                      Qt::DescendingOrder);
    m_boardView->setDragEnabled(true);
    m_boardView->setDragDropMode(QAbstractItemView::DragOnly);
    m_boardView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_boardView->setToolTip(tr("Enter or double-click assigns the selected orders to the selected "
                               "driver; drag orders onto a driver; H holds for 30 s"));
    m_boardView->installEventFilter(this);

    auto *driversPane = new QWidget(splitter);
    auto *driversLayout = new QVBoxLayout(driversPane);
    driversLayout->setContentsMargins(0, 0, 0, 0);
    m_driversView = makeTable(driversPane, tr("Drivers"));
    m_driversView->setModel(m_parts.drivers);
    m_driversView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_driversView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_driversView->setAcceptDrops(true);
    m_driversView->setDropIndicatorShown(true);
    m_driversView->setDragDropMode(QAbstractItemView::DropOnly);
    m_driversView->installEventFilter(this);
    driversLayout->addWidget(m_driversView);
    auto *assignButton = new QPushButton(tr("&Assign to driver"), driversPane);
    assignButton->setToolTip(tr("Claim the selected orders for the selected driver (Enter)"));
    assignButton->setAccessibleName(tr("Assign selected orders to the selected driver"));
    driversLayout->addWidget(assignButton);
    splitter->addWidget(m_boardView);
    splitter->addWidget(driversPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    readyLayout->addWidget(splitter, 1);
    m_tabs->addTab(readyPage, tr("&Ready"));

    // Assigned tab.
    auto *assignedPage = new QWidget(m_tabs);
    auto *assignedLayout = new QVBoxLayout(assignedPage);
    m_assignedView = makeTable(assignedPage, tr("Assigned orders"));
    m_assignedView->setModel(m_parts.assigned);
    m_assignedView->setSelectionMode(QAbstractItemView::SingleSelection);
    assignedLayout->addWidget(m_assignedView, 1);
    auto *assignedButtons = new QHBoxLayout;
    auto *unassignButton = new QPushButton(tr("&Unassign (back to the board)"), assignedPage);
    auto *reassignButton = new QPushButton(tr("Re&assign…"), assignedPage);
    assignedButtons->addStretch(1);
    assignedButtons->addWidget(unassignButton);
    assignedButtons->addWidget(reassignButton);
    assignedLayout->addLayout(assignedButtons);
    m_tabs->addTab(assignedPage, tr("Assi&gned"));
    // The trainer's workspace: simulated drivers racing on their own connections.
    m_tabs->addTab(new SimulationView(m_parts.settings, m_parts.trainingDatabase, m_tabs),
                   tr("&Simulation"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    // Outcome log dock.
    auto *dock = new QDockWidget(tr("Outcome log"), this);
    dock->setObjectName(QStringLiteral("outcomeLog"));
    m_logView = makeTable(dock, tr("Outcome log"));
    m_logView->setModel(m_parts.log);
    m_logView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_logView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_logView->installEventFilter(this);
    auto *copyLog = new QAction(tr("&Copy"), m_logView);
    copyLog->setShortcut(QKeySequence::Copy);
    copyLog->setShortcutContext(Qt::WidgetShortcut);
    connect(copyLog, &QAction::triggered, this, &MainWindow::copyLogSelection);
    m_logView->addAction(copyLog);
    m_logView->horizontalHeader()->resizeSection(int(OutcomeLogModel::Column::Code), 280);
    dock->setWidget(m_logView);
    addDockWidget(Qt::BottomDockWidgetArea, dock);

    // Status bar: is the board live?
    m_liveLabel = new QLabel(this);
    m_liveLabel->setAccessibleName(tr("Connection state"));
    statusBar()->addPermanentWidget(m_liveLabel);
    m_apiLabel = new QLabel(this);
    m_apiLabel->setAccessibleName(tr("Driver API state"));
    m_apiLabel->hide();
    statusBar()->addPermanentWidget(m_apiLabel);
    statusBar()->addPermanentWidget(new QLabel(m_parts.connectionLabel, this));

    buildMenus();

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_parts.board->setFilterText(text);
        refreshBoard();
    });
    connect(assignButton, &QPushButton::clicked, this, &MainWindow::assignSelected);
    connect(unassignButton, &QPushButton::clicked, this, &MainWindow::unassignSelected);
    connect(reassignButton, &QPushButton::clicked, this, &MainWindow::reassignSelected);
    connect(m_boardView, &QTableView::doubleClicked, this, &MainWindow::assignSelected);
    connect(m_driversView, &QTableView::doubleClicked, this, &MainWindow::assignSelected);
    connect(m_boardView, &QWidget::customContextMenuRequested, this, &MainWindow::showBoardMenu);
    connect(m_parts.drivers, &DriversModel::assignRequested, this, &MainWindow::assign);
    connect(m_parts.assignments, &AssignmentService::finished, this, &MainWindow::onFinished);

    // Live: the listener says when; while it cannot, poll every second (the board is never
    // more than ~1 s behind; tst_dispatcherboard measures it with the listener killed).
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(kPollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &MainWindow::refreshAll);
    if (m_parts.listener) {
        connect(m_parts.listener, &OrderChangeListener::ordersChanged, this,
                &MainWindow::refreshAll);
        connect(m_parts.listener, &OrderChangeListener::driversChanged, this,
                &MainWindow::refreshDrivers);
        connect(m_parts.listener, &OrderChangeListener::liveChanged, this, &MainWindow::setLive);
        setLive(m_parts.listener->isLive(), tr("connecting…"));
    } else {
        setLive(false, tr("no listener"));
    }
    // Ages and outcome flashes move on even when nothing changes in the database.
    m_ageTimer = new QTimer(this);
    m_ageTimer->setInterval(1000);
    connect(m_ageTimer, &QTimer::timeout, this, [this] {
        if (m_parts.board->rowCount() > m_parts.board->readyCount())
            refreshBoard(); // let outcome rows that have been shown long enough go
        else if (m_style->rowCount() > 0)
            emit m_style->dataChanged(
                m_style->index(0, int(ReadyOrdersModel::Column::Age)),
                m_style->index(m_style->rowCount() - 1, int(ReadyOrdersModel::Column::Age)));
    });
    m_ageTimer->start();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_style->setOverdueMinutes(settings.value(QStringLiteral("board/overdueMinutes"), 10).toInt());
    m_parts.drivers->setHideInactive(
        settings.value(QStringLiteral("drivers/hideInactive"), false).toBool());

    refreshAll();
    // Fit the columns to the first rows once; after that the user's widths stand.
    m_boardView->resizeColumnsToContents();
    m_boardView->horizontalHeader()->resizeSection(
        int(ReadyOrdersModel::Column::Age),
        m_boardView->horizontalHeader()->sectionSize(int(ReadyOrdersModel::Column::Age)) + 70);
    m_assignedView->horizontalHeader()->setDefaultSectionSize(170);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, assignedPage](int index) {
        if (m_tabs->widget(index) == assignedPage && m_parts.assigned->rowCount() > 0)
            m_assignedView->resizeColumnsToContents();
    });
    if (m_style->rowCount() > 0)
        m_boardView->selectRow(0);
    if (m_parts.drivers->rowCount() > 0 && m_parts.drivers->isActiveAt(0))
        m_driversView->selectRow(0);
    m_boardView->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = file->addAction(tr("&Connect to database…"));
    connect(connectAction, &QAction::triggered, this, [this] {
        QSettings settings;
        ConnectionDialog dialog(settings.value(QStringLiteral("connection/lastProfile")).toString(),
                                this);
        if (dialog.exec() != QDialog::Accepted || dialog.connectionString().isEmpty())
            return;
        // Remember where, never the password (one typed into the URL is dropped here).
        QString error;
        const auto parsed = ConnectionSettings::parse(dialog.connectionString(), &error);
        settings.setValue(QStringLiteral("connection/lastProfile"),
                          parsed ? parsed->toConnectionString() : QString());
        emit connectRequested(dialog.connectionString(), dialog.password());
    });
    file->addSeparator();
    QAction *exportBoard = file->addAction(tr("Export &board as CSV…"));
    connect(exportBoard, &QAction::triggered, this,
            [this] { exportCsv(tr("Export board"), boardCsv()); });
    QAction *exportLog = file->addAction(tr("Export outcome &log as CSV…"));
    connect(exportLog, &QAction::triggered, this,
            [this] { exportCsv(tr("Export outcome log"), outcomeLogCsv()); });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *orders = menuBar()->addMenu(tr("&Orders"));
    QAction *assignAction = orders->addAction(tr("&Assign to selected driver"));
    assignAction->setShortcut(Qt::CTRL | Qt::Key_Return);
    connect(assignAction, &QAction::triggered, this, &MainWindow::assignSelected);
    QAction *holdAction = orders->addAction(tr("&Hold for 30 s"));
    holdAction->setShortcut(Qt::CTRL | Qt::Key_H);
    connect(holdAction, &QAction::triggered, this, &MainWindow::holdSelected);
    QAction *inspect = orders->addAction(tr("&Inspect order…"));
    inspect->setShortcut(Qt::CTRL | Qt::Key_I);
    connect(inspect, &QAction::triggered, this, [this] {
        const auto ids = selectedOrderIds();
        if (!ids.isEmpty())
            inspectOrder(ids.constFirst());
    });

    QMenu *api = menuBar()->addMenu(tr("Driver &API"));
    m_apiAction = api->addAction(tr("&Serve the driver API…"));
    m_apiAction->setCheckable(true);
    m_apiAction->setToolTip(
        tr("POST /api/driver/orders/{id}/assign for driver apps (bearer tokens)"));
    connect(m_apiAction, &QAction::triggered, this, [this](bool start) {
        if (!start) {
            emit driverApiRequested(QString());
            return;
        }
        bool ok = false;
        const QString listen = QInputDialog::getText(
            this, tr("Serve the driver API"),
            tr("Listen on (host:port; loopback unless you mean otherwise):"), QLineEdit::Normal,
            QSettings()
                .value(QStringLiteral("api/listen"), QStringLiteral("127.0.0.1:8080"))
                .toString(),
            &ok);
        if (!ok || listen.trimmed().isEmpty()) {
            m_apiAction->setChecked(false);
            return;
        }
        QSettings().setValue(QStringLiteral("api/listen"), listen.trimmed());
        emit driverApiRequested(listen.trimmed());
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *find = view->addAction(tr("&Filter the board"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_filter->setFocus();
        m_filter->selectAll();
    });
    QAction *refresh = view->addAction(tr("&Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, &MainWindow::refreshAll);
    QAction *hideInactive = view->addAction(tr("&Hide inactive drivers"));
    hideInactive->setCheckable(true);
    hideInactive->setChecked(
        QSettings().value(QStringLiteral("drivers/hideInactive"), false).toBool());
    connect(hideInactive, &QAction::toggled, this, [this](bool hide) {
        QSettings().setValue(QStringLiteral("drivers/hideInactive"), hide);
        m_parts.drivers->setHideInactive(hide);
        refreshDrivers();
    });
    QAction *overdue = view->addAction(tr("&Overdue limit…"));
    connect(overdue, &QAction::triggered, this, [this] {
        bool ok = false;
        const int minutes
            = QInputDialog::getInt(this, tr("Overdue limit"),
                                   tr("Orders waiting longer than this many minutes turn "
                                      "amber, twice as long red:"),
                                   m_style->overdueMinutes(), 1, 240, 1, &ok);
        if (!ok)
            return;
        m_style->setOverdueMinutes(minutes);
        QSettings().setValue(QStringLiteral("board/overdueMinutes"), minutes);
    });
}

void MainWindow::addWorkspace(QWidget *widget, const QString &title)
{
    m_tabs->addTab(widget, title);
}

void MainWindow::refreshBoard()
{
    const ViewState state = ViewState::capture(m_boardView, ReadyOrdersModel::OrderIdRole);
    if (!m_parts.board->refresh())
        statusBar()->showMessage(tr("Could not read the board; retrying."), 3000);
    state.restore(m_boardView, ReadyOrdersModel::OrderIdRole);
    updateCounts();
}

void MainWindow::refreshDrivers()
{
    const ViewState state = ViewState::capture(m_driversView, DriversModel::DriverIdRole);
    m_parts.drivers->refresh();
    state.restore(m_driversView, DriversModel::DriverIdRole);
}

void MainWindow::refreshAssigned()
{
    const ViewState state = ViewState::capture(m_assignedView, AssignedOrdersModel::OrderIdRole);
    m_parts.assigned->refresh();
    state.restore(m_assignedView, AssignedOrdersModel::OrderIdRole);
}

void MainWindow::refreshAll()
{
    refreshBoard();
    refreshDrivers();
    refreshAssigned();
}

void MainWindow::updateCounts()
{
    const int ready = m_parts.board->readyCount();
    m_countLabel->setText(ready >= ReadyOrdersModel::maxRows()
                              ? tr("%1+ ready").arg(ReadyOrdersModel::maxRows())
                              : tr("%n ready", nullptr, ready));
    m_tabs->setTabText(0, tr("&Ready (%1)").arg(ready));
}

void MainWindow::setLive(bool live, const QString &reason)
{
    if (live) {
        m_pollTimer->stop();
        m_liveLabel->setText(tr("● Live"));
        m_liveLabel->setStyleSheet(QStringLiteral("color:#2e7d32;font-weight:bold;"));
        m_liveLabel->setToolTip(tr("Changes by any client appear within a moment"));
    } else {
        if (!m_pollTimer->isActive()) {
            // What changed while the listener was deaf (up to a heartbeat) was not heard.
            refreshAll();
            m_pollTimer->start();
        }
        m_liveLabel->setText(tr("● Reconnecting — refreshing every second"));
        m_liveLabel->setStyleSheet(QStringLiteral("color:#c62828;font-weight:bold;"));
        m_liveLabel->setToolTip(tr("Live updates are lost: %1").arg(reason));
    }
}

QList<qint64> MainWindow::selectedOrderIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_boardView->selectionModel()->selectedRows()) {
        if (index.data(ReadyOrdersModel::IsReadyRole).toBool())
            ids << index.data(ReadyOrdersModel::OrderIdRole).toLongLong();
    }
    return ids;
}

qint64 MainWindow::selectedDriverId() const
{
    const auto rows = m_driversView->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.constFirst().data(DriversModel::DriverIdRole).toLongLong();
}

void MainWindow::assignSelected()
{
    const QList<qint64> orders = selectedOrderIds();
    const qint64 driver = selectedDriverId();
    if (orders.isEmpty() || driver <= 0) {
        showBanner(tr("Select one or more orders on the board and a driver on the right, then "
                      "press Enter."),
                   0);
        return;
    }
    assign(orders, driver);
}

void MainWindow::assign(const QList<qint64> &orderIds, qint64 driverId)
{
    if (orderIds.isEmpty() || driverId <= 0)
        return;
    // Each order is its own atomic claim with its own honest outcome.
    if (m_batch.done >= m_batch.total)
        m_batch = {};
    m_batch.total += int(orderIds.size());
    for (qint64 order : orderIds) {
        m_parts.board->markPending(order);
        m_parts.assignments->claim(order, driverId);
    }
    statusBar()->showMessage(tr("Assigning %n order(s)…", nullptr, int(orderIds.size())));
}

void MainWindow::holdSelected()
{
    for (qint64 order : selectedOrderIds())
        m_parts.assignments->hold(order, 30);
}

void MainWindow::unassignSelected()
{
    const auto rows = m_assignedView->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        showBanner(tr("Select an assigned order first."), 0);
        return;
    }
    const int row = rows.constFirst().row();
    m_parts.assignments->release(m_parts.assigned->orderIdAt(row),
                                 m_parts.assigned->driverIdAt(row), tr("unassigned by dispatcher"));
}

void MainWindow::reassignSelected()
{
    const auto rows = m_assignedView->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        showBanner(tr("Select an assigned order first."), 0);
        return;
    }
    const int row = rows.constFirst().row();
    const qint64 order = m_parts.assigned->orderIdAt(row);
    const qint64 from = m_parts.assigned->driverIdAt(row);
    ReassignDialog dialog(order, m_parts.assigned->driverNameAt(row), m_parts.drivers,
                          DriversModel::DriverIdRole, DriversModel::ActiveRole, from, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_parts.assignments->reassign(order, from, dialog.driverId(), dialog.reason());
}

void MainWindow::showBoardMenu(const QPoint &position)
{
    const QList<qint64> orders = selectedOrderIds();
    if (orders.isEmpty())
        return;
    QMenu menu(this);
    if (const qint64 driver = selectedDriverId(); driver > 0) {
        const auto rows = m_driversView->selectionModel()->selectedRows();
        const QString name = rows.isEmpty() ? QString() : rows.constFirst().data().toString();
        menu.addAction(tr("Assign to %1").arg(name), this, &MainWindow::assignSelected);
    }
    QMenu *to = menu.addMenu(tr("Assign to"));
    for (int row = 0; row < m_parts.drivers->rowCount() && row < 60; ++row) {
        if (!m_parts.drivers->isActiveAt(row))
            continue;
        const qint64 driver = m_parts.drivers->driverIdAt(row);
        to->addAction(m_parts.drivers->index(row, 0).data().toString(), this,
                      [this, orders, driver] { assign(orders, driver); });
    }
    menu.addAction(tr("Hold for 30 s"), this, &MainWindow::holdSelected);
    menu.addSeparator();
    menu.addAction(tr("Inspect order %1…").arg(orders.constFirst()), this,
                   [this, orders] { inspectOrder(orders.constFirst()); });
    menu.addAction(tr("Copy order numbers"), this, [orders] {
        QStringList text;
        for (qint64 id : orders)
            text << QString::number(id);
        QApplication::clipboard()->setText(text.join(QLatin1Char('\n')));
    });
    menu.exec(m_boardView->viewport()->mapToGlobal(position));
}

void MainWindow::onFinished(AssignmentService::Operation operation, const ClaimOutcome &outcome)
{
    m_parts.log->append(operationName(operation), outcome);
    if (operation == AssignmentService::Operation::Claim
        || operation == AssignmentService::Operation::Hold)
        m_parts.board->setOutcome(outcome);

    if (operation == AssignmentService::Operation::Claim && m_batch.total > 1) {
        ++m_batch.done;
        if (outcome.isSuccess())
            ++m_batch.wins;
        else
            m_batch.problems << outcome.message();
        if (m_batch.done == m_batch.total) {
            QString text = tr("%1 of %2 orders assigned.").arg(m_batch.wins).arg(m_batch.total);
            if (!m_batch.problems.isEmpty())
                text += QLatin1Char(' ') + m_batch.problems.join(QLatin1Char(' '));
            showBanner(text, m_batch.problems.isEmpty() ? 200 : 409);
            statusBar()->clearMessage();
        }
    } else {
        if (operation == AssignmentService::Operation::Claim)
            ++m_batch.done;
        showBanner(outcome.message(), outcome.httpStatus());
        statusBar()->clearMessage();
    }
    refreshAll();
}

void MainWindow::inspectOrder(qint64 orderId)
{
    auto *inspector = new InspectorWindow(m_parts.settings, this);
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    inspector->setWindowFlag(Qt::Window);
    inspector->showOrder(orderId);
    inspector->show();
    emit inspectOrderRequested(orderId);
}

void MainWindow::setDriverApiState(bool running, const QString &text)
{
    m_apiAction->setChecked(running);
    m_apiLabel->setVisible(running || !text.isEmpty());
    m_apiLabel->setText(text);
}

void MainWindow::showBanner(const QString &text, int httpStatus)
{
    m_bannerText->setText(text);
    QPalette palette = m_banner->palette();
    if (httpStatus == 0) {
        palette = QApplication::palette(m_banner);
    } else {
        palette.setColor(QPalette::Window, BoardStyleProxy::outcomeBackground(httpStatus));
        palette.setColor(QPalette::WindowText, BoardStyleProxy::outcomeText(httpStatus));
    }
    m_banner->setPalette(palette);
    m_bannerText->setPalette(palette);
    m_banner->show();
    m_bannerTimer->start();
}

QString MainWindow::bannerText() const
{
    return m_banner->isVisible() ? m_bannerText->text() : QString();
}

QString MainWindow::boardCsv() const
{
    return csvOf(*m_parts.board);
}

QString MainWindow::outcomeLogCsv() const
{
    return m_parts.log->toCsv();
}

void MainWindow::exportCsv(const QString &title, const QString &csv)
{
    const QString path
        = QFileDialog::getSaveFileName(this, title, QString(), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv.toUtf8()) < 0 || !file.commit()) {
        showBanner(tr("Could not write %1: %2").arg(path, file.errorString()), 503);
        return;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
}

void MainWindow::copyLogSelection()
{
    QList<int> rows;
    for (const QModelIndex &index : m_logView->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QApplication::clipboard()->setText(m_parts.log->toText(rows));
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_boardView || watched == m_driversView) && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers() == Qt::NoModifier) {
            assignSelected();
            return true;
        }
        if (watched == m_boardView && key->key() == Qt::Key_H
            && key->modifiers() == Qt::NoModifier) {
            holdSelected();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

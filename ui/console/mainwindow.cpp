#include "console/mainwindow.h"

#include "board/assignedordersmodel.h"
#include "board/driversmodel.h"
#include "board/orderchangelistener.h"
#include "board/outcomelogmodel.h"
#include "board/readyordersmodel.h"
#include "board/refreshpacer.h"
#include "common/boardstyle.h"
#include "common/outcomepalette.h"
#include "common/viewstate.h"
#include "console/assignedpanel.h"
#include "console/assignmentcontroller.h"
#include "console/boardpanel.h"
#include "console/connectiondialog.h"
#include "console/orderdetailsdock.h"
#include "console/outcomebanner.h"
#include "console/outcomelogdock.h"
#include "core/csvwriter.h"
#include "inspector/inspectorwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <limits>

namespace {

constexpr int kPollMs = 1000; // while the listener is down
constexpr int kSidePacerMs = 1000; // side boards after changes made elsewhere

} // namespace

MainWindow::MainWindow(const Parts &parts, QWidget *parent)
    : QMainWindow(parent)
    , m_parts(parts)
    , m_controller(
          new AssignmentController(parts.assignments, parts.board, parts.log, parts.drivers, this))
{
    setWindowTitle(tr("Dispatch Console"));
    resize(1280, 760);
    buildWorkspaces();
    buildOutcomeLog();
    buildDetails();
    buildStatusBar();
    buildMenus();
    wireRequests();
    startLiveUpdates();
}

MainWindow::~MainWindow() = default;

// The banner over the tabs: Ready (the board and drivers), Assigned, then added workspaces.
void MainWindow::buildWorkspaces()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_banner = new OutcomeBanner(central);
    layout->addWidget(m_banner);
    m_tabs = new QTabWidget(central);
    m_tabs->setAccessibleName(tr("Console workspaces"));
    m_boardPanel = new BoardPanel(m_parts.board, m_parts.drivers, m_tabs);
    m_tabs->addTab(m_boardPanel, tr("&Ready"));
    m_assignedPanel = new AssignedPanel(m_parts.assigned, m_parts.drivers, m_tabs);
    m_tabs->addTab(m_assignedPanel, tr("Assi&gned"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
}

void MainWindow::buildOutcomeLog()
{
    m_logDock = new OutcomeLogDock(m_parts.log, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
}

// The selected order's phone, items and notes, beside the board; it follows the Ready
// board's current row (the In delivery board's too, wired by the composition root).
void MainWindow::buildDetails()
{
    if (!m_parts.orderDetails)
        return;
    m_detailsDock = new OrderDetailsDock(m_parts.orderDetails, this);
    addDockWidget(Qt::RightDockWidgetArea, m_detailsDock);
    resizeDocks({ m_detailsDock }, { 250 }, Qt::Horizontal);
    m_detailsDock->follow(m_boardPanel->boardView(), ReadyOrdersModel::OrderIdRole);
}

// Is the board live, is the driver API serving, which database.
void MainWindow::buildStatusBar()
{
    m_liveLabel = new QLabel(this);
    m_liveLabel->setAccessibleName(tr("Connection state"));
    statusBar()->addPermanentWidget(m_liveLabel);
    m_apiLabel = new QLabel(this);
    m_apiLabel->setAccessibleName(tr("Driver API state"));
    m_apiLabel->hide();
    statusBar()->addPermanentWidget(m_apiLabel);
    statusBar()->addPermanentWidget(new QLabel(m_parts.connectionLabel, this));
}

// What the panels ask for goes to the controller; what it reports goes to the banner.
void MainWindow::wireRequests()
{
    connect(m_boardPanel, &BoardPanel::assignRequested, this, &MainWindow::assign);
    connect(m_boardPanel, &BoardPanel::holdRequested, this,
            [this](const QList<qint64> &orders) { m_controller->hold(orders); });
    connect(m_boardPanel, &BoardPanel::inspectRequested, this, &MainWindow::inspectOrder);
    connect(m_boardPanel, &BoardPanel::messageRequested, this, &MainWindow::showBanner);
    connect(m_boardPanel, &BoardPanel::countsChanged, this, [this] {
        m_tabs->setTabText(m_tabs->indexOf(m_boardPanel), m_boardPanel->tabTitle());
    });
    connect(m_parts.drivers, &DriversModel::assignRequested, this, &MainWindow::assign);
    connect(m_assignedPanel, &AssignedPanel::releaseRequested, m_controller,
            &AssignmentController::release);
    connect(m_assignedPanel, &AssignedPanel::reassignRequested, m_controller,
            &AssignmentController::reassign);
    connect(m_assignedPanel, &AssignedPanel::messageRequested, this, &MainWindow::showBanner);
    connect(m_assignedPanel, &AssignedPanel::countsChanged, this, [this] {
        m_tabs->setTabText(m_tabs->indexOf(m_assignedPanel), m_assignedPanel->tabTitle());
    });
    connect(m_controller, &AssignmentController::reported, this, &MainWindow::showBanner);
    connect(m_controller, &AssignmentController::progress, this, [this](const QString &text) {
        if (text.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(text);
    });
    connect(m_controller, &AssignmentController::outcomeArrived, this, &MainWindow::refreshAll);
    connect(m_controller, &AssignmentController::undoAvailableChanged, m_undoAction,
            &QAction::setEnabled);
}

// Live: the listener says when; while it cannot, poll every second (the board is never more
// than ~1 s behind; tst_dispatcherboard measures it with the listener killed). Then the saved
// settings, the first read and the first selection.
void MainWindow::startLiveUpdates()
{
    m_sidePacer = new RefreshPacer(kSidePacerMs, this);
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(kPollMs);
    connect(m_pollTimer, &QTimer::timeout, this, [this] {
        refreshBoard();
        m_sidePacer->requestSoon(); // the side boards, the in-delivery one too
    });
    connect(m_sidePacer, &RefreshPacer::refreshDue, this, [this] {
        m_sidePacer->markRefreshed();
        refreshDrivers();
        refreshAssigned();
    });
    if (m_parts.listener) {
        // The board applies each change (hiding claimed orders without a query) and re-reads
        // itself through its pacer. The drivers' loads and the side boards cannot be told from
        // the payload (it has the new driver, not the one an order left), so they are re-read,
        // paced: a thousand claims elsewhere are one re-read a second, not one per
        // notification (issue 14: fifty consoles each re-reading every driver per claim fell
        // a minute behind). A change to the drivers themselves (sql/016: shift, activity,
        // names; not loads) is re-read at once; the console's own outcomes re-read everything.
        connect(m_parts.listener, &OrderChangeListener::orderChanged, m_boardPanel,
                &BoardPanel::applyChange);
        connect(m_parts.listener, &OrderChangeListener::ordersChanged, m_sidePacer,
                &RefreshPacer::requestPaced);
        connect(m_parts.listener, &OrderChangeListener::driversChanged, m_sidePacer,
                &RefreshPacer::requestSoon);
        connect(m_parts.listener, &OrderChangeListener::liveChanged, this, &MainWindow::setLive);
        connect(m_parts.listener, &OrderChangeListener::listenImpossible, this,
                [this](const QString &reason) {
                    m_listenImpossible = true;
                    showBanner(tr("Live updates are off: %1. The board refreshes every second "
                                  "meanwhile.")
                                   .arg(reason),
                               503);
                    setLive(false, reason);
                });
        setLive(m_parts.listener->isLive(), tr("connecting…"));
    } else {
        setLive(false, tr("no listener"));
    }
    // Ages and outcome flashes move on even when nothing changes in the database.
    BoardStyleProxy *style = m_boardPanel->style();
    m_ageTimer = new QTimer(this);
    m_ageTimer->setInterval(1000);
    connect(m_ageTimer, &QTimer::timeout, this, [this, style] {
        m_assignedPanel->tick();
        if (m_parts.board->rowCount() > m_parts.board->readyCount())
            refreshBoard(); // let outcome rows that have been shown long enough go
        else if (style->rowCount() > 0)
            emit style->dataChanged(
                style->index(0, int(ReadyOrdersModel::Column::Age)),
                style->index(style->rowCount() - 1, int(ReadyOrdersModel::Column::Age)));
    });
    m_ageTimer->start();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    style->setOverdueMinutes(settings.value(QStringLiteral("board/overdueMinutes"), 10).toInt());
    m_parts.drivers->setHideInactive(
        settings.value(QStringLiteral("drivers/hideInactive"), false).toBool());

    refreshAll();
    // Fit the columns to the first rows once; after that the user's widths stand.
    QTableView *board = boardView();
    board->resizeColumnsToContents();
    board->horizontalHeader()->resizeSection(
        int(ReadyOrdersModel::Column::Age),
        board->horizontalHeader()->sectionSize(int(ReadyOrdersModel::Column::Age)) + 70);
    QTableView *assigned = m_assignedPanel->view();
    assigned->horizontalHeader()->setDefaultSectionSize(170);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, assigned](int index) {
        if (m_tabs->widget(index) == m_assignedPanel && m_parts.assigned->rowCount() > 0)
            assigned->resizeColumnsToContents();
    });
    if (style->rowCount() > 0)
        board->selectRow(0);
    if (m_parts.drivers->rowCount() > 0 && m_parts.drivers->isActiveAt(0))
        driversView()->selectRow(0);
    board->setFocus();
}

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
            [this] { exportCsv(tr("Export board"), QStringLiteral("board"), boardCsv()); });
    QAction *exportLog = file->addAction(tr("Export outcome &log as CSV…"));
    connect(exportLog, &QAction::triggered, this, [this] {
        exportCsv(tr("Export outcome log"), QStringLiteral("outcome-log"), outcomeLogCsv());
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *orders = menuBar()->addMenu(tr("&Orders"));
    QAction *assignAction = orders->addAction(tr("&Assign to selected driver"));
    assignAction->setShortcut(Qt::CTRL | Qt::Key_Return);
    connect(assignAction, &QAction::triggered, m_boardPanel, &BoardPanel::assignSelected);
    QAction *suggestedAction = orders->addAction(tr("Assign to the &suggested driver"));
    suggestedAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter) });
    connect(suggestedAction, &QAction::triggered, m_boardPanel, &BoardPanel::assignToSuggested);
    QAction *holdAction = orders->addAction(tr("&Hold for 30 s"));
    holdAction->setShortcut(Qt::CTRL | Qt::Key_H);
    connect(holdAction, &QAction::triggered, this,
            [this] { m_controller->hold(m_boardPanel->selectedOrderIds()); });
    m_undoAction = orders->addAction(tr("&Undo the last assignment"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setEnabled(false);
    connect(m_undoAction, &QAction::triggered, this, &MainWindow::undoLastAssignment);
    QAction *inspect = orders->addAction(tr("&Inspect order…"));
    inspect->setShortcut(Qt::CTRL | Qt::Key_I);
    connect(inspect, &QAction::triggered, this, [this] {
        const auto ids = m_boardPanel->selectedOrderIds();
        if (!ids.isEmpty()) {
            inspectOrder(ids.constFirst());
            return;
        }
        // Nothing selected (or the order is on no tab here): ask rather than do nothing.
        bool ok = false;
        const int id = QInputDialog::getInt(this, tr("Inspect order"),
                                            tr("No order is selected. Order number to inspect:"), 1,
                                            1, std::numeric_limits<int>::max(), 1, &ok);
        if (ok)
            inspectOrder(id);
    });
    // The board holds ready orders only; support's search reaches every order, delivered,
    // failed or cancelled too, by number, customer, address or driver.
    QAction *findAny = orders->addAction(tr("&Find any order…"));
    findAny->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_F);
    connect(findAny, &QAction::triggered, this,
            [this] { findAnyOrder(m_boardPanel->filterText()); });

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
    if (m_detailsDock)
        view->addAction(m_detailsDock->toggleViewAction());
    QAction *find = view->addAction(tr("&Filter the board"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        // The Assigned tab has a filter of its own; from anywhere else, the board's.
        if (m_tabs->currentWidget() == m_assignedPanel) {
            m_assignedPanel->focusFilter();
            return;
        }
        m_tabs->setCurrentWidget(m_boardPanel);
        m_boardPanel->focusFilter();
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
    m_lateSoundAction = view->addAction(tr("&Sound when an order becomes late"));
    m_lateSoundAction->setCheckable(true);
    m_lateSoundAction->setChecked(
        QSettings().value(QStringLiteral("alerts/lateSound"), false).toBool());
    connect(m_lateSoundAction, &QAction::toggled, this,
            [](bool on) { QSettings().setValue(QStringLiteral("alerts/lateSound"), on); });
    QAction *overdue = view->addAction(tr("&Overdue limit…"));
    connect(overdue, &QAction::triggered, this, [this] {
        bool ok = false;
        const int minutes
            = QInputDialog::getInt(this, tr("Overdue limit"),
                                   tr("Orders waiting longer than this many minutes turn "
                                      "amber, twice as long red:"),
                                   m_boardPanel->style()->overdueMinutes(), 1, 240, 1, &ok);
        if (!ok)
            return;
        m_boardPanel->style()->setOverdueMinutes(minutes);
        QSettings().setValue(QStringLiteral("board/overdueMinutes"), minutes);
    });
}

void MainWindow::addWorkspace(QWidget *widget, const QString &title)
{
    m_tabs->addTab(widget, title);
}

QTableView *MainWindow::boardView() const
{
    return m_boardPanel->boardView();
}

QTableView *MainWindow::driversView() const
{
    return m_boardPanel->driversView();
}

void MainWindow::refreshBoard()
{
    if (!m_boardPanel->refreshBoard())
        statusBar()->showMessage(tr("Could not read the board; retrying."), 3000);
}

void MainWindow::refreshDrivers()
{
    m_boardPanel->refreshDrivers();
}

void MainWindow::refreshAssigned()
{
    m_assignedPanel->refresh();
}

void MainWindow::refreshAll()
{
    refreshBoard();
    refreshDrivers();
    refreshAssigned();
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
        m_liveLabel->setText(m_listenImpossible
                                 ? tr("● Not live (needs --listen-database) — refreshing every "
                                      "second")
                                 : tr("● Reconnecting — refreshing every second"));
        m_liveLabel->setStyleSheet(QStringLiteral("color:#c62828;font-weight:bold;"));
        m_liveLabel->setToolTip(tr("Live updates are lost: %1").arg(reason));
    }
}

void MainWindow::assign(const QList<qint64> &orderIds, qint64 driverId)
{
    m_controller->assign(orderIds, driverId);
}

void MainWindow::undoLastAssignment()
{
    if (!m_controller->undoLastAssignment())
        showBanner(tr("Nothing to undo: no assignment has finished since the last undo."), 0);
}

void MainWindow::inspectOrder(qint64 orderId)
{
    auto *inspector = new InspectorWindow(m_parts.settings, this);
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    inspector->setWindowFlag(Qt::Window);
    inspector->showOrder(orderId);
    inspector->show();
}

InspectorWindow *MainWindow::findAnyOrder(const QString &text)
{
    auto *inspector = new InspectorWindow(m_parts.settings, this);
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    inspector->setWindowFlag(Qt::Window);
    if (text.trimmed().isEmpty())
        inspector->focusSearch();
    else
        inspector->search(text);
    inspector->show();
    return inspector;
}

void MainWindow::setDriverApiState(bool running, const QString &text)
{
    m_apiAction->setChecked(running);
    m_apiLabel->setVisible(running || !text.isEmpty());
    m_apiLabel->setText(text);
}

bool MainWindow::lateSoundEnabled() const
{
    return m_lateSoundAction->isChecked();
}

void MainWindow::notifyLate(const QString &text)
{
    m_lateNotice = text;
    statusBar()->showMessage(text, 15000);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(windowIcon(), this);
            m_tray->setToolTip(windowTitle());
            connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
                showNormal();
                raise();
                activateWindow();
            });
            m_tray->show();
        }
        m_tray->showMessage(tr("An order is late"), text, QSystemTrayIcon::Warning, 10000);
    }
    if (lateSoundEnabled())
        QApplication::beep();
}

void MainWindow::showBanner(const QString &text, int httpStatus)
{
    m_banner->showMessage(text, httpStatus);
}

QString MainWindow::bannerText() const
{
    return m_banner->text();
}

QString MainWindow::boardCsv() const
{
    return csvOf(*m_parts.board);
}

QString MainWindow::outcomeLogCsv() const
{
    return m_parts.log->toCsv();
}

QString MainWindow::suggestedExportPath(const QString &what, const QDateTime &when)
{
    QString folder = QSettings().value(QStringLiteral("export/folder")).toString();
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QDir(folder).filePath(
        QStringLiteral("%1-%2.csv").arg(what, when.toString(QStringLiteral("yyyy-MM-dd-HHmm"))));
}

void MainWindow::exportCsv(const QString &title, const QString &what, const QString &csv)
{
    const QString path = QFileDialog::getSaveFileName(
        this, title, suggestedExportPath(what, QDateTime::currentDateTime()),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv.toUtf8()) < 0 || !file.commit()) {
        showBanner(tr("Could not write %1: %2").arg(path, file.errorString()), 503);
        return;
    }
    QSettings().setValue(QStringLiteral("export/folder"), QFileInfo(path).absolutePath());
    // Where it went, in the banner (it stays 20 s; a status-bar line is easily missed).
    showBanner(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 0);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

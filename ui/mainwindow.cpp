#include "mainwindow.h"

#include "driversmodel.h"
#include "readyordersmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

MainWindow::MainWindow(ReadyOrdersModel *board, DriversModel *drivers,
                       AssignmentService *assignments, const QString &connectionLabel,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_board(board)
    , m_drivers(drivers)
    , m_assignments(assignments)
{
    setWindowTitle(tr("Dispatch Console"));
    resize(1200, 720);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    m_banner = new QLabel(central);
    m_banner->setWordWrap(true);
    m_banner->setVisible(false);
    m_banner->setAccessibleName(tr("Last outcome"));
    layout->addWidget(m_banner);

    auto *filterRow = new QHBoxLayout;
    m_filter = new QLineEdit(central);
    m_filter->setPlaceholderText(tr("Filter by order, customer or address (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter"));
    m_filter->setMaxLength(200);
    filterRow->addWidget(m_filter, 1);
    m_countLabel = new QLabel(central);
    filterRow->addWidget(m_countLabel);
    layout->addLayout(filterRow);

    auto *splitter = new QSplitter(central);
    m_boardView = new QTableView(splitter);
    m_boardView->setModel(m_board);
    m_boardView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_boardView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_boardView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_boardView->verticalHeader()->setVisible(false);
    m_boardView->horizontalHeader()->setStretchLastSection(true);
    m_boardView->setAlternatingRowColors(true);
    m_boardView->setAccessibleName(tr("Ready orders"));
    m_boardView->installEventFilter(this);
    m_boardView->setTabKeyNavigation(false); // Tab moves between board and drivers

    m_driversView = new QTableView(splitter);
    m_driversView->setModel(m_drivers);
    m_driversView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_driversView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_driversView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_driversView->verticalHeader()->setVisible(false);
    m_driversView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_driversView->setAccessibleName(tr("Drivers"));
    m_driversView->installEventFilter(this);
    m_driversView->setTabKeyNavigation(false);
    splitter->addWidget(m_boardView);
    splitter->addWidget(m_driversView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    m_assignButton = new QPushButton(tr("&Assign order to driver"), central);
    m_assignButton->setToolTip(tr("Claim the selected order for the selected driver (Enter)"));
    layout->addWidget(m_assignButton, 0, Qt::AlignRight);
    setCentralWidget(central);

    m_connectionLabel = new QLabel(tr("Connected: %1").arg(connectionLabel), this);
    statusBar()->addPermanentWidget(m_connectionLabel);

    auto *findAction = new QAction(tr("Filter"), this);
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, m_filter, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    addAction(findAction);
    auto *refreshAction = new QAction(tr("Refresh"), this);
    refreshAction->setShortcut(QKeySequence::Refresh);
    connect(refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    addAction(refreshAction);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_board->setFilterText(text);
        refresh();
    });
    connect(m_assignButton, &QPushButton::clicked, this, &MainWindow::assignSelected);
    connect(m_boardView, &QTableView::doubleClicked, this, &MainWindow::assignSelected);
    connect(m_assignments, &AssignmentService::finished, this, &MainWindow::showOutcome);

    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(2000);
    connect(m_pollTimer, &QTimer::timeout, this, &MainWindow::refresh);
    m_pollTimer->start();
    refresh();
    if (m_board->rowCount() > 0)
        m_boardView->selectRow(0);
}

void MainWindow::refresh()
{
    const qint64 order = selectedOrderId();
    const qint64 driver = selectedDriverId();
    const bool boardOk = m_board->refresh();
    const bool driversOk = m_drivers->refresh();
    if (!boardOk || !driversOk)
        statusBar()->showMessage(tr("Could not refresh from the database; retrying."), 3000);
    if (const int row = m_board->rowOfOrder(order); row >= 0)
        m_boardView->selectRow(row);
    if (const int row = m_drivers->rowOfDriver(driver); row >= 0)
        m_driversView->selectRow(row);
    updateCounts();
}

void MainWindow::updateCounts()
{
    m_countLabel->setText(tr("%n ready", nullptr, m_board->rowCount()));
}

qint64 MainWindow::selectedOrderId() const
{
    const auto rows = m_boardView->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_board->orderIdAt(rows.constFirst().row());
}

qint64 MainWindow::selectedDriverId() const
{
    const auto rows = m_driversView->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_drivers->driverIdAt(rows.constFirst().row());
}

void MainWindow::assignSelected()
{
    const qint64 order = selectedOrderId();
    const qint64 driver = selectedDriverId();
    if (order <= 0 || driver <= 0) {
        m_banner->setText(tr("Select an order on the board and a driver on the right, then "
                             "press Enter."));
        m_banner->setStyleSheet(QString());
        m_banner->setVisible(true);
        return;
    }
    statusBar()->showMessage(tr("Assigning order %1…").arg(order));
    m_assignments->claim(order, driver);
}

void MainWindow::showOutcome(AssignmentService::Operation, const ClaimOutcome &outcome)
{
    m_banner->setText(outcome.message());
    m_banner->setStyleSheet(outcome.isSuccess()
                                ? QStringLiteral("background:#1b5e20;color:white;padding:6px;")
                                : QStringLiteral("background:#b71c1c;color:white;padding:6px;"));
    m_banner->setVisible(true);
    statusBar()->clearMessage();
    refresh();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_boardView || watched == m_driversView) && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            assignSelected();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

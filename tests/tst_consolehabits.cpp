// The console as a newcomer used it for an hour (issue 17), against a real database under the
// offscreen platform, built by the composition root as main() builds it: a click on an
// inactive driver does not leave the previous one quietly selected; the banner coming and
// going never moves the board; Ctrl+Z gives back the last assignment, guarded on its driver;
// the Assign button names the driver; Esc clears the filter; *Assigned for* counts on; the
// outcome log keeps what it said, with dates and driver names.

#include "board/assignedordersmodel.h"
#include "board/driversmodel.h"
#include "board/outcomelogmodel.h"
#include "board/readyordersmodel.h"
#include "claims/assignmentservice.h"
#include "claims/orderrepository.h"
#include "console/assignedpanel.h"
#include "console/assignmentcontroller.h"
#include "console/boardpanel.h"
#include "console/mainwindow.h"
#include "console/outcomebanner.h"
#include "console/outcomelogdock.h"
#include "db/demodata.h"
#include "lib/consolesession.h"
#include "testcluster.h"

#include <QAction>
#include <QApplication>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

class ConsoleHabitsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void clickOnAnInactiveDriverClearsTheSelectionAndSaysWhy();
    void theBannerComingAndGoingDoesNotMoveTheBoard();
    void ctrlZGivesBackTheLastAssignmentButNotAnOrderTakenSince();
    void assignButtonNamesTheDriverAndTheCount();
    void escapeClearsTheFilter();
    void aFilteredReadyTabSaysHowManyOfAll();
    void afterTabIntoTheBoardTheFirstDownSelectsTheFirstRow();
    void assignedForCountsOnWithTheClock();
    void assignedTabFiltersCountsShowsStatusAndSortsByValue();
    void holdStateKeepsTheWordsThatMatterAt1600By1000();
    void overdueOrderColoursItsWholeRowAndKeepsTheWords();
    void outcomeLogKeepsWhatItSaidWithDatesAndNames();
    void collapsedOutcomeLogIsOneLineWithTheLatestOutcome();
    void exportSuggestsANameSayingWhatAndWhen();

private:
    QString statusOf(qint64 order)
    {
        return m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
            .toString();
    }
    qint64 driverOf(qint64 order)
    {
        return m_cluster
            .scalar(QStringLiteral("SELECT coalesce(driver_id, 0) FROM orders WHERE id = ?"),
                    { order })
            .toLongLong();
    }

    TestCluster m_cluster;
    qint64 m_ada = 0;
    qint64 m_bo = 0;
    qint64 m_inactive = 0;
    int m_serial = 0;
};

void ConsoleHabitsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

void ConsoleHabitsTest::init()
{
    m_cluster.freshDatabase(QStringLiteral("habits_%1").arg(++m_serial));
    m_ada = m_cluster.addDriver(QStringLiteral("Ada Winner"));
    m_bo = m_cluster.addDriver(QStringLiteral("Bo Second"));
    m_inactive = m_cluster.addDriver(QStringLiteral("Zed Retired"), false);
}

void ConsoleHabitsTest::clickOnAnInactiveDriverClearsTheSelectionAndSaysWhy()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Wrong Driver Risk"));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("inactive")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    BoardPanel *panel = window->boardPanel();
    QTableView *drivers = window->driversView();
    const int activeRow = session.drivers()->rowOfDriver(m_ada);
    const int inactiveRow = session.drivers()->rowOfDriver(m_inactive);
    QVERIFY(activeRow >= 0 && inactiveRow >= 0);
    drivers->selectRow(activeRow);
    QCOMPARE(panel->selectedDriverId(), m_ada);

    const QRect cell = drivers->visualRect(drivers->model()->index(inactiveRow, 0));
    QTest::mouseClick(drivers->viewport(), Qt::LeftButton, {}, cell.center());

    // Not Ada any more, and the dispatcher is told why.
    QCOMPARE(panel->selectedDriverId(), qint64(0));
    QVERIFY2(window->bannerText().contains(QStringLiteral("Zed Retired")),
             qPrintable(window->bannerText()));
    // Enter now assigns to no one.
    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    window->boardView()->selectRow(session.board()->rowOfOrder(order));
    panel->assignSelected();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(statusOf(order), QStringLiteral("ready"));
}

void ConsoleHabitsTest::theBannerComingAndGoingDoesNotMoveTheBoard()
{
    for (int i = 0; i < 5; ++i)
        m_cluster.addReadyOrder(QStringLiteral("Still Here %1").arg(i));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("banner")));
    MainWindow *window = session.window();
    window->resize(1200, 800);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTableView *board = window->boardView();
    const auto boardTop = [&] {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        return board->mapTo(window, QPoint(0, 0)).y();
    };
    const int before = boardTop();
    QVERIFY(window->bannerText().isEmpty());

    window->showBanner(QStringLiteral("Order 40 assigned to Ada Winner. A long message that "
                                      "would wrap onto a second line on a narrow window, and "
                                      "then onto a third and a fourth if it were allowed to "
                                      "grow: it is not, the banner keeps its two lines."),
                       200);
    QVERIFY(!window->bannerText().isEmpty());
    QCOMPARE(boardTop(), before);
    window->banner()->hide();
    QCOMPARE(boardTop(), before);
}

void ConsoleHabitsTest::ctrlZGivesBackTheLastAssignmentButNotAnOrderTakenSince()
{
    const qint64 first = m_cluster.addReadyOrder(QStringLiteral("Undo Me"));
    const qint64 second = m_cluster.addReadyOrder(QStringLiteral("Taken Since"));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("undo")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QAction *undo = nullptr;
    for (QAction *action : window->findChildren<QAction *>()) {
        if (action->shortcut() == QKeySequence(QKeySequence::Undo))
            undo = action;
    }
    QVERIFY2(undo, "Orders › Undo the last assignment (Ctrl+Z)");
    QVERIFY(!undo->isEnabled());

    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    window->assign({ first, second }, m_ada);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QCOMPARE(driverOf(first), m_ada);
    QCOMPARE(driverOf(second), m_ada);
    QVERIFY(undo->isEnabled());

    // Meanwhile the second order went from Ada to Bo elsewhere: the undo must leave it be.
    {
        auto other = m_cluster.connect(QStringLiteral("elsewhere"));
        OrderRepository repository(*other);
        QVERIFY(repository
                    .reassign(second, m_ada, m_bo, ClaimSource::Sql, QStringLiteral("x"),
                              QStringLiteral("moved by phone"))
                    .isSuccess());
    }

    undo->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 30000);
    QCOMPARE(statusOf(first), QStringLiteral("ready"));
    QCOMPARE(driverOf(second), m_bo);
    QVERIFY(!undo->isEnabled()); // once
    QCOMPARE(session.log()->index(0, int(OutcomeLogModel::Column::Code)).data().toString().left(8),
             QStringLiteral("unassign"));
}

void ConsoleHabitsTest::assignButtonNamesTheDriverAndTheCount()
{
    for (int i = 0; i < 4; ++i)
        m_cluster.addReadyOrder(QStringLiteral("Named %1").arg(i));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("named")));
    MainWindow *window = session.window();
    window->show();
    QTableView *board = window->boardView();
    board->clearSelection();
    for (int row = 0; row < 3; ++row)
        board->selectionModel()->select(board->model()->index(row, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    window->driversView()->selectRow(session.drivers()->rowOfDriver(m_bo));
    // "Assign 3 orders to Bo Second" (the catalogue's English plural; the source says
    // "order(s)", and this test loads no catalogue).
    const QString text = window->boardPanel()->assignButton()->text();
    QVERIFY2(text.contains(QStringLiteral("3 order"))
                 && text.endsWith(QStringLiteral(" to Bo Second")),
             qPrintable(text));
}

// "Ready (9 of 60)": with a filter the tab says how many of all ready orders it shows, and
// a claim elsewhere takes one off both at once.
void ConsoleHabitsTest::aFilteredReadyTabSaysHowManyOfAll()
{
    const qint64 first = m_cluster.addReadyOrder(QStringLiteral("Match One"));
    m_cluster.addReadyOrder(QStringLiteral("Match Two"));
    m_cluster.addReadyOrder(QStringLiteral("Other"));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("ofall")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    BoardPanel *panel = window->boardPanel();
    QTRY_COMPARE(panel->tabTitle(), QStringLiteral("&Ready (3)"));
    auto *filter = panel->findChild<QLineEdit *>();
    QVERIFY(filter);
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("Match"));
    QTRY_COMPARE(panel->tabTitle(), QStringLiteral("&Ready (2 of 3)"));
    {
        auto other = m_cluster.connect(QStringLiteral("elsewhere"));
        OrderRepository repository(*other);
        QVERIFY(repository.claim(first, m_bo, ClaimSource::Http).isSuccess());
    }
    QTRY_COMPARE(panel->tabTitle(), QStringLiteral("&Ready (1 of 2)"));
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("nothing like it"));
    QTRY_COMPARE(panel->tabTitle(), QStringLiteral("&Ready (0 of 2)"));
    QTest::keyClick(filter, Qt::Key_Escape);
    QTRY_COMPARE(panel->tabTitle(), QStringLiteral("&Ready (2)"));
}

void ConsoleHabitsTest::escapeClearsTheFilter()
{
    m_cluster.addReadyOrder(QStringLiteral("Findable"));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("escape")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto *filter = window->boardPanel()->findChild<QLineEdit *>();
    QVERIFY(filter);
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("nothing like it"));
    QCOMPARE(session.board()->readyCount(), 0);
    QTest::keyClick(filter, Qt::Key_Escape);
    QCOMPARE(filter->text(), QString());
    QCOMPARE(session.board()->readyCount(), 1);
}

void ConsoleHabitsTest::afterTabIntoTheBoardTheFirstDownSelectsTheFirstRow()
{
    for (int i = 0; i < 3; ++i)
        m_cluster.addReadyOrder(QStringLiteral("Row %1").arg(i));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("tab")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QApplication::setActiveWindow(window);
    QTableView *board = window->boardView();
    // As after a filter or refresh took the selection: nothing selected, current still row 0.
    board->selectionModel()->setCurrentIndex(board->model()->index(0, 0),
                                             QItemSelectionModel::Clear);
    QVERIFY(!board->selectionModel()->hasSelection());
    auto *filter = window->boardPanel()->findChild<QLineEdit *>();
    filter->setFocus();
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClick(filter, Qt::Key_Tab);
    QTRY_VERIFY(board->hasFocus());
    QTest::keyClick(board, Qt::Key_Down);
    const auto rows = board->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.constFirst().row(), 0);
}

void ConsoleHabitsTest::assignedForCountsOnWithTheClock()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Long Assigned"));
    {
        auto other = m_cluster.connect(QStringLiteral("elsewhere"));
        OrderRepository repository(*other);
        QVERIFY(repository.claim(order, m_ada, ClaimSource::Http).isSuccess());
    }
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("clock")));
    MainWindow *window = session.window();
    window->show();
    QTRY_COMPARE(session.assigned()->rowCount(), 1);
    // Nothing changes in the database; the column must still be told to repaint.
    const int column = int(AssignedOrdersModel::Column::AssignedFor);
    QSignalSpy changed(session.assigned(), &QAbstractItemModel::dataChanged);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(changed.cbegin(), changed.cend(),
                                         [column](const QList<QVariant> &args) {
                                             return args.at(0).toModelIndex().column() <= column
                                                 && args.at(1).toModelIndex().column() >= column;
                                         }),
                             10000);
}

// Issue 17: "The Assigned tab has a filter, a count, status and sorting." Sorting goes by the
// real values: 9 min before 70 min (as text "70 min" < "9 min"), order 9 before order 10.
void ConsoleHabitsTest::assignedTabFiltersCountsShowsStatusAndSortsByValue()
{
    QList<qint64> orders;
    for (int i = 0; i < 11; ++i)
        orders << m_cluster.addReadyOrder(QStringLiteral("Customer %1").arg(i));
    // Four of them out with drivers, assigned that long ago; Bo has gone off shift since.
    struct Out
    {
        qint64 order;
        qint64 driver;
        int minutesAgo;
    };
    const QList<Out> out = { { orders.at(1), m_ada, 0 },
                             { orders.at(8), m_ada, 9 },
                             { orders.at(9), m_bo, 70 },
                             { orders.at(10), m_ada, 5 } };
    QVERIFY(orders.at(8) < 10 && orders.at(9) >= 10); // "10" sorts before "9" as text
    {
        auto other = m_cluster.connect(QStringLiteral("elsewhere"));
        OrderRepository repository(*other);
        for (const Out &o : out) {
            QVERIFY(repository.claim(o.order, o.driver, ClaimSource::Http).isSuccess());
            m_cluster.exec(QStringLiteral("UPDATE orders SET assigned_at = now() - ? * interval "
                                          "'1 minute' - interval '20 seconds' WHERE id = ?"),
                           { o.minutesAgo, o.order });
        }
    }
    m_cluster.exec(QStringLiteral("UPDATE drivers SET on_shift = false WHERE id = ?"), { m_bo });

    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("tab")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    AssignedPanel *panel = window->assignedPanel();
    auto *tabs = window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    tabs->setCurrentWidget(panel);
    const auto title = [tabs, panel] {
        return tabs->tabText(tabs->indexOf(panel));
    };
    QTRY_COMPARE(title(), QStringLiteral("Assi&gned (4)"));

    QTableView *view = panel->view();
    QAbstractItemModel *shown = view->model();
    const auto column = [shown](int row, AssignedOrdersModel::Column c) {
        return shown->index(row, int(c)).data().toString();
    };
    const auto shownOrders = [shown] {
        QList<qint64> ids;
        for (int row = 0; row < shown->rowCount(); ++row)
            ids << shown->index(row, 0).data(AssignedOrdersModel::OrderIdRole).toLongLong();
        return ids;
    };

    // Status: Bo's order says the driver is off shift, the others wait for their pickup.
    for (int row = 0; row < shown->rowCount(); ++row) {
        const bool bos
            = column(row, AssignedOrdersModel::Column::Driver) == QStringLiteral("Bo Second");
        QCOMPARE(column(row, AssignedOrdersModel::Column::Status),
                 bos ? QStringLiteral("driver off shift") : QStringLiteral("waiting for pickup"));
    }

    // Sorting by clicking the headers, by value.
    QHeaderView *header = view->horizontalHeader();
    const auto clickHeader = [header](AssignedOrdersModel::Column c) {
        const int section = int(c);
        QTest::mouseClick(
            header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                   header->height() / 2));
    };
    clickHeader(AssignedOrdersModel::Column::AssignedFor);
    if (header->sortIndicatorOrder() != Qt::AscendingOrder)
        clickHeader(AssignedOrdersModel::Column::AssignedFor);
    QCOMPARE(header->sortIndicatorSection(), int(AssignedOrdersModel::Column::AssignedFor));
    QCOMPARE(shownOrders(),
             QList<qint64>({ orders.at(1), orders.at(10), orders.at(8), orders.at(9) }));
    QCOMPARE(column(3, AssignedOrdersModel::Column::AssignedFor), QStringLiteral("70 min"));
    clickHeader(AssignedOrdersModel::Column::Id);
    if (header->sortIndicatorOrder() != Qt::AscendingOrder)
        clickHeader(AssignedOrdersModel::Column::Id);
    QCOMPARE(shownOrders(),
             QList<qint64>({ orders.at(1), orders.at(8), orders.at(9), orders.at(10) }));

    // The filter: a driver's name, then an order number exactly; Esc clears it.
    QLineEdit *filter = panel->filter();
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("bo sec"));
    QCOMPARE(shownOrders(), QList<qint64>({ orders.at(9) }));
    QCOMPARE(title(), QStringLiteral("Assi&gned (1 of 4)"));
    filter->clear();
    QTest::keyClicks(filter, QString::number(orders.at(10)));
    QCOMPARE(shownOrders(), QList<qint64>({ orders.at(10) }));

    // What is asked for is the order the dispatcher sees selected, sorted and filtered.
    view->selectRow(0);
    QSignalSpy release(panel, &AssignedPanel::releaseRequested);
    const auto buttons = panel->findChildren<QPushButton *>();
    const auto unassign = std::find_if(buttons.cbegin(), buttons.cend(), [](QPushButton *b) {
        return b->text().startsWith(QStringLiteral("&Unassign"));
    });
    QVERIFY(unassign != buttons.cend());
    // It asks first, naming the order and the driver; No (the default) changes nothing.
    QString asked;
    const auto answerWith = [&asked](QMessageBox::StandardButton button) {
        QTimer::singleShot(0, [&asked, button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            asked = box->text();
            QCOMPARE(box->defaultButton(), box->button(QMessageBox::No));
            box->button(button)->click();
        });
    };
    answerWith(QMessageBox::No);
    (*unassign)->click();
    QVERIFY2(asked.contains(QString::number(orders.at(10)))
                 && asked.contains(QStringLiteral("Ada Winner")),
             qPrintable(asked));
    QCOMPARE(release.count(), 0);
    answerWith(QMessageBox::Yes);
    (*unassign)->click();
    QCOMPARE(release.count(), 1);
    QCOMPARE(release.at(0).at(0).toLongLong(), orders.at(10));
    QCOMPARE(release.at(0).at(1).toLongLong(), m_ada);

    QTest::keyClick(filter, Qt::Key_Escape);
    QCOMPARE(filter->text(), QString());
    QCOMPARE(shown->rowCount(), 4);
    QCOMPARE(title(), QStringLiteral("Assi&gned (4)"));
}

// Issue 17: at 1600×1000 the *Hold / state* column was wide but cut off the words that
// matter. A 409 on realistic demo data: what the view paints of the cell (the text elided
// to the section's width, as QItemDelegate does) still names the winner, and the tooltip
// holds the whole text.
void ConsoleHabitsTest::holdStateKeepsTheWordsThatMatterAt1600By1000()
{
    {
        auto setup = m_cluster.connect(QStringLiteral("seed"));
        QVERIFY(DemoData::seed(setup->database(), 0, 60, 17).ok);
    }
    const QString winner = QStringLiteral("Konstantin Papadopoulos-Weber");
    const qint64 rival = m_cluster.addDriver(winner);
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("hold")));
    MainWindow *window = session.window();
    window->resize(1600, 1000);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTableView *board = window->boardView();
    const qint64 order
        = board->model()->index(0, 0).data(ReadyOrdersModel::OrderIdRole).toLongLong();
    {
        auto other = m_cluster.connect(QStringLiteral("elsewhere"));
        OrderRepository repository(*other);
        QVERIFY(repository.claim(order, rival, ClaimSource::Http).isSuccess());
    }
    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    window->assign({ order }, m_ada); // too late: the rival has it
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    const int row = session.board()->rowOfOrder(order);
    QVERIFY(row >= 0);
    const QModelIndex cell = board->model()->index(row, int(ReadyOrdersModel::Column::Hold));
    const QString text = cell.data().toString();
    QVERIFY2(text.contains(winner), qPrintable(text));

    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const int margin
        = board->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, board) + 1;
    const int width = board->columnWidth(cell.column()) - 2 * margin;
    QFont font = board->font();
    font.setBold(true); // outcome rows are bold (BoardStyleProxy)
    const QString painted = QFontMetrics(font).elidedText(text, board->textElideMode(), width);
    // With the order details docked beside the board and the drivers' whole names, the
    // cell has about 300 px: the status and who holds it ("409 — now with Konstantin
    // Papadopoulos-…") are what matter; the tooltip has the rest.
    QVERIFY2(
        painted.contains(QStringLiteral("Konstantin Papadopoulos"))
            && painted.startsWith(QStringLiteral("409")),
        qPrintable(QStringLiteral("%1 px shows \"%2\" of \"%3\"").arg(width).arg(painted, text)));
    qInfo("Hold / state: %d px shows \"%s\"", width, qPrintable(painted));
    const QString tip = cell.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(text), qPrintable(tip));
}

// Issue 17 item 4: an overdue order coloured only its *Ready for* cell; the whole row says it,
// with the words kept (and an order on time is not coloured at all).
void ConsoleHabitsTest::overdueOrderColoursItsWholeRowAndKeepsTheWords()
{
    const qint64 late = m_cluster.addReadyOrder(QStringLiteral("Waiting Long"));
    const qint64 fresh = m_cluster.addReadyOrder(QStringLiteral("Just In"));
    m_cluster.exec(QStringLiteral("UPDATE orders SET ready_at = now() - interval '15 minutes' "
                                  "WHERE id = ?"),
                   { late });
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("late")));
    MainWindow *window = session.window();
    window->show();
    QAbstractItemModel *board = window->boardView()->model();
    const int lateRow = session.board()->rowOfOrder(late);
    const int freshRow = session.board()->rowOfOrder(fresh);
    QVERIFY(lateRow >= 0 && freshRow >= 0);
    const QColor amber = board->index(lateRow, int(ReadyOrdersModel::Column::Age))
                             .data(Qt::BackgroundRole)
                             .value<QColor>();
    QVERIFY(amber.isValid());
    for (int column = 0; column < board->columnCount(); ++column) {
        QCOMPARE(board->index(lateRow, column).data(Qt::BackgroundRole).value<QColor>(), amber);
        QVERIFY(!board->index(freshRow, column).data(Qt::BackgroundRole).isValid());
    }
    const QString age = board->index(lateRow, int(ReadyOrdersModel::Column::Age)).data().toString();
    QVERIFY2(age.contains(QStringLiteral("overdue")), qPrintable(age));
}

void ConsoleHabitsTest::outcomeLogKeepsWhatItSaidWithDatesAndNames()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Logged"));
    {
        auto other = m_cluster.connect(QStringLiteral("elsewhere"));
        OrderRepository repository(*other);
        QVERIFY(repository.claim(order, m_bo, ClaimSource::Http).isSuccess());
    }
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("log")));
    MainWindow *window = session.window();
    window->show();
    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    window->assign({ order }, m_ada); // too late: Bo has it
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    OutcomeLogModel *log = session.log();
    const auto cell = [log](OutcomeLogModel::Column column) {
        return log->index(0, int(column)).data().toString();
    };
    const QString said = cell(OutcomeLogModel::Column::Message);
    QVERIFY2(said.contains(QStringLiteral("Bo Second")), qPrintable(said));
    QVERIFY2(
        cell(OutcomeLogModel::Column::Time).startsWith(QDate::currentDate().toString(Qt::ISODate)),
        qPrintable(cell(OutcomeLogModel::Column::Time)));
    QCOMPARE(cell(OutcomeLogModel::Column::Driver), QStringLiteral("Ada Winner (%1)").arg(m_ada));

    // Two seconds on the clock (waited for, not slept): the row and its export say the same.
    const QDateTime logged = QDateTime::currentDateTimeUtc();
    QTRY_VERIFY_WITH_TIMEOUT(logged.secsTo(QDateTime::currentDateTimeUtc()) >= 2, 10000);
    QCOMPARE(cell(OutcomeLogModel::Column::Message), said);
    QVERIFY2(window->outcomeLogCsv().contains(said), qPrintable(window->outcomeLogCsv()));
}

void ConsoleHabitsTest::collapsedOutcomeLogIsOneLineWithTheLatestOutcome()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("One Line"));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("dock")));
    MainWindow *window = session.window();
    window->resize(1600, 1000);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    OutcomeLogDock *dock = window->findChild<OutcomeLogDock *>();
    QVERIFY(dock);
    QVERIFY(dock->isCollapsed()); // the board gets the room by default
    QVERIFY(!dock->view()->isVisible());
    QVERIFY2(dock->height() < 5 * dock->fontMetrics().height(),
             qPrintable(QString::number(dock->height())));

    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    window->assign({ order }, m_ada);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(dock->latestText().contains(QString::number(order)), qPrintable(dock->latestText()));

    dock->setCollapsed(false);
    QVERIFY(dock->view()->isVisible());
}

void ConsoleHabitsTest::exportSuggestsANameSayingWhatAndWhen()
{
    const QString path = MainWindow::suggestedExportPath(
        QStringLiteral("board"), QDateTime(QDate(2026, 12, 1), QTime(14, 32, 5)));
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("board-2026-12-01-1432.csv"));
    QVERIFY(QFileInfo(path).isAbsolute());
}

QTEST_MAIN(ConsoleHabitsTest)
#include "tst_consolehabits.moc"

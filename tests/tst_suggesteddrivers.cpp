// The suggested driver (issue 16, item 5): for the selected orders, the drivers a claim would
// accept now, best first (least loaded, most room left, app seen most recently), with the
// reason in words; Ctrl+Shift+Enter gives the selected orders to the first. Against a real
// database, the console built by the composition root, under the offscreen platform.

#include "board/driversmodel.h"
#include "board/readyordersmodel.h"
#include "claims/assignmentservice.h"
#include "claims/orderrepository.h"
#include "console/boardpanel.h"
#include "console/mainwindow.h"
#include "db/databaseconnection.h"
#include "lib/consolesession.h"
#include "testcluster.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

class SuggestedDriversTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void leastLoadedThenMostRoomThenSeenMostRecentlyComesFirst();
    void offShiftBusyAndInactiveDriversAreNeverSuggested();
    void ctrlShiftEnterGivesTheSelectedOrdersToTheFirstSuggestion();
    void withNoDriverAvailableNothingIsAssignedAndTheConsoleSaysWhy();
    void aFullDriversRefusalNamesTheDriver();

private:
    // Gives `count` fresh orders to the driver through the one claim path.
    void load(qint64 driver, int count)
    {
        auto connection = m_cluster.connect(QStringLiteral("load"));
        OrderRepository repository(*connection);
        for (int i = 0; i < count; ++i) {
            const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Load %1").arg(i));
            const ClaimOutcome outcome
                = repository.claim(order, driver, ClaimSource::Console, QStringLiteral("test"));
            QCOMPARE(outcome.code, OutcomeCode::Assigned);
        }
    }
    void seen(qint64 driver, int secondsAgo)
    {
        m_cluster.exec(QStringLiteral("INSERT INTO driver_last_seen (driver_id, seen_at)"
                                      " VALUES (?, now() - make_interval(secs => ?))"),
                       { driver, secondsAgo });
    }
    // Through the selection model: QAbstractItemView::selectRow follows the keyboard
    // modifiers QtTest last pressed (Ctrl+Shift here), which would toggle or extend.
    static void selectOnly(QTableView *view, int row)
    {
        const QModelIndex index = view->model()->index(row, 0);
        view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    QList<qint64> rankedIds(DriversModel &model)
    {
        model.refresh();
        QList<qint64> ids;
        for (const DriversModel::Suggestion &suggestion : model.suggestions(10))
            ids << suggestion.driverId;
        return ids;
    }

    TestCluster m_cluster;
    int m_serial = 0;
};

void SuggestedDriversTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

void SuggestedDriversTest::init()
{
    m_cluster.freshDatabase(QStringLiteral("suggest_%1").arg(++m_serial));
}

void SuggestedDriversTest::leastLoadedThenMostRoomThenSeenMostRecentlyComesFirst()
{
    const qint64 twoOfThree = m_cluster.addDriver(QStringLiteral("Ann Two"));
    const qint64 idleNeverSeen = m_cluster.addDriver(QStringLiteral("Ben Never"));
    const qint64 idleSeenNow = m_cluster.addDriver(QStringLiteral("Cy Now"));
    const qint64 idleSeenEarlier = m_cluster.addDriver(QStringLiteral("Di Earlier"));
    const qint64 idleRoomy = m_cluster.addDriver(QStringLiteral("Ed Roomy"));
    const qint64 oneOfThree = m_cluster.addDriver(QStringLiteral("Flo One"));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = 3"));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = 6 WHERE id = ?"),
                   { idleRoomy });
    load(twoOfThree, 2);
    load(oneOfThree, 1);
    seen(idleSeenNow, 5);
    seen(idleSeenEarlier, 600);

    auto connection = m_cluster.connect(QStringLiteral("gui"));
    DriversModel model(connection->database());
    QCOMPARE(rankedIds(model),
             (QList<qint64> { idleRoomy, idleSeenNow, idleSeenEarlier, idleNeverSeen, oneOfThree,
                              twoOfThree }));
    // The reason says what the ranking used.
    const QList<DriversModel::Suggestion> top = model.suggestions(6);
    QCOMPARE(top.at(1).name, QStringLiteral("Cy Now"));
    QVERIFY2(top.at(1).reason.contains(QStringLiteral("0 of 3 orders")),
             qPrintable(top.at(1).reason));
    QVERIFY2(top.at(1).reason.contains(QStringLiteral("just now")), qPrintable(top.at(1).reason));
    QVERIFY2(top.at(3).reason.contains(QStringLiteral("not seen")), qPrintable(top.at(3).reason));
    QVERIFY2(top.at(5).reason.contains(QStringLiteral("2 of 3 orders")),
             qPrintable(top.at(5).reason));
    // Asking for fewer gives the best ones.
    QCOMPARE(model.suggestions(2).size(), 2);
    QCOMPARE(model.suggestions(2).constFirst().driverId, idleRoomy);
}

void SuggestedDriversTest::offShiftBusyAndInactiveDriversAreNeverSuggested()
{
    const qint64 available = m_cluster.addDriver(QStringLiteral("Gil Ready"));
    const qint64 offShift = m_cluster.addDriver(QStringLiteral("Hal Home"));
    const qint64 full = m_cluster.addDriver(QStringLiteral("Ivy Full"));
    const qint64 inactive = m_cluster.addDriver(QStringLiteral("Jo Gone"), false);
    m_cluster.exec(QStringLiteral("UPDATE drivers SET on_shift = false WHERE id = ?"),
                   { offShift });
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = 1 WHERE id = ?"),
                   { full });
    load(full, 1);

    auto connection = m_cluster.connect(QStringLiteral("gui"));
    DriversModel model(connection->database());
    QCOMPARE(rankedIds(model), QList<qint64> { available });
    Q_UNUSED(inactive);
}

void SuggestedDriversTest::ctrlShiftEnterGivesTheSelectedOrdersToTheFirstSuggestion()
{
    const qint64 busy = m_cluster.addDriver(QStringLiteral("Kim Busy"));
    const qint64 best = m_cluster.addDriver(QStringLiteral("Lou Free"));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = 3"));
    load(busy, 2);
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Suggested Customer"));

    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("suggest")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    BoardPanel *panel = window->boardPanel();
    QTRY_VERIFY(panel->suggestionLabel()->text().contains(QStringLiteral("Lou Free")));
    QVERIFY2(panel->suggestionLabel()->text().contains(QStringLiteral("0 of 3 orders")),
             qPrintable(panel->suggestionLabel()->text()));
    // Kim is selected in the list: the suggestion goes past the selection on purpose.
    panel->driversView()->selectRow(session.drivers()->rowOfDriver(busy));
    QTRY_VERIFY(session.board()->rowOfOrder(order) >= 0);
    const int row = session.board()->rowOfOrder(order);
    window->boardView()->setFocus();
    selectOnly(window->boardView(), row);
    QCOMPARE(panel->selectedOrderIds(), QList<qint64> { order });

    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    QTest::keyClick(window->boardView(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        best);
}

void SuggestedDriversTest::withNoDriverAvailableNothingIsAssignedAndTheConsoleSaysWhy()
{
    const qint64 home = m_cluster.addDriver(QStringLiteral("Mo Home"));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET on_shift = false WHERE id = ?"), { home });
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Nobody Free"));

    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("nobody")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    BoardPanel *panel = window->boardPanel();
    // Mo is in the list, off shift: read, and still no suggestion.
    QTRY_VERIFY(session.drivers()->rowOfDriver(home) >= 0);
    QTRY_VERIFY(session.board()->rowOfOrder(order) >= 0);
    QVERIFY2(panel->suggestionLabel()->text().contains(QStringLiteral("No driver can take")),
             qPrintable(panel->suggestionLabel()->text()));
    window->boardView()->setFocus();
    selectOnly(window->boardView(), session.board()->rowOfOrder(order));
    QCOMPARE(panel->selectedOrderIds(), QList<qint64> { order });
    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    QTest::keyClick(window->boardView(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY2(window->bannerText().contains(QStringLiteral("No driver can take")),
                 qPrintable(window->bannerText()));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                 .toString(),
             QStringLiteral("ready"));
}

// The refusal a dispatcher gets for a full driver names them, as the list does.
void SuggestedDriversTest::aFullDriversRefusalNamesTheDriver()
{
    const qint64 full = m_cluster.addDriver(QStringLiteral("Pat Full"));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = 1"));
    load(full, 1);
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("One Too Many"));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("full")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(session.drivers()->rowOfDriver(full) >= 0);
    QSignalSpy finished(session.assignments(), &AssignmentService::finished);
    window->assign({ order }, full);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(window->bannerText().contains(QStringLiteral("Pat Full already carries")),
             qPrintable(window->bannerText()));
}

QTEST_MAIN(SuggestedDriversTest)
#include "tst_suggesteddrivers.moc"

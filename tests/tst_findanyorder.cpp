// Orders › Find any order (Ctrl+Shift+F, issue 16 item 6): the board holds ready orders only;
// the key opens support's search over every order — delivered, failed, cancelled too —
// started with what the board's filter holds. Real database, offscreen.

#include "board/readyordersmodel.h"
#include "claims/orderrepository.h"
#include "console/boardpanel.h"
#include "console/mainwindow.h"
#include "db/databaseconnection.h"
#include "inspector/inspectorwindow.h"
#include "lib/consolesession.h"
#include "testcluster.h"

#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

class FindAnyOrderTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aDeliveredOrderIsFoundFromTheBoardsFilterText();
    void withAnEmptyFilterTheSearchWaitsForText();

private:
    TestCluster m_cluster;
};

void FindAnyOrderTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("findany"));
}

void FindAnyOrderTest::aDeliveredOrderIsFoundFromTheBoardsFilterText()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Ben Jensen"));
    const qint64 delivered = m_cluster.addReadyOrder(QStringLiteral("Delivered Dana"));
    m_cluster.addReadyOrder(QStringLiteral("Someone Else"));
    {
        auto connection = m_cluster.connect(QStringLiteral("claim"));
        OrderRepository repository(*connection);
        QCOMPARE(
            repository.claim(delivered, driver, ClaimSource::Console, QStringLiteral("t")).code,
            OutcomeCode::Assigned);
    }
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'delivered' WHERE id = ?"),
                   { delivered });

    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("findany")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(session.board()->rowCount() >= 1);
    // The board cannot find it: it is not ready.
    QCOMPARE(session.board()->rowOfOrder(delivered), -1);
    window->boardPanel()->findChild<QLineEdit *>()->setText(QStringLiteral("Dana"));
    QCOMPARE(window->boardPanel()->filterText(), QStringLiteral("Dana"));

    QTest::keyClick(window->boardView(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    InspectorWindow *inspector = nullptr;
    QTRY_VERIFY((inspector = window->findChild<InspectorWindow *>()) != nullptr);
    QCOMPARE(inspector->searchText(), QStringLiteral("Dana"));
    // One hit: the inspector opens it, delivered, with its driver.
    QTRY_COMPARE(inspector->orderPage().orderId, delivered);
    QVERIFY(inspector->orderPage().found);
    QCOMPARE(inspector->orderPage().status, QStringLiteral("delivered"));
    QCOMPARE(inspector->orderPage().driverId.value_or(0), driver);
    inspector->close();
}

void FindAnyOrderTest::withAnEmptyFilterTheSearchWaitsForText()
{
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("empty")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    InspectorWindow *inspector = window->findAnyOrder(QString());
    QVERIFY(inspector);
    QVERIFY(QTest::qWaitForWindowExposed(inspector));
    QCOMPARE(inspector->searchText(), QString());
    QCOMPARE(inspector->orderPage().orderId, qint64(0)); // nothing opened, nothing searched
    inspector->close();
}

QTEST_MAIN(FindAnyOrderTest)
#include "tst_findanyorder.moc"

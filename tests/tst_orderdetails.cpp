// The order details dock (issue 16, item 6): the selected order's customer, phone, items,
// notes and promise beside the board, following the Ready and In delivery boards'
// selection; stored text shown as text (no markup), odd item JSON shown as far as it makes
// sense. Real database, offscreen.

#include "board/indeliverymodel.h"
#include "board/orderdetails.h"
#include "board/readyordersmodel.h"
#include "claims/orderrepository.h"
#include "console/indeliverypanel.h"
#include "console/mainwindow.h"
#include "console/orderdetailsdock.h"
#include "db/databaseconnection.h"
#include "lib/consolesession.h"
#include "testcluster.h"

#include <QLabel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

class OrderDetailsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void itemsAreReadAsFarAsTheyMakeSense_data();
    void itemsAreReadAsFarAsTheyMakeSense();
    void theDockFollowsTheBoardsSelection();
    void theDockFollowsTheInDeliveryBoardAndSaysWhenAnOrderIsGone();

private:
    qint64 detailedOrder(const QString &customer)
    {
        const qint64 order = m_cluster.addReadyOrder(customer);
        m_cluster.exec(
            QStringLiteral(
                "UPDATE orders SET customer_phone = '+49 30 1234567',"
                " notes = 'Ring twice <b>not bold</b>', promised_at = now() + interval '25 min',"
                " items = '[{\"name\": \"Margherita\", \"qty\": 2}, {\"name\": \"Cola\"}]'"
                " WHERE id = ?"),
            { order });
        return order;
    }
    static void selectOnly(QTableView *view, int row)
    {
        view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                                QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
    }

    TestCluster m_cluster;
};

void OrderDetailsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("details"));
}

void OrderDetailsTest::itemsAreReadAsFarAsTheyMakeSense_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("text");
    QTest::newRow("two") << QByteArray(R"([{"name":"Margherita","qty":2},{"name":"Cola"}])")
                         << QStringLiteral("2 × Margherita, 1 × Cola");
    QTest::newRow("empty") << QByteArray("[]") << QString();
    QTest::newRow("not json") << QByteArray("pizza") << QString();
    QTest::newRow("an object") << QByteArray(R"({"name":"x"})") << QString();
    QTest::newRow("no name") << QByteArray(R"([{"qty":3},{"name":"  "},{"name":"Tea"}])")
                             << QStringLiteral("1 × Tea");
    QTest::newRow("zero and negative")
        << QByteArray(R"([{"name":"A","qty":0},{"name":"B","qty":-4}])")
        << QStringLiteral("1 × A, 1 × B");
    QTest::newRow("control characters")
        << QByteArray(R"([{"name":"Soup\u0000\nof the day","qty":1}])")
        << QStringLiteral("1 × Soup  of the day");
}

void OrderDetailsTest::itemsAreReadAsFarAsTheyMakeSense()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, text);
    OrderDetails details;
    details.items = OrderDetails::parseItems(json);
    QCOMPARE(details.itemsText(), text);
}

void OrderDetailsTest::theDockFollowsTheBoardsSelection()
{
    const qint64 plain = m_cluster.addReadyOrder(QStringLiteral("Plain Customer"));
    const qint64 detailed = detailedOrder(QStringLiteral("Detailed Customer"));
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("details")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    OrderDetailsDock *dock = window->detailsDock();
    QVERIFY(dock && dock->isVisible());
    QTRY_VERIFY(session.board()->rowOfOrder(detailed) >= 0);

    selectOnly(window->boardView(), session.board()->rowOfOrder(detailed));
    QCOMPARE(dock->orderId(), detailed);
    const QString text = dock->text();
    QVERIFY2(text.contains(QStringLiteral("Phone: +49 30 1234567")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Items: 2 × Margherita, 1 × Cola")), qPrintable(text));
    // Stored text stays text: the tags are shown, not obeyed.
    QVERIFY2(text.contains(QStringLiteral("Notes: Ring twice <b>not bold</b>")), qPrintable(text));
    int showingTags = 0;
    for (QLabel *label : dock->findChildren<QLabel *>()) {
        if (label->text().contains(QStringLiteral("<b>"))) {
            QCOMPARE(label->textFormat(), Qt::PlainText);
            ++showingTags;
        }
    }
    QCOMPARE(showingTags, 1);

    selectOnly(window->boardView(), session.board()->rowOfOrder(plain));
    QCOMPARE(dock->orderId(), plain);
    QVERIFY2(dock->text().contains(QStringLiteral("Phone: —")), qPrintable(dock->text()));
    QVERIFY2(dock->text().contains(QStringLiteral("nothing promised")), qPrintable(dock->text()));
}

void OrderDetailsTest::theDockFollowsTheInDeliveryBoardAndSaysWhenAnOrderIsGone()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Door Driver"));
    const qint64 order = detailedOrder(QStringLiteral("At The Door"));
    {
        auto connection = m_cluster.connect(QStringLiteral("claim"));
        OrderRepository repository(*connection);
        QCOMPARE(repository.claim(order, driver, ClaimSource::Console, QStringLiteral("t")).code,
                 OutcomeCode::Assigned);
    }
    ConsoleSession session(ConsoleSession::named(m_cluster.settings(), QStringLiteral("door")));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(session.inDelivery()->rowOfOrder(order) >= 0);
    auto *panel = window->findChild<InDeliveryPanel *>();
    QVERIFY(panel);
    selectOnly(panel->view(), session.inDelivery()->rowOfOrder(order));
    OrderDetailsDock *dock = window->detailsDock();
    QCOMPARE(dock->orderId(), order);
    QVERIFY2(dock->text().contains(QStringLiteral("with Door Driver")), qPrintable(dock->text()));
    QVERIFY2(dock->text().contains(QStringLiteral("+49 30 1234567")), qPrintable(dock->text()));

    m_cluster.exec(QStringLiteral("DELETE FROM orders WHERE id = ?"), { order });
    dock->showOrder(order);
    QVERIFY2(dock->text().contains(QStringLiteral("no longer exists")), qPrintable(dock->text()));
    QVERIFY(!dock->text().contains(QStringLiteral("+49")));
}

QTEST_MAIN(OrderDetailsTest)
#include "tst_orderdetails.moc"

// An order that passes its promise is said once (issue 16, item 4): LateOrderWatch compares
// each check with the one before, so an order late already when the console opens does not
// ring, one that becomes late does, once, and one delivered is forgotten; the console says
// it in the status bar (and the tray, where there is one) and beeps only when asked to.
// Against a real database; the clock is passed in, so nothing waits for a promise to pass.

#include "board/indeliverymodel.h"
#include "board/lateorderwatch.h"
#include "claims/orderrepository.h"
#include "console/mainwindow.h"
#include "db/databaseconnection.h"
#include "lib/consolesession.h"
#include "testcluster.h"

#include <QAction>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <tuple>

// A console's in-delivery model and its watch on a clock the test sets, with what it said.
struct Watched
{
    explicit Watched(TestCluster &cluster)
        : connection(cluster.connect(QStringLiteral("gui")))
        , model(connection->database())
        , watch(&model)
    {
        watch.setClock([this] { return now; });
        QObject::connect(
            &watch, &LateOrderWatch::becameLate, &watch,
            [this](const QList<LateOrderWatch::LateOrder> &orders) { said << orders; });
    }
    auto parts() { return std::tie(model, watch, now, said); }

    std::unique_ptr<DatabaseConnection> connection;
    InDeliveryModel model;
    LateOrderWatch watch;
    QDateTime now = QDateTime::currentDateTimeUtc();
    QList<QList<LateOrderWatch::LateOrder>> said;
};

class LateOrdersTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void anOrderThatPassesItsPromiseIsSaidOnceWithItsCustomerAndDriver();
    void ordersLateWhenTheConsoleOpensDoNotRing();
    void severalAtOnceAreOneMessageAndADeliveredOrderIsForgotten();
    void theConsoleSaysItInTheStatusBarAndRemembersTheSoundSetting();

private:
    // An order claimed by the driver, promised `secondsFromNow` from the database's clock.
    qint64 inDelivery(qint64 driver, const QString &customer, int secondsFromNow)
    {
        const qint64 order = m_cluster.addReadyOrder(customer);
        auto connection = m_cluster.connect(QStringLiteral("claim"));
        OrderRepository repository(*connection);
        const ClaimOutcome outcome
            = repository.claim(order, driver, ClaimSource::Console, QStringLiteral("test"));
        if (outcome.code != OutcomeCode::Assigned)
            qFatal("claim failed: %s", qPrintable(outcome.codeName()));
        m_cluster.exec(QStringLiteral("UPDATE orders SET promised_at = now() + make_interval("
                                      "secs => ?) WHERE id = ?"),
                       { secondsFromNow, order });
        return order;
    }
    QDateTime promiseOf(qint64 order)
    {
        return m_cluster
            .scalar(QStringLiteral("SELECT promised_at FROM orders WHERE id = ?"), { order })
            .toDateTime()
            .toUTC();
    }

    TestCluster m_cluster;
    qint64 m_driver = 0;
    int m_serial = 0;
};

void LateOrdersTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

void LateOrdersTest::init()
{
    m_cluster.freshDatabase(QStringLiteral("late_%1").arg(++m_serial));
    m_driver = m_cluster.addDriver(QStringLiteral("Ben Jensen"));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = NULL"));
}

void LateOrdersTest::anOrderThatPassesItsPromiseIsSaidOnceWithItsCustomerAndDriver()
{
    const qint64 order = inDelivery(m_driver, QStringLiteral("Ana Ruiz"), 600);
    Watched w(m_cluster);
    auto [model, watch, now, said] = w.parts();
    QVERIFY(model.refresh()); // the first check, on the re-read: nothing late yet
    QCOMPARE(said.size(), 0);

    const QDateTime promise = promiseOf(order);
    now = promise.addSecs(-1);
    watch.check();
    QCOMPARE(said.size(), 0);
    now = promise.addSecs(1);
    watch.check();
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.at(0).size(), 1);
    QCOMPARE(said.at(0).at(0).orderId, order);
    const QString text = LateOrderWatch::describe(said.at(0));
    QVERIFY2(text.contains(QStringLiteral("Ana Ruiz"))
                 && text.contains(QStringLiteral("Ben Jensen"))
                 && text.contains(QString::number(order)),
             qPrintable(text));
    // Still late a minute later, and after a re-read: not said again.
    now = promise.addSecs(60);
    watch.check();
    QVERIFY(model.refresh());
    now = promise.addSecs(61);
    watch.check();
    QCOMPARE(said.size(), 1);
}

void LateOrdersTest::ordersLateWhenTheConsoleOpensDoNotRing()
{
    inDelivery(m_driver, QStringLiteral("Long Late"), -300);
    auto connection = m_cluster.connect(QStringLiteral("gui"));
    InDeliveryModel model(connection->database());
    LateOrderWatch watch(&model);
    QDateTime now = QDateTime::currentDateTimeUtc();
    watch.setClock([&now] { return now; });
    int said = 0;
    connect(&watch, &LateOrderWatch::becameLate, this, [&said] { ++said; });
    QVERIFY(model.refresh());
    watch.check();
    now = QDateTime::currentDateTimeUtc().addSecs(30);
    watch.check();
    QCOMPARE(said, 0);
}

void LateOrdersTest::severalAtOnceAreOneMessageAndADeliveredOrderIsForgotten()
{
    const qint64 first = inDelivery(m_driver, QStringLiteral("First"), 600);
    const qint64 second = inDelivery(m_driver, QStringLiteral("Second"), 600);
    Watched w(m_cluster);
    auto [model, watch, now, said] = w.parts();
    QVERIFY(model.refresh());
    const QDateTime later = std::max(promiseOf(first), promiseOf(second)).addSecs(5);
    now = later;
    watch.check();
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.at(0).size(), 2);
    const QString text = LateOrderWatch::describe(said.at(0));
    QVERIFY2(text.contains(QStringLiteral("2 order")) && text.contains(QString::number(first))
                 && text.contains(QString::number(second)),
             qPrintable(text));

    // The first leaves the board (delivered elsewhere) and comes back late (a psql edit puts
    // it back in transit): it is new to the watch, so it is said again.
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'delivered' WHERE id = ?"),
                   { first });
    QVERIFY(model.refresh());
    now = later;
    watch.check();
    QCOMPARE(said.size(), 1);
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'in_transit' WHERE id = ?"),
                   { first });
    QVERIFY(model.refresh());
    now = later;
    watch.check();
    QCOMPARE(said.size(), 2);
    QCOMPARE(said.at(1).size(), 1);
    QCOMPARE(said.at(1).at(0).orderId, first);
}

void LateOrdersTest::theConsoleSaysItInTheStatusBarAndRemembersTheSoundSetting()
{
    QSettings().remove(QStringLiteral("alerts/lateSound"));
    const qint64 order = inDelivery(m_driver, QStringLiteral("Window Customer"), 600);
    {
        ConsoleSession session(
            ConsoleSession::named(m_cluster.settings(), QStringLiteral("late-window")));
        MainWindow *window = session.window();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTRY_VERIFY(session.inDelivery()->rowOfOrder(order) >= 0);
        QVERIFY(!window->lateSoundEnabled()); // off until asked for
        const QDateTime late = promiseOf(order).addSecs(2);
        session.lateOrders()->setClock([late] { return late; });
        session.lateOrders()->check();
        QVERIFY2(window->lateNotice().contains(QStringLiteral("Window Customer")),
                 qPrintable(window->lateNotice()));
        QCOMPARE(window->statusBar()->currentMessage(), window->lateNotice());

        QAction *sound = nullptr;
        for (QAction *menu : window->menuBar()->actions()) {
            for (QAction *action : menu->menu() ? menu->menu()->actions() : QList<QAction *> {}) {
                if (action->text().contains(QStringLiteral("Sound when an order becomes late")))
                    sound = action;
            }
        }
        QVERIFY(sound);
        sound->setChecked(true);
        QVERIFY(window->lateSoundEnabled());
    }
    ConsoleSession again(ConsoleSession::named(m_cluster.settings(), QStringLiteral("late-again")));
    QVERIFY(again.window()->lateSoundEnabled());
    QSettings().remove(QStringLiteral("alerts/lateSound"));
}

QTEST_MAIN(LateOrdersTest)
#include "tst_lateorders.moc"

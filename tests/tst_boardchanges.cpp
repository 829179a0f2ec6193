// The board's change handling without a database: the orders_changed payload parsed into an
// OrderChange (sql/012's json {id, op, status, driver_id}; anything else is Unknown), and the
// RefreshPacer that spaces the board's full re-reads.

#include "board/orderchange.h"
#include "board/refreshpacer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

class BoardChangesTest : public QObject
{
    Q_OBJECT

private slots:
    void parsesTheTriggersPayload_data();
    void parsesTheTriggersPayload();
    void refusesWhatItCannotExplain_data();
    void refusesWhatItCannotExplain();
    void parsesTheFeedsArraysInOrder();
    void pacedRequestsGiveOneReadPerWindow();
    void soonComesOnTheNextTurnAndOverridesPacing();
    void aReadForAnotherReasonCancelsWhatWasPending();
};

void BoardChangesTest::parsesTheTriggersPayload_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<int>("op");
    QTest::addColumn<QString>("status");
    QTest::addColumn<qint64>("driverId");
    QTest::addColumn<bool>("ready");
    // Exactly what json_build_object(...)::text writes.
    QTest::newRow("claim")
        << R"({"id" : 42, "op" : "UPDATE", "status" : "assigned", "driver_id" : 7})" << qint64(42)
        << int(OrderChange::Op::Update) << "assigned" << qint64(7) << false;
    QTest::newRow("new ready")
        << R"({"id" : 5, "op" : "INSERT", "status" : "ready", "driver_id" : null})" << qint64(5)
        << int(OrderChange::Op::Insert) << "ready" << qint64(0) << true;
    QTest::newRow("delete") << R"({"id":9,"op":"DELETE","status":"ready","driver_id":null})"
                            << qint64(9) << int(OrderChange::Op::Delete) << "ready" << qint64(0)
                            << true;
    QTest::newRow("ready with a driver")
        << R"({"id":9,"op":"UPDATE","status":"ready","driver_id":3})" << qint64(9)
        << int(OrderChange::Op::Update) << "ready" << qint64(3) << false;
    QTest::newRow("large id, exact")
        << R"({"id":9007199254740991,"op":"UPDATE","status":"picked_up","driver_id":1})"
        << qint64(9007199254740991LL) << int(OrderChange::Op::Update) << "picked_up" << qint64(1)
        << false;
    QTest::newRow("extra field")
        << R"({"id":1,"op":"UPDATE","status":"ready","driver_id":null,"x":1})" << qint64(1)
        << int(OrderChange::Op::Update) << "ready" << qint64(0) << true;
}

void BoardChangesTest::parsesTheTriggersPayload()
{
    QFETCH(QString, payload);
    QFETCH(qint64, id);
    QFETCH(int, op);
    QFETCH(QString, status);
    QFETCH(qint64, driverId);
    QFETCH(bool, ready);
    const QList<OrderChange> changes = OrderChange::parse(payload);
    QCOMPARE(changes.size(), 1);
    const OrderChange change = changes.first();
    QVERIFY(change.isKnown());
    QCOMPARE(change.id, id);
    QCOMPARE(int(change.op), op);
    QCOMPARE(change.status, status);
    QCOMPARE(change.driverId, driverId);
    QCOMPARE(change.isReady(), ready);
}

void BoardChangesTest::refusesWhatItCannotExplain_data()
{
    QTest::addColumn<QString>("payload");
    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << "x";
    QTest::newRow("a bare id (002's old payload)") << "42";
    QTest::newRow("json array of numbers") << R"([1,2])";
    QTest::newRow("empty array") << R"([])";
    QTest::newRow("the feed's re-read") << R"({"reread" : "more than p_max"})";
    QTest::newRow("truncated") << R"({"id":1,"op":"UPDATE","status":"rea)";
    QTest::newRow("no id") << R"({"op":"UPDATE","status":"ready","driver_id":null})";
    QTest::newRow("no op") << R"({"id":1,"status":"ready","driver_id":null})";
    QTest::newRow("no status") << R"({"id":1,"op":"UPDATE","driver_id":null})";
    QTest::newRow("no driver_id") << R"({"id":1,"op":"UPDATE","status":"ready"})";
    QTest::newRow("foreign op") << R"({"id":1,"op":"TRUNCATE","status":"ready","driver_id":null})";
    QTest::newRow("id as text") << R"({"id":"1","op":"UPDATE","status":"ready","driver_id":null})";
    QTest::newRow("zero id") << R"({"id":0,"op":"UPDATE","status":"ready","driver_id":null})";
    QTest::newRow("negative id") << R"({"id":-5,"op":"UPDATE","status":"ready","driver_id":null})";
    QTest::newRow("fractional id")
        << R"({"id":1.5,"op":"UPDATE","status":"ready","driver_id":null})";
    QTest::newRow("huge id (beyond 2^53)")
        << R"({"id":9223372036854775807,"op":"UPDATE","status":"ready","driver_id":null})";
    QTest::newRow("absurd id") << R"({"id":1e300,"op":"UPDATE","status":"ready","driver_id":null})";
    QTest::newRow("driver as text")
        << R"({"id":1,"op":"UPDATE","status":"assigned","driver_id":"7"})";
    QTest::newRow("huge payload") << QString(
        QString(8001, QLatin1Char(' '))
        + QStringLiteral(R"({"id":1,"op":"UPDATE","status":"ready","driver_id":null})"));
}

void BoardChangesTest::refusesWhatItCannotExplain()
{
    QFETCH(QString, payload);
    const QList<OrderChange> changes = OrderChange::parse(payload);
    QVERIFY(!changes.isEmpty());
    for (const OrderChange &change : changes) {
        QVERIFY(!change.isKnown());
        QVERIFY(!change.isReady());
        QCOMPARE(change.id, qint64(0));
    }
}

void BoardChangesTest::parsesTheFeedsArraysInOrder()
{
    // sql/019's change feed: several changes in one payload, in commit order, as
    // json_build_object writes them; a bad element is Unknown in its place, the rest kept.
    const QList<OrderChange> changes = OrderChange::parse(QStringLiteral(
        R"([{"id" : 7, "op" : "UPDATE", "status" : "driver_assigned", "driver_id" : 3},)"
        R"( {"id" : 7, "op" : "UPDATE", "status" : "ready", "driver_id" : null},)"
        R"( {"id" : 8, "op" : "INSERT", "status" : "ready", "driver_id" : null},)"
        R"( {"id" : "x"},)"
        R"( {"id" : 9, "op" : "DELETE", "status" : "cancelled", "driver_id" : null}])"));
    QCOMPARE(changes.size(), 5);
    QCOMPARE(changes.at(0).id, qint64(7));
    QCOMPARE(changes.at(0).status, QStringLiteral("driver_assigned"));
    QCOMPARE(changes.at(0).driverId, qint64(3));
    QVERIFY(!changes.at(0).isReady());
    QCOMPARE(changes.at(1).id, qint64(7));
    QVERIFY(changes.at(1).isReady());
    QCOMPARE(int(changes.at(2).op), int(OrderChange::Op::Insert));
    QCOMPARE(changes.at(2).id, qint64(8));
    QVERIFY(!changes.at(3).isKnown());
    QCOMPARE(int(changes.at(4).op), int(OrderChange::Op::Delete));
    QCOMPARE(changes.at(4).id, qint64(9));
}

void BoardChangesTest::pacedRequestsGiveOneReadPerWindow()
{
    RefreshPacer pacer(300);
    QSignalSpy due(&pacer, &RefreshPacer::refreshDue);
    QObject::connect(&pacer, &RefreshPacer::refreshDue, &pacer, &RefreshPacer::markRefreshed);
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 50; ++i)
        pacer.requestPaced();
    QVERIFY(pacer.isPending());
    QCoreApplication::processEvents();
    QCOMPARE(due.count(), 0); // not on the next turn: it waits for the window
    QVERIFY(due.wait(5000));
    QVERIFY(clock.elapsed() >= 250);
    QCOMPARE(due.count(), 1);
    QVERIFY(!pacer.isPending());
    pacer.requestPaced(); // a new spell, a new window
    QVERIFY(due.wait(5000));
    QCOMPARE(due.count(), 2);
}

void BoardChangesTest::soonComesOnTheNextTurnAndOverridesPacing()
{
    RefreshPacer pacer(60000);
    QSignalSpy due(&pacer, &RefreshPacer::refreshDue);
    pacer.requestPaced();
    pacer.requestSoon();
    pacer.requestSoon();
    QTRY_COMPARE_WITH_TIMEOUT(due.count(), 1, 2000);
    QCoreApplication::processEvents();
    QCOMPARE(due.count(), 1); // coalesced, and the paced one is not still waiting
    QVERIFY(!pacer.isPending());
}

void BoardChangesTest::aReadForAnotherReasonCancelsWhatWasPending()
{
    RefreshPacer pacer(50);
    QSignalSpy due(&pacer, &RefreshPacer::refreshDue);
    pacer.requestPaced();
    pacer.markRefreshed(); // say the filter re-read the board
    QVERIFY(!pacer.isPending());
    pacer.requestSoon();
    pacer.markRefreshed();
    QVERIFY(!due.wait(300));
    QCOMPARE(due.count(), 0);
}

QTEST_GUILESS_MAIN(BoardChangesTest)
#include "tst_boardchanges.moc"

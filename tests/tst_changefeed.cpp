// The change feed of sql/019 against a real database: no order change notifies in its own
// transaction; one listener per database (elected by an advisory lock) sends the committed
// changes as JSON arrays, which every board applies in order. The holder's session killed
// in the middle of a stream of claims: the standby takes over and no change is lost. More
// changes than a batch holds: one Unknown, one re-read. A batch at pg_notify's 8,000-byte
// edge is cut below it (sql/021), and the feed moves on.

#include "board/orderchangelistener.h"
#include "board/readyordersmodel.h"
#include "testcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

namespace {

// A board as the console wires it, minus the pacer: changes are applied from payloads only,
// so a row hidden here was hidden by a notification, never by a re-read. soon counts what
// the payloads could not say (the console would re-read for it).
struct Board
{
    explicit Board(TestCluster &cluster, const ConnectionSettings &listenAs)
        : connection(cluster.connect(QStringLiteral("board")))
        , model(connection->database())
        , listener(listenAs)
    {
        QObject::connect(&listener, &OrderChangeListener::orderChanged, &model,
                         [this](const OrderChange &change) {
                             changes.append(change);
                             if (model.applyChange(change) == ReadyOrdersModel::Refresh::Soon)
                                 ++soon;
                         });
    }
    std::unique_ptr<DatabaseConnection> connection;
    ReadyOrdersModel model;
    OrderChangeListener listener;
    QList<OrderChange> changes;
    int soon = 0;
};

constexpr qint64 kFeedLockKey = 0x4449535046454544; // model/board/orderchangelistener.cpp

} // namespace

class ChangeFeedTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void aClaimElsewhereHidesTheRowThroughTheFeedOnly();
    void theStandbyTakesOverAndNoChangeIsLost();
    void anArrayOfChangesIsAppliedInOrder();
    void anOversizedBatchIsOneSoonReread();
    void aBatchOfExactlyEightThousandBytesIsCutBeforeIt();

private:
    QString claim(qint64 order, qint64 driver);
    qint64 feedHolderPid();
    TestCluster m_cluster;
    int m_database = 0;
};

void ChangeFeedTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

void ChangeFeedTest::init()
{
    // One database per case: one feed per database.
    m_cluster.freshDatabase(QStringLiteral("feed_%1").arg(++m_database));
}

QString ChangeFeedTest::claim(qint64 order, qint64 driver)
{
    return m_cluster
        .scalar(QStringLiteral("SELECT outcome FROM claim_order(?::bigint, ?::bigint, 'sql',"
                               " 'test:feed')"),
                { order, driver })
        .toString();
}

qint64 ChangeFeedTest::feedHolderPid()
{
    // A bigint advisory key shows as classid (high half) and objid (low half), objsubid 1.
    return m_cluster
        .scalar(QStringLiteral("SELECT coalesce(max(pid), 0) FROM pg_locks"
                               " WHERE locktype = 'advisory' AND objsubid = 1 AND granted"
                               "   AND (classid::bigint << 32 | objid::bigint) = ?::bigint"),
                { kFeedLockKey })
        .toLongLong();
}

void ChangeFeedTest::aClaimElsewhereHidesTheRowThroughTheFeedOnly()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Feed Driver"));
    const qint64 order = m_cluster.addReadyOrder();
    const qint64 other = m_cluster.addReadyOrder();
    // A bare LISTEN next to the board: it sees every orders_changed payload there is.
    auto raw = m_cluster.connect(QStringLiteral("raw-listen"));
    QSqlDriver *rawDriver = raw->database().driver();
    QVERIFY(rawDriver->subscribeToNotification(QStringLiteral("orders_changed")));
    QStringList payloads;
    connect(rawDriver, &QSqlDriver::notification, this,
            [&](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                payloads.append(payload.toString());
            });

    Board board(m_cluster, m_cluster.settings());
    QTRY_VERIFY(board.listener.isLive());
    QTRY_VERIFY(board.listener.isFeeding()); // the only candidate
    QVERIFY(board.model.refresh());
    QCOMPARE(board.model.readyCount(), 2);
    QTRY_COMPARE(board.changes.size(), 3); // the start-up Unknown, the orders' two inserts
    const int soonBefore = board.soon;

    QCOMPARE(claim(order, driver), QStringLiteral("ASSIGNED"));
    QTRY_VERIFY_WITH_TIMEOUT(board.model.rowOfOrder(order) < 0, 10000);
    QCOMPARE(board.model.readyCount(), 1);
    QVERIFY(board.model.rowOfOrder(other) >= 0);
    QCOMPARE(board.soon, soonBefore); // the payload said enough: no re-read needed

    // Every payload is the feed's (an array), none the trigger's (one object per row).
    QTRY_VERIFY(!payloads.isEmpty());
    for (const QString &payload : std::as_const(payloads))
        QVERIFY2(QJsonDocument::fromJson(payload.toUtf8()).isArray(), qPrintable(payload));
}

void ChangeFeedTest::theStandbyTakesOverAndNoChangeIsLost()
{
    // The holder listens as a dispatcher login that can be locked out: once its session is
    // killed it cannot come back, so the takeover is the standby's.
    // (Plain exec: DDL cannot be PREPAREd, and TestCluster::exec prepares.)
    auto ddl = m_cluster.connect(QStringLiteral("roles"));
    QSqlQuery roles(ddl->database());
    QVERIFY(roles.exec(QStringLiteral("DROP ROLE IF EXISTS feed_first")));
    QVERIFY(roles.exec(QStringLiteral("CREATE ROLE feed_first LOGIN IN ROLE dispatch_dispatcher")));
    const ConnectionSettings admin = m_cluster.settings();
    const ConnectionSettings first = ConnectionSettings::localSocket(
        admin.host(), admin.port(), QStringLiteral("feed_first"), admin.database());

    constexpr int kOrders = 80;
    constexpr int kClaims = 60;
    constexpr int kKillAfter = 20;
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Stream Driver"));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = 1000 WHERE id = ?"),
                   { driver });
    QList<qint64> orders;
    for (int i = 0; i < kOrders; ++i)
        orders << m_cluster.addReadyOrder();

    auto holder = std::make_unique<Board>(m_cluster, first);
    QTRY_VERIFY(holder->listener.isFeeding());
    QTRY_COMPARE(holder->changes.size(), kOrders + 1); // start-up Unknown, the inserts
    Board standby(m_cluster, m_cluster.settings());
    QTRY_VERIFY(standby.listener.isLive());
    QVERIFY(!standby.listener.isFeeding());
    QVERIFY(standby.model.refresh());
    QTRY_COMPARE(standby.changes.size(), 1); // its start-up Unknown
    QCOMPARE(standby.model.readyCount(), kOrders);
    const qint64 holderPid = feedHolderPid();
    QVERIFY(holderPid > 0);
    const int soonBefore = standby.soon;

    // A stream of claims, one every 5 ms; after the 20th the holder's backend is killed.
    int claimed = 0;
    QStringList refused;
    QTimer stream;
    stream.setInterval(5);
    connect(&stream, &QTimer::timeout, this, [&] {
        const QString outcome = claim(orders.at(claimed), driver);
        if (outcome != QLatin1String("ASSIGNED"))
            refused << outcome;
        if (++claimed == kKillAfter) {
            QVERIFY(roles.exec(QStringLiteral("ALTER ROLE feed_first NOLOGIN")));
            QVERIFY(m_cluster
                        .scalar(QStringLiteral("SELECT pg_terminate_backend(?::integer)"),
                                { holderPid })
                        .toBool());
        }
        if (claimed == kClaims)
            stream.stop();
    });
    stream.start();
    QTRY_COMPARE_WITH_TIMEOUT(claimed, kClaims, 30000);
    QVERIFY2(refused.isEmpty(), qPrintable(refused.join(QLatin1Char(' '))));

    QTRY_VERIFY_WITH_TIMEOUT(standby.listener.isFeeding(), 10000);
    QVERIFY(feedHolderPid() != holderPid);
    const int ready = m_cluster
                          .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE status ="
                                                 " 'ready' AND driver_id IS NULL"))
                          .toInt();
    QCOMPARE(ready, kOrders - kClaims);
    QTRY_COMPARE_WITH_TIMEOUT(standby.model.readyCount(), ready, 10000);
    for (int i = 0; i < kClaims; ++i)
        QVERIFY2(standby.model.rowOfOrder(orders.at(i)) < 0, qPrintable(QString::number(i)));
    QCOMPARE(standby.soon, soonBefore); // every change told by its payload, none by a re-read
    holder.reset();
}

void ChangeFeedTest::anArrayOfChangesIsAppliedInOrder()
{
    const qint64 a = m_cluster.addReadyOrder();
    const qint64 b = m_cluster.addReadyOrder();
    const qint64 c = m_cluster.addReadyOrder();
    Board board(m_cluster, m_cluster.settings());
    QTRY_VERIFY(board.listener.isFeeding());
    QVERIFY(board.model.refresh());
    QTRY_VERIFY(!board.changes.isEmpty()); // the start-up Unknown, the inserts
    QTRY_COMPARE(board.changes.size(), 4);
    board.changes.clear();

    // Hand-made, as the feed writes it: a and b taken, then b back on the board.
    const QString payload
        = QStringLiteral(
              R"([{"id" : %1, "op" : "UPDATE", "status" : "driver_assigned", "driver_id" : 5}, )"
              R"({"id" : %2, "op" : "UPDATE", "status" : "driver_assigned", "driver_id" : 6}, )"
              R"({"id" : %2, "op" : "UPDATE", "status" : "ready", "driver_id" : null}])")
              .arg(a)
              .arg(b);
    m_cluster.exec(QStringLiteral("SELECT pg_notify('orders_changed', ?)"), { payload });
    QTRY_COMPARE(board.changes.size(), 3);
    QCOMPARE(board.changes.at(0).id, a);
    QCOMPARE(board.changes.at(1).id, b);
    QVERIFY(!board.changes.at(1).isReady());
    QCOMPARE(board.changes.at(2).id, b);
    QVERIFY(board.changes.at(2).isReady());
    QVERIFY(board.model.rowOfOrder(a) < 0);
    QVERIFY(board.model.rowOfOrder(c) >= 0);
}

void ChangeFeedTest::anOversizedBatchIsOneSoonReread()
{
    m_cluster.addReadyOrder();
    Board board(m_cluster, m_cluster.settings());
    QTRY_VERIFY(board.listener.isFeeding());
    QVERIFY(board.model.refresh());
    QTRY_COMPARE(board.changes.size(), 2); // the start-up Unknown, the insert
    board.changes.clear();
    const int soonBefore = board.soon;

    // One transaction, more changes than one batch (1,000): too many to apply one by one.
    m_cluster.exec(QStringLiteral("INSERT INTO orders (status, customer, pickup, dropoff, ready_at)"
                                  " SELECT 'ready', 'Bulk ' || g, 'Kitchen', 'Street', now()"
                                  "   FROM generate_series(1, 1500) g"));
    QTRY_COMPARE_WITH_TIMEOUT(board.changes.size(), 1, 10000);
    QVERIFY(!board.changes.first().isKnown());
    QCOMPARE(board.soon, soonBefore + 1);
    // Nothing else follows: the feed moved on past the batch.
    m_cluster.exec(QStringLiteral("SELECT pg_notify('orders_changed', '[]')")); // a marker
    QTRY_COMPARE(board.changes.size(), 2);
}

void ChangeFeedTest::aBatchOfExactlyEightThousandBytesIsCutBeforeIt()
{
    // pg_notify refuses 8,000 bytes and more, and a refused batch rolls the poll back, so the
    // same changes would fail again on every poll: a feed stuck for every console. sql/019
    // cut at payload + item + 2 and forgot the brackets; here one poll's changes come to
    // exactly 8,000 bytes sent as one array.
    m_cluster.exec(QStringLiteral("SELECT count(*) FROM change_feed_poll(1000)")); // the setup's
    auto listening = m_cluster.connect(QStringLiteral("listen"));
    QSqlDriver *driver = listening->database().driver();
    QStringList payloads;
    QObject::connect(driver, &QSqlDriver::notification,
                     [&](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                         payloads.append(payload.toString());
                     });
    QVERIFY(driver->subscribeToNotification(QStringLiteral("orders_changed")));

    // One change sends base + digits of the order id, plus 2 (", " or a bracket). Ten-digit
    // ids, and one digit more on as many as make the sum exactly 8,000.
    const int base = m_cluster
                         .scalar(QStringLiteral(
                             "SELECT octet_length(json_build_object('id', 0, 'op', 'INSERT',"
                             " 'status', 'ready', 'driver_id', NULL)::text) - 1"))
                         .toInt();
    const int perChange = base + 10 + 2;
    const int changes = 8000 / perChange;
    const int longer = 8000 - changes * perChange;
    QVERIFY(longer < changes);
    QStringList ids;
    for (int i = 0; i < changes; ++i)
        ids.append(QString::number((i < longer ? 10000000000LL : 1000000000LL) + i));
    m_cluster.exec(
        QStringLiteral("INSERT INTO orders (id, status, customer, pickup, dropoff, ready_at)"
                       " SELECT g, 'ready', 'Edge', 'Kitchen', 'Street', now()"
                       "   FROM unnest(?::bigint[]) g"),
        { QStringLiteral("{%1}").arg(ids.join(QLatin1Char(','))) });
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT count(*) FROM change_feed_poll(1000)")).toInt(),
        changes);

    QStringList sent;
    QTRY_VERIFY([&] {
        sent.clear();
        for (const QString &payload : std::as_const(payloads)) {
            for (const QJsonValue &item : QJsonDocument::fromJson(payload.toUtf8()).array())
                sent.append(QString::number(item[QLatin1String("id")].toInteger()));
        }
        return sent.size() >= changes;
    }());
    QCOMPARE(sent, ids);
    for (const QString &payload : std::as_const(payloads))
        QVERIFY2(payload.toUtf8().size() < 8000, qPrintable(QString::number(payload.size())));
    QCOMPARE(payloads.size(), 2); // cut before the last change
    // And the feed moved on: nothing is sent again.
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT count(*) FROM change_feed_poll(1000)")).toInt(), 0);
}

QTEST_GUILESS_MAIN(ChangeFeedTest)
#include "tst_changefeed.moc"

// Transaction pooling (issue 15, item 3): every statement connection of the console and of
// `serve` through a real PgBouncer in pool_mode = transaction, where each transaction may
// run in another server session. What must hold there: the seed's `ab -n 100 -c 10` through
// `serve` gives exactly one 200; 32 lanes racing for each order have one winner every time;
// the board stays live with its listener connected past the pooler (--listen-database); a
// listener pointed at the pooler says so plainly and leaves no feed lock behind.
#include "board/orderchangelistener.h"
#include "board/readyordersmodel.h"
#include "claims/drivertokens.h"
#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "inspector/inspectorsession.h"
#include "pgbouncerpool.h"
#include "testcluster.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <barrier>
#include <memory>
#include <thread>
#include <vector>

class PoolerTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void thePoolerReallyMovesTransactionsBetweenSessions();
    void boardDriversAndInspectorWorkThroughThePooler();
    void seedsAbThroughServeGivesExactlyOne200();
    void thirtyTwoLanesHaveOneWinnerEveryTime();
    void boardStaysLiveWithItsListenerPastThePooler();
    void listenerThroughThePoolerSaysSoAndLeavesNoFeedLock();

private:
    ConnectionSettings pooled() const
    {
        return m_pool->settings(m_direct.database(), LocalPostgres::superuser());
    }
    // Opens n pooled client connections at once, each holding a transaction for a moment,
    // so the pool has n server sessions idle afterwards (round robin then spreads the next
    // transactions of one client over them).
    void warmPool(int n);

    TestCluster m_cluster;
    ConnectionSettings m_direct;
    std::unique_ptr<PgBouncerPool> m_pool;
};

void PoolerTest::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("pgbouncer"),
                                       { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin") })
            .isEmpty())
        QFAIL("pgbouncer is not installed (scripts/bootstrap.sh installs it)");
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_direct = m_cluster.freshDatabase(QStringLiteral("pooled"));
    m_pool = std::make_unique<PgBouncerPool>(m_cluster.server().socketDir(),
                                             m_direct.port() > 0 ? m_direct.port() : 5432,
                                             QStringList { LocalPostgres::superuser() });
    QVERIFY2(m_pool->start(), qPrintable(m_pool->errorString()));
    qInfo("PgBouncer on 127.0.0.1:%d, pool_mode = transaction, 8 server sessions", m_pool->port());
}

void PoolerTest::warmPool(int n)
{
    std::vector<std::thread> threads;
    std::barrier gate(n);
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            DatabaseConnection connection(pooled(), QStringLiteral("warm-%1").arg(i));
            if (connection.open().isValid())
                return;
            gate.arrive_and_wait(); // all connected: their transactions overlap
            QSqlQuery(connection.database()).exec(QStringLiteral("SELECT pg_sleep(0.3)"));
        });
    }
    for (std::thread &thread : threads)
        thread.join();
}

// The control: behind this pooler two transactions of one client run in different server
// sessions, and an SQL-level prepared statement (QPSQL's own QSqlQuery::prepare) fails there
// — what every statement connection of ours must not depend on.
void PoolerTest::thePoolerReallyMovesTransactionsBetweenSessions()
{
    warmPool(4);
    DatabaseConnection connection(pooled(), QStringLiteral("control"));
    QVERIFY(!connection.open().isValid());
    QSet<qint64> sessions;
    for (int i = 0; i < 8; ++i) {
        QSqlQuery pid(connection.database());
        QVERIFY_SQL(pid, exec(QStringLiteral("SELECT pg_backend_pid()")));
        QVERIFY(pid.next());
        sessions.insert(pid.value(0).toLongLong());
    }
    int prepareFailures = 0;
    for (int i = 0; i < 8; ++i) {
        QSqlQuery named(connection.database()); // PREPARE qpsqlpstmt_… AS …; EXECUTE …
        named.prepare(QStringLiteral("SELECT ?::integer"));
        named.addBindValue(i);
        if (!named.exec())
            ++prepareFailures;
    }
    qInfo("control: 8 transactions of one client ran in %lld server sessions; QPSQL's "
          "SQL-level prepared statements failed %d times in 8",
          qint64(sessions.size()), prepareFailures);
    QVERIFY(sessions.size() > 1);
    QVERIFY(prepareFailures > 0);
}

void PoolerTest::boardDriversAndInspectorWorkThroughThePooler()
{
    warmPool(4);
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Pooled Pat"));
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Pooled Customer"));
    DatabaseConnection connection(pooled(), QStringLiteral("gui"));
    QVERIFY(!connection.open().isValid());
    // Each refresh is a parameterised statement: several rounds, so they meet several
    // server sessions.
    ReadyOrdersModel board(connection.database());
    for (int round = 0; round < 6; ++round) {
        QVERIFY(board.refresh());
        bool shown = false;
        for (int row = 0; row < board.rowCount(); ++row)
            shown = shown || board.orderIdAt(row) == order;
        QVERIFY(shown);
    }
    OrderRepository repository(connection);
    const ClaimOutcome held = repository.hold(order, QStringLiteral("console:pooled"), 30);
    QCOMPARE(held.code, OutcomeCode::Held);
    QVERIFY(repository.unhold(order, QStringLiteral("console:pooled")));
    QCOMPARE(repository.claim(order, driver, ClaimSource::Console, QStringLiteral("console:pooled"))
                 .code,
             OutcomeCode::Assigned);
    QCOMPARE(repository
                 .advance(order, driver, DeliveryStep::PickUp, ClaimSource::Console,
                          QStringLiteral("console:pooled"))
                 .code,
             OutcomeCode::PickedUp);

    // The inspector: read-only per statement, so nothing read-only is left in a pooled
    // session for the next client (a session SET would make its claims fail).
    InspectorSession inspector(pooled());
    for (int round = 0; round < 6; ++round) {
        const OrderPage page = inspector.loadOrder(order);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QVERIFY(!page.attempts.isEmpty());
        QVERIFY(inspector.isReadOnly());
    }
    QString error;
    QVERIFY(!inspector.run(QStringLiteral("UPDATE orders SET notes = 'x' WHERE id = ?"), { order },
                           &error));
    QVERIFY2(error.contains(QLatin1String("read-only")), qPrintable(error));
    // Every server session of the pool still writes.
    warmPool(8);
    for (int i = 0; i < 16; ++i) {
        const qint64 next = m_cluster.addReadyOrder(QStringLiteral("After Inspector %1").arg(i));
        const ClaimOutcome outcome = repository.claim(next, driver, ClaimSource::Console);
        QVERIFY2(outcome.code == OutcomeCode::Assigned
                     || outcome.code == OutcomeCode::DriverAtCapacity,
                 qPrintable(outcome.codeName() + QLatin1Char(' ') + outcome.detail));
        repository.release(next, driver, ClaimSource::Console);
    }
}

void PoolerTest::seedsAbThroughServeGivesExactlyOne200()
{
    const QString ab = QStandardPaths::findExecutable(QStringLiteral("ab"));
    if (ab.isEmpty())
        QFAIL("ab is not installed (scripts/bootstrap.sh installs apache2-utils)");
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Ab Driver"));
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Ab Customer"));
    auto direct = m_cluster.connect(QStringLiteral("tokens"));
    const DriverTokens::Result token = DriverTokens::issue(direct->database(), driver);
    QVERIFY2(token.ok, qPrintable(token.error));

    QTemporaryDir logs;
    QProcess serve;
    serve.setStandardOutputFile(logs.filePath(QStringLiteral("serve.out")));
    serve.setStandardErrorFile(logs.filePath(QStringLiteral("serve.err")));
    // Every request reaches the claim (no rate limit): 100 claims through the pooler.
    serve.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                { QStringLiteral("serve"), QStringLiteral("--database"),
                  m_pool->url(m_direct.database(), LocalPostgres::superuser()),
                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                  QStringLiteral("--workers"), QStringLiteral("4"), QStringLiteral("--rate-limit"),
                  QStringLiteral("0") });
    QVERIFY(serve.waitForStarted(30000));
    const auto readLog = [&](const char *name) {
        QFile file(logs.filePath(QLatin1String(name)));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    };
    QRegularExpressionMatch listening;
    QTRY_VERIFY_WITH_TIMEOUT(
        (listening = QRegularExpression(QStringLiteral("listening on (http://127.0.0.1:\\d+)"))
                         .match(readLog("serve.out")))
                .hasMatch()
            || serve.state() != QProcess::Running,
        30000);
    QVERIFY2(listening.hasMatch(), qPrintable(readLog("serve.err")));
    const QString base = listening.captured(1);

    QProcess load;
    load.setProcessChannelMode(QProcess::MergedChannels);
    load.start(ab,
               { QStringLiteral("-n"), QStringLiteral("100"), QStringLiteral("-c"),
                 QStringLiteral("10"), QStringLiteral("-m"), QStringLiteral("POST"),
                 QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + token.token,
                 QStringLiteral("%1/api/driver/orders/%2/assign").arg(base).arg(order) });
    QVERIFY(load.waitForFinished(120000));
    const QString report = QString::fromUtf8(load.readAll());
    serve.terminate();
    QVERIFY(serve.waitForFinished(30000));

    const auto figure = [&](const QString &label) {
        const QRegularExpressionMatch m
            = QRegularExpression(QStringLiteral("^%1: +(\\d+)").arg(label),
                                 QRegularExpression::MultilineOption)
                  .match(report);
        return m.hasMatch() ? m.captured(1).toInt() : -1;
    };
    const QString access = readLog("serve.err");
    const int wins
        = int(access.count(QStringLiteral("POST /api/driver/orders/%1/assign 200 ").arg(order)));
    const int conflicts
        = int(access.count(QStringLiteral("POST /api/driver/orders/%1/assign 409 ").arg(order)));
    const int attempts
        = m_cluster
              .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"),
                      { order })
              .toInt();
    const int assigned = m_cluster
                             .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts"
                                                    " WHERE order_id = ? AND outcome = 'ASSIGNED'"),
                                     { order })
                             .toInt();
    qInfo("ab -n 100 -c 10 through serve and PgBouncer: complete %d, failed %d, non-2xx %d; "
          "access log: %d × 200, %d × 409; claim_attempts %d, ASSIGNED %d",
          figure(QStringLiteral("Complete requests")), figure(QStringLiteral("Failed requests")),
          figure(QStringLiteral("Non-2xx responses")), wins, conflicts, attempts, assigned);
    QVERIFY2(figure(QStringLiteral("Complete requests")) == 100, qPrintable(report));
    QCOMPARE(figure(QStringLiteral("Non-2xx responses")), 99);
    QCOMPARE(wins, 1);
    QCOMPARE(conflicts, 99);
    QCOMPARE(attempts, 100);
    QCOMPARE(assigned, 1);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        driver);
    QVERIFY(!access.contains(token.token));
}

void PoolerTest::thirtyTwoLanesHaveOneWinnerEveryTime()
{
    constexpr int kLanes = 32;
    constexpr int kRounds = 40;
    QList<qint64> drivers;
    for (int lane = 0; lane < kLanes; ++lane)
        drivers << m_cluster.addDriver(QStringLiteral("Lane %1").arg(lane));
    m_cluster.exec(QStringLiteral("UPDATE drivers SET max_concurrent_orders = NULL"));
    QList<qint64> orders;
    for (int round = 0; round < kRounds; ++round)
        orders << m_cluster.addReadyOrder(QStringLiteral("Raced %1").arg(round));

    // outcomes[round][lane]
    std::vector<std::vector<ClaimOutcome>> outcomes(kRounds, std::vector<ClaimOutcome>(kLanes));
    std::barrier start(kLanes);
    std::atomic<int> unopened = 0;
    std::vector<std::thread> lanes;
    for (int lane = 0; lane < kLanes; ++lane) {
        lanes.emplace_back([&, lane] {
            DatabaseConnection connection(pooled(), QStringLiteral("lane-%1").arg(lane));
            if (connection.open().isValid())
                ++unopened;
            OrderRepository repository(connection);
            for (int round = 0; round < kRounds; ++round) {
                start.arrive_and_wait(); // all 32 at once, for each order
                outcomes[round][lane]
                    = repository.claim(orders[round], drivers[lane], ClaimSource::Simulation,
                                       QStringLiteral("pooler-race"));
            }
        });
    }
    for (std::thread &lane : lanes)
        lane.join();
    QCOMPARE(unopened.load(), 0);

    int roundsWithOneWinner = 0;
    QHash<QString, int> codes;
    for (int round = 0; round < kRounds; ++round) {
        int winners = 0;
        qint64 winner = 0;
        for (int lane = 0; lane < kLanes; ++lane) {
            const ClaimOutcome &outcome = outcomes[round][lane];
            codes[outcome.codeName()] += 1;
            if (outcome.code == OutcomeCode::Assigned) {
                ++winners;
                winner = drivers[lane];
            } else {
                QVERIFY2(outcome.code == OutcomeCode::AlreadyAssigned,
                         qPrintable(outcome.codeName() + QLatin1Char(' ') + outcome.detail));
                QCOMPARE(outcome.httpStatus(), 409);
            }
        }
        QCOMPARE(winners, 1);
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"),
                             { orders[round] })
                     .toLongLong(),
                 winner);
        ++roundsWithOneWinner;
    }
    const int assignedTwice
        = m_cluster
              .scalar(QStringLiteral("SELECT count(*) FROM (SELECT order_id FROM order_history"
                                     " WHERE new_driver_id IS NOT NULL"
                                     "   AND new_driver_id IS DISTINCT FROM old_driver_id"
                                     " GROUP BY order_id HAVING count(*) > 1) AS twice"))
              .toInt();
    QStringList summary;
    for (auto it = codes.cbegin(); it != codes.cend(); ++it)
        summary << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    qInfo("%d lanes × %d orders through PgBouncer (8 server sessions): one winner in %d of %d "
          "rounds; orders assigned twice (history): %d [%s]",
          kLanes, kRounds, roundsWithOneWinner, kRounds, assignedTwice,
          qPrintable(summary.join(QStringLiteral(", "))));
    QCOMPARE(assignedTwice, 0);
}

void PoolerTest::boardStaysLiveWithItsListenerPastThePooler()
{
    DatabaseConnection gui(pooled(), QStringLiteral("gui"));
    QVERIFY(!gui.open().isValid());
    ReadyOrdersModel board(gui.database());
    OrderChangeListener listener(m_direct); // --listen-database: the server itself
    QTRY_VERIFY_WITH_TIMEOUT(listener.isLive(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(listener.isFeeding(), 20000);
    QSignalSpy changed(&listener, &OrderChangeListener::orderChanged);
    QVERIFY(board.refresh());
    const auto shows = [&](qint64 order) {
        for (int row = 0; row < board.rowCount(); ++row) {
            if (board.orderIdAt(row) == order)
                return true;
        }
        return false;
    };

    // A new order, written through the pooler; the board follows the listener.
    DatabaseConnection writer(pooled(), QStringLiteral("writer"));
    QVERIFY(!writer.open().isValid());
    QSqlQuery insert(writer.database());
    QVERIFY_SQL(insert,
                exec(QStringLiteral(
                    "INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)"
                    " VALUES ('ready', 'Live Customer', 'A', 'B', 10, now()) RETURNING id")));
    QVERIFY(insert.next());
    const qint64 order = insert.value(0).toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    QVERIFY(board.refresh());
    QVERIFY(shows(order));
    // Claimed through the pooler: it leaves the board on the next notification.
    changed.clear();
    OrderRepository repository(writer);
    QCOMPARE(
        repository
            .claim(order, m_cluster.addDriver(QStringLiteral("Live Driver")), ClaimSource::Console)
            .code,
        OutcomeCode::Assigned);
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    QVERIFY(board.refresh());
    QVERIFY(!shows(order));
    qInfo("board live through the pooler: the listener on the server, %lld notifications",
          qint64(changed.size()));
}

void PoolerTest::listenerThroughThePoolerSaysSoAndLeavesNoFeedLock()
{
    OrderChangeListener pooledListener(pooled());
    QSignalSpy live(&pooledListener, &OrderChangeListener::liveChanged);
    QSignalSpy impossible(&pooledListener, &OrderChangeListener::listenImpossible);
    const auto reason = [&] {
        for (const QList<QVariant> &arguments : std::as_const(live)) {
            if (!arguments.at(0).toBool())
                return arguments.at(1).toString();
        }
        return QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!reason().isEmpty(), 30000);
    qInfo("a listener through the pooler: \"%s\"", qPrintable(reason()));
    QVERIFY(reason().contains(QLatin1String("--listen-database")));
    QVERIFY(reason().contains(QLatin1String("pooler")));
    QCOMPARE(impossible.size(), 1); // said once, for the window's banner
    QCOMPARE(impossible.first().at(0).toString(), reason());
    // Refused before it LISTENed: never live, not even for a moment.
    for (const QList<QVariant> &arguments : std::as_const(live))
        QVERIFY(!arguments.at(0).toBool());
    // No feed lock left in a pooled server session: a listener on the server leads the feed.
    OrderChangeListener direct(m_direct);
    QTRY_VERIFY_WITH_TIMEOUT(direct.isFeeding(), 10000);
    QVERIFY(!pooledListener.isLive());
}

QTEST_GUILESS_MAIN(PoolerTest)
#include "tst_pooler.moc"

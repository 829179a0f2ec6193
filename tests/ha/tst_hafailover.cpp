// Failover on a real Patroni cluster (issue 15): the console's model layer (board, drivers,
// change listener), a real `dispatch-console serve` and 16 simulated lanes all reach the
// cluster through one libpq multi-host URL with target_session_attrs=read-write. While 16
// lanes and 32 HTTP drivers drain 2,000 orders, the primary's postmaster is killed with
// SIGKILL, later Patroni switches over. Counted on the final primary and printed: every
// acknowledged claim (200, ASSIGNED) is there, no order was assigned twice, every unknown
// result is resolved by reading the row, claims flow again within ttl + 5 s, the listener is
// live and the board equals the primary's truth. Once in synchronous mode (0 acknowledged
// claims may be lost) and once asynchronous (the loss is printed, not failed).

#include "board/driversmodel.h"
#include "board/orderchangelistener.h"
#include "board/readyordersmodel.h"
#include "claims/drivertokens.h"
#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "db/migrator.h"
#include "patronicluster.h"
#include "readyorderpicker.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kOrders = 2000;
constexpr int kLanes = 16;
constexpr int kHttpDrivers = 32;
constexpr auto kRunDeadline = std::chrono::seconds(300);
// Each client thinks 0.5–1.5 s between claims (a driver does not claim back to back): about
// 50 claims/s from 48 clients, so the drain lasts long enough for a kill, a recovery and a
// switchover while it runs, on a loaded machine whose NOTIFY-bound cap is ~110 claims/s.
void think(QRandomGenerator &random)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(500 + random.bounded(1000)));
}

double secondsBetween(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double>(to - from).count();
}

// What every client was told, shared by the lanes and the HTTP drivers.
struct Ledger
{
    struct Claim
    {
        qint64 order = 0;
        qint64 driver = 0;
        QString who;
    };
    std::mutex mutex;
    QList<Claim> acknowledged; // 200 / ASSIGNED
    QList<Claim> unknown; // RESULT_UNKNOWN, or an HTTP request sent and never answered
    std::vector<Clock::time_point> wins; // when each acknowledged claim came back
    std::atomic<int> winCount = 0;
    std::atomic<int> answered = 0;
    std::atomic<int> unavailable = 0;

    void win(qint64 order, qint64 driver, const QString &who)
    {
        std::lock_guard lock(mutex);
        acknowledged.append({ order, driver, who });
        wins.push_back(Clock::now());
        ++winCount;
    }
    void lost(qint64 order, qint64 driver, const QString &who)
    {
        std::lock_guard lock(mutex);
        unknown.append({ order, driver, who });
    }
    // Seconds from `since` to the first acknowledged claim after it, or -1.
    double firstWinAfter(Clock::time_point since)
    {
        std::lock_guard lock(mutex);
        for (const Clock::time_point &at : wins) {
            if (at >= since)
                return secondsBetween(since, at);
        }
        return -1;
    }
    // The longest stretch without an acknowledged claim in [from, to].
    double longestGap(Clock::time_point from, Clock::time_point to)
    {
        std::lock_guard lock(mutex);
        Clock::time_point last = from;
        double longest = 0;
        for (const Clock::time_point &at : wins) {
            if (at < from || at > to)
                continue;
            longest = std::max(longest, secondsBetween(last, at));
            last = at;
        }
        return std::max(longest, secondsBetween(last, to));
    }
};

struct HttpAnswer
{
    int status = 0; // 0: no answer (not connected, or cut)
    QByteArray body;
    bool sent = false;
};

// One blocking HTTP/1.1 request on its own connection (Connection: close), on any thread.
HttpAnswer request(quint16 port, const QByteArray &method, const QByteArray &path,
                   const QByteArray &token)
{
    HttpAnswer answer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return answer;
    socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                 + token + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    if (!socket.waitForBytesWritten(5000))
        return answer;
    answer.sent = true;
    QByteArray data;
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (socket.state() == QAbstractSocket::ConnectedState && Clock::now() < deadline) {
        socket.waitForReadyRead(1000);
        data += socket.readAll();
    }
    data += socket.readAll();
    const int end = int(data.indexOf("\r\n\r\n"));
    if (!data.startsWith("HTTP/1.1 ") || end < 0)
        return answer;
    answer.status = data.mid(9, 3).toInt();
    answer.body = data.mid(end + 4);
    return answer;
}

QByteArray jsonCode(const QByteArray &body)
{
    static const QRegularExpression code(QStringLiteral("\"code\":\"([A-Z_]+)\""));
    return code.match(QString::fromUtf8(body)).captured(1).toLatin1();
}

// A simulated lane: its own connection and repository (the one claim path, source
// "simulation"), picking a ready order from a random point of the board, riding out the
// failover (reconnect every 50 ms).
void runLane(const ConnectionSettings &settings, qint64 driver, int index, Ledger &ledger,
             const std::atomic<bool> &stop)
{
    const QString who = QStringLiteral("lane-%1").arg(index + 1, 2, 10, QLatin1Char('0'));
    DatabaseConnection connection(settings, QStringLiteral("sim-ha-%1").arg(who));
    OrderRepository repository(connection);
    ReadyOrderPicker picker(quint32(index) * 7919u + 17u);
    const auto deadline = Clock::now() + kRunDeadline;
    const auto lost = [&connection] {
        connection.close();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    };
    while (!stop && Clock::now() < deadline) {
        if (!connection.database().isOpen() && connection.open().isValid()) {
            lost();
            continue;
        }
        const std::optional<qint64> picked = picker.next(connection.database());
        if (!picked) {
            lost();
            continue;
        }
        const qint64 order = *picked;
        if (order == 0)
            break; // drained
        const ClaimOutcome outcome = repository.claim(order, driver, ClaimSource::Simulation, who);
        think(picker.random());
        switch (outcome.code) {
        case OutcomeCode::Assigned:
            ledger.win(order, driver, who);
            ++ledger.answered;
            break;
        case OutcomeCode::ResultUnknown:
            ledger.lost(order, driver, who);
            lost();
            break;
        case OutcomeCode::DatabaseUnavailable:
            ++ledger.unavailable;
            lost();
            break;
        default:
            ++ledger.answered;
            break;
        }
    }
}

// An HTTP driver: lists a few available orders, claims one of them, again and again.
void runHttpDriver(quint16 port, qint64 driver, QByteArray token, int index, Ledger &ledger,
                   const std::atomic<bool> &stop)
{
    const QString who = QStringLiteral("http-%1").arg(index + 1, 2, 10, QLatin1Char('0'));
    QRandomGenerator random(quint32(index) * 104729u + 3u);
    static const QRegularExpression orderId(QStringLiteral("\"order_id\":(\\d+)"));
    const auto deadline = Clock::now() + kRunDeadline;
    const auto pause = [] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    };
    while (!stop && Clock::now() < deadline) {
        const HttpAnswer list
            = request(port, "GET", "/api/driver/orders/available?limit=20", token);
        if (list.status != 200) {
            ++ledger.unavailable;
            pause();
            continue;
        }
        QList<qint64> ids;
        for (auto it = orderId.globalMatch(QString::fromUtf8(list.body)); it.hasNext();)
            ids << it.next().captured(1).toLongLong();
        if (ids.isEmpty())
            break; // drained
        const qint64 order = ids.at(int(random.bounded(quint32(ids.size()))));
        const HttpAnswer claim = request(
            port, "POST", "/api/driver/orders/" + QByteArray::number(order) + "/assign", token);
        think(random);
        if (claim.status == 200) {
            ledger.win(order, driver, who);
            ++ledger.answered;
        } else if (claim.status == 503 && jsonCode(claim.body) == "RESULT_UNKNOWN") {
            ledger.lost(order, driver, who);
            pause();
        } else if (claim.status == 0 && claim.sent) {
            ledger.lost(order, driver, who); // sent, never answered: as unknown as it gets
            pause();
        } else if (claim.status == 503 || claim.status == 0) {
            ++ledger.unavailable;
            pause();
        } else {
            ++ledger.answered;
        }
    }
}

} // namespace

class HaFailoverTest : public QObject
{
    Q_OBJECT

private slots:
    void synchronousFailoverLosesNoAcknowledgedClaim();
    void asynchronousFailoverCountsLostClaims();

private:
    void runScenario(PatroniCluster::Replication replication);
};

void HaFailoverTest::synchronousFailoverLosesNoAcknowledgedClaim()
{
    runScenario(PatroniCluster::Replication::Synchronous);
}

void HaFailoverTest::asynchronousFailoverCountsLostClaims()
{
    runScenario(PatroniCluster::Replication::Asynchronous);
}

void HaFailoverTest::runScenario(PatroniCluster::Replication replication)
{
    const bool sync = replication == PatroniCluster::Replication::Synchronous;
    const char *mode = sync ? "sync" : "async";
    const auto began = Clock::now();
    PatroniCluster cluster(replication);
    QVERIFY2(cluster.start(), qPrintable(cluster.errorString()));
    qInfo("[%s] cluster up in %.1f s:\n%s", mode, secondsBetween(began, Clock::now()),
          qPrintable(cluster.list()));

    // The database, migrated, through the multi-host address like every client below.
    {
        DatabaseConnection admin(cluster.settings(QStringLiteral("postgres")),
                                 QStringLiteral("setup"));
        QSqlError error = admin.open();
        QVERIFY2(!error.isValid(), qPrintable(error.text()));
        QSqlQuery create(admin.database());
        QVERIFY2(create.exec(QStringLiteral("CREATE DATABASE dispatch")),
                 qPrintable(create.lastError().text()));
    }
    const ConnectionSettings settings = cluster.settings(QStringLiteral("dispatch"));
    DatabaseConnection setup(settings, QStringLiteral("setup"));
    {
        // libpq tries the hosts in order and gives up at the first one that refuses the
        // start-up: a standby that has not replayed CREATE DATABASE yet ends the attempt.
        QSqlError error;
        QVERIFY2(QTest::qWaitFor([&] { return !(error = setup.open()).isValid(); }, 60000),
                 qPrintable(error.text()));
    }
    const Migrator::Result migrated = Migrator::migrate(setup.database());
    QVERIFY2(migrated.ok, qPrintable(migrated.error));

    QList<qint64> laneDrivers;
    QList<qint64> httpDrivers;
    QList<QByteArray> tokens;
    {
        QSqlQuery query(setup.database());
        QVERIFY(
            query.exec(QStringLiteral("INSERT INTO drivers (name, max_concurrent_orders)"
                                      " SELECT 'HA lane ' || g, NULL FROM generate_series(1, %1) g"
                                      " RETURNING id")
                           .arg(kLanes)));
        while (query.next())
            laneDrivers << query.value(0).toLongLong();
        QVERIFY(
            query.exec(QStringLiteral("INSERT INTO drivers (name, max_concurrent_orders)"
                                      " SELECT 'HA http ' || g, NULL FROM generate_series(1, %1) g"
                                      " RETURNING id")
                           .arg(kHttpDrivers)));
        while (query.next())
            httpDrivers << query.value(0).toLongLong();
        for (qint64 driver : httpDrivers) {
            const DriverTokens::Result issued = DriverTokens::issue(setup.database(), driver);
            QVERIFY2(issued.ok, qPrintable(issued.error));
            tokens << issued.token.toLatin1();
        }
        QVERIFY(query.exec(
            QStringLiteral(
                "INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)"
                " SELECT 'ready', 'HA ' || g, 'Kitchen', g || ' Failover Street', 10, now()"
                "   FROM generate_series(1, %1) g")
                .arg(kOrders)));
    }
    QSet<qint64> board;
    {
        QSqlQuery query(setup.database());
        QVERIFY(query.exec(QStringLiteral("SELECT id FROM orders WHERE status = 'ready'")));
        while (query.next())
            board.insert(query.value(0).toLongLong());
    }
    QCOMPARE(board.size(), kOrders);
    setup.close();

    // A real `serve` on the same address.
    QProcess serve;
    serve.setProcessChannelMode(QProcess::SeparateChannels);
    // Both streams to files: a pipe nobody reads while this thread waits would fill up and
    // block serve's event loop (seen once, as every HTTP driver hanging in connect()).
    const QString serveLog = cluster.directory() + QStringLiteral("/serve.err");
    const QString serveOut = cluster.directory() + QStringLiteral("/serve.out");
    serve.setStandardErrorFile(serveLog);
    serve.setStandardOutputFile(serveOut);
    serve.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                { QStringLiteral("serve"), QStringLiteral("--database"),
                  cluster.url(QStringLiteral("dispatch")), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--workers"),
                  QStringLiteral("8") });
    QVERIFY(serve.waitForStarted(30000));
    QByteArray out;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     QFile file(serveOut);
                     out = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
                     return out.contains('\n') || serve.state() != QProcess::Running;
                 },
                 120000),
             qPrintable(serveLog));
    const QRegularExpressionMatch listening
        = QRegularExpression(QStringLiteral("^listening on http://127.0.0.1:(\\d+)"))
              .match(QString::fromLatin1(out));
    QVERIFY2(listening.hasMatch(), qPrintable(serveLog));
    const quint16 port = quint16(listening.captured(1).toUInt());

    // The console's model layer, wired as ConsoleSession and MainWindow wire it: the board
    // and drivers on the GUI thread's connection, refreshed when the listener hears a change
    // and when it is live again (ConsoleSession first reopens the GUI connection then).
    DatabaseConnection gui(settings, QStringLiteral("gui"));
    QVERIFY(!gui.open().isValid());
    ReadyOrdersModel boardModel(gui.database());
    DriversModel driversModel(gui.database());
    OrderChangeListener listener(settings);
    int liveAgain = 0;
    connect(&listener, &OrderChangeListener::liveChanged, this,
            [&gui, &liveAgain](bool live, const QString &) {
                if (live) {
                    ++liveAgain;
                    gui.reopenIfLost();
                }
            });
    connect(&listener, &OrderChangeListener::ordersChanged, this,
            [&boardModel] { boardModel.refresh(); });
    connect(&listener, &OrderChangeListener::driversChanged, this,
            [&driversModel] { driversModel.refresh(); });
    QVERIFY(boardModel.refresh());
    QVERIFY(driversModel.refresh());
    QTRY_VERIFY_WITH_TIMEOUT(listener.isLive(), 30000);

    Ledger ledger;
    std::atomic<bool> stop = false;
    std::vector<std::thread> clients;
    const auto started = Clock::now();
    std::atomic<int> finishedClients = 0;
    for (int i = 0; i < kLanes; ++i)
        clients.emplace_back([&, i] {
            runLane(settings, laneDrivers.at(i), i, ledger, stop);
            ++finishedClients;
        });
    for (int i = 0; i < kHttpDrivers; ++i)
        clients.emplace_back([&, i] {
            runHttpDriver(port, httpDrivers.at(i), tokens.at(i), i, ledger, stop);
            ++finishedClients;
        });
    const auto stopClients = qScopeGuard([&] {
        stop = true;
        for (auto &client : clients) {
            if (client.joinable())
                client.join();
        }
    });

    // SIGKILL to the primary's postmaster a quarter of the way in.
    QVERIFY2(QTest::qWaitFor([&] { return ledger.winCount >= kOrders / 4; }, 180000),
             "the drain did not get a quarter of the way");
    const QString killed = cluster.primary();
    QVERIFY(!killed.isEmpty());
    const auto killedAt = Clock::now();
    QVERIFY(cluster.killPostmaster(killed));
    const int winsAtKill = ledger.winCount;
    const QString promoted = cluster.waitForPrimary(killed, 60000);
    const auto promotedAt = Clock::now();
    const double promotedAfter = secondsBetween(killedAt, promotedAt);
    QVERIFY2(!promoted.isEmpty(), qPrintable(cluster.list()));
    // Counted from the first win the new primary acknowledged (seen after Patroni reports it
    // promoted): a backend of the killed postmaster may still acknowledge a commit for a
    // moment, which is not claims flowing again.
    QVERIFY2(QTest::qWaitFor([&] { return ledger.firstWinAfter(promotedAt) >= 0; }, 60000),
             "no claim succeeded after the primary was killed");
    const double killToClaims = promotedAfter + ledger.firstWinAfter(promotedAt);
    qInfo("[%s] SIGKILL to %s's postmaster after %d wins: %s promoted after %.1f s, first "
          "acknowledged claim %.2f s after the kill (bound: ttl %d s + 5 s)",
          mode, qPrintable(killed), winsAtKill, qPrintable(promoted), promotedAfter, killToClaims,
          PatroniCluster::kTtlSeconds);

    // Then a planned switchover to a standby, half way through (the new primary's standby
    // is there before the killed node is back).
    const bool switchoverInRun = QTest::qWaitFor(
        [&] { return ledger.winCount >= kOrders / 2 && !cluster.standby().isEmpty(); }, 120000);
    double switchToClaims = -1;
    double switchGap = -1;
    QString switchedTo;
    if (switchoverInRun && ledger.winCount < kOrders * 9 / 10) {
        const QString from = cluster.primary();
        switchedTo = cluster.standby();
        QVERIFY(!from.isEmpty() && !switchedTo.isEmpty());
        const auto switchAt = Clock::now();
        QString output;
        QVERIFY2(cluster.switchover(switchedTo, &output), qPrintable(output));
        const auto switchedAt = Clock::now();
        QVERIFY2(QTest::qWaitFor([&] { return ledger.firstWinAfter(switchedAt) >= 0; }, 60000),
                 "no claim succeeded after the switchover");
        switchToClaims = secondsBetween(switchAt, switchedAt) + ledger.firstWinAfter(switchedAt);
        switchGap = ledger.longestGap(
            switchAt,
            switchedAt
                + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(ledger.firstWinAfter(switchedAt))));
        qInfo("[%s] switchover %s -> %s: patronictl returned after %.2f s, first acknowledged "
              "claim after it %.2f s from the start; longest stretch without one %.2f s",
              mode, qPrintable(from), qPrintable(switchedTo), secondsBetween(switchAt, switchedAt),
              switchToClaims, switchGap);
    } else {
        qInfo("[%s] no standby to switch over to before the drain was 90 %% done: no "
              "switchover in this run:\n%s",
              mode, qPrintable(cluster.list()));
    }

    // The drain ends: every client finds nothing left to claim.
    const bool drained
        = QTest::qWaitFor([&] { return finishedClients == kLanes + kHttpDrivers; }, 240000);
    if (!drained) {
        QFile log(serveLog);
        QByteArray tail = log.open(QIODevice::ReadOnly) ? log.readAll().right(3000) : QByteArray();
        QProcess ss;
        ss.start(QStringLiteral("ss"),
                 { QStringLiteral("-tan"), QStringLiteral("sport = :%1").arg(port) });
        ss.waitForFinished(10000);
        // Where serve's event loop is (the thread that accepts connections).
        QProcess gdb;
        gdb.setProcessChannelMode(QProcess::MergedChannels);
        gdb.start(QStringLiteral("gdb"),
                  { QStringLiteral("-p"), QString::number(serve.processId()),
                    QStringLiteral("-batch"), QStringLiteral("-ex"), QStringLiteral("thread 1"),
                    QStringLiteral("-ex"), QStringLiteral("bt 25") });
        gdb.waitForFinished(60000);
        qInfo("[%s] serve's main thread:\n%s", mode, gdb.readAll().right(6000).constData());
        qInfo("[%s] the drain did not end: %d of %d clients finished, %d wins, %d unavailable; "
              "serve is %s; its stderr ends:\n%s\nits sockets:\n%s",
              mode, finishedClients.load(), kLanes + kHttpDrivers, ledger.winCount.load(),
              ledger.unavailable.load(), serve.state() == QProcess::Running ? "running" : "gone",
              tail.constData(), ss.readAll().right(3000).constData());
    }
    QVERIFY(drained);
    for (auto &client : clients)
        client.join();
    const double drainSeconds = secondsBetween(started, Clock::now());
    serve.terminate();
    QVERIFY(serve.waitForFinished(30000));

    // Counted on the final primary.
    DatabaseConnection truth(settings, QStringLiteral("check"));
    QVERIFY(!truth.open().isValid());
    QSqlQuery query(truth.database());
    QVERIFY(query.exec(QStringLiteral("SELECT inet_server_port()")) && query.next());
    const int primaryPort = query.value(0).toInt();
    query.finish();

    QStringList lost;
    query.prepare(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"));
    for (const Ledger::Claim &claim : std::as_const(ledger.acknowledged)) {
        query.addBindValue(claim.order);
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        if (!query.next() || query.value(0).toLongLong() != claim.driver)
            lost << QStringLiteral("order %1 acknowledged to %2").arg(claim.order).arg(claim.who);
        query.finish();
    }
    int unknownWon = 0;
    int unknownNot = 0;
    for (const Ledger::Claim &claim : std::as_const(ledger.unknown)) {
        query.addBindValue(claim.order);
        QVERIFY2(query.exec() && query.next(), qPrintable(query.lastError().text()));
        // Resolved by reading the board: that driver holds it, or it does not.
        (query.value(0).toLongLong() == claim.driver ? unknownWon : unknownNot) += 1;
        query.finish();
    }
    QVERIFY(query.exec(QStringLiteral(
        "WITH events AS (SELECT order_id, count(*) AS n FROM order_history"
        "                 WHERE new_driver_id IS NOT NULL"
        "                   AND new_driver_id IS DISTINCT FROM old_driver_id"
        "                 GROUP BY order_id)"
        " SELECT (SELECT count(*) FROM events WHERE n > 1),"
        "        (SELECT count(*) FROM orders WHERE driver_id IS NOT NULL),"
        "        (SELECT count(*) FROM orders WHERE status = 'ready' AND driver_id IS NULL)")));
    QVERIFY(query.next());
    const qint64 assignedTwice = query.value(0).toLongLong();
    const qint64 assigned = query.value(1).toLongLong();
    const qint64 stillReady = query.value(2).toLongLong();
    query.finish();

    qInfo("[%s] drain of %d orders by %d lanes + %d HTTP drivers: %.1f s; on the final primary "
          "(port %d): %lld assigned, %lld still ready",
          mode, kOrders, kLanes, kHttpDrivers, drainSeconds, primaryPort, assigned, stillReady);
    qInfo("[%s] acknowledged claims: %lld, lost: %lld; orders assigned twice (order_history): "
          "%lld; unknown results: %lld, resolved by reading the row: %d held by that driver, %d "
          "not; unavailable answers: %d",
          mode, qint64(ledger.acknowledged.size()), qint64(lost.size()), assignedTwice,
          qint64(ledger.unknown.size()), unknownWon, unknownNot, ledger.unavailable.load());
    for (const QString &line : std::as_const(lost).mid(0, 20))
        qInfo("[%s] lost: %s", mode, qPrintable(line));

    QCOMPARE(assignedTwice, 0);
    QCOMPARE(stillReady, 0);
    QCOMPARE(unknownWon + unknownNot, int(ledger.unknown.size()));
    QVERIFY2(killToClaims <= PatroniCluster::kTtlSeconds + 5,
             qPrintable(
                 QStringLiteral("claims flowed again only %1 s after the kill").arg(killToClaims)));
    if (switchGap >= 0) {
        QVERIFY2(
            switchGap <= PatroniCluster::kTtlSeconds + 5,
            qPrintable(QStringLiteral("no claim for %1 s around the switchover").arg(switchGap)));
    }
    if (sync)
        QVERIFY2(lost.isEmpty(), qPrintable(lost.mid(0, 5).join(QStringLiteral("; "))));

    // The listener is live again, and the board is the primary's truth: a new ready order
    // shows up by notification, and the board lists exactly the ready orders.
    QTRY_VERIFY_WITH_TIMEOUT(listener.isLive(), 30000);
    QVERIFY(query.exec(
        QStringLiteral("INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)"
                       " VALUES ('ready', 'After failover', 'Kitchen', '1 Probe Street', 10, "
                       "now()) RETURNING id")));
    QVERIFY(query.next());
    const qint64 probe = query.value(0).toLongLong();
    query.finish();
    const auto boardIds = [&boardModel] {
        QSet<qint64> ids;
        for (int row = 0; row < boardModel.rowCount(); ++row) {
            const QModelIndex index = boardModel.index(row, 0);
            if (boardModel.data(index, ReadyOrdersModel::IsReadyRole).toBool())
                ids.insert(boardModel.data(index, ReadyOrdersModel::OrderIdRole).toLongLong());
        }
        return ids;
    };
    QTRY_VERIFY_WITH_TIMEOUT(boardIds().contains(probe), 30000);
    QSet<qint64> ready;
    QVERIFY(query.exec(QStringLiteral(
        "SELECT id FROM orders WHERE status = 'ready' AND driver_id IS NULL AND is_active")));
    while (query.next())
        ready.insert(query.value(0).toLongLong());
    QCOMPARE(boardIds(), ready);
    QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM drivers")) && query.next());
    QVERIFY(driversModel.refresh());
    QCOMPARE(qint64(driversModel.rowCount()), query.value(0).toLongLong());
    qInfo("[%s] listener live again (%d times live), board = primary's ready orders (%lld), "
          "drivers model = %d rows",
          mode, liveAgain, qint64(ready.size()), driversModel.rowCount());
    qInfo("[%s] scenario total %.1f s", mode, secondsBetween(began, Clock::now()));
}

QTEST_GUILESS_MAIN(HaFailoverTest)
#include "tst_hafailover.moc"

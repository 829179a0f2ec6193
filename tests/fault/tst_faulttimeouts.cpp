// Timeouts on every connection, to any server (issue 12 item 4, review M5). The test
// database is set up like an external server with PostgreSQL's defaults: no lock_timeout,
// no statement_timeout (ALTER DATABASE overrides the embedded cluster's postgresql.conf), so
// whatever bounds a wait here was set by the console's own connection:
// - a claim on an order another session holds FOR UPDATE in an idle transaction answers
//   ORDER_BUSY (503) instead of waiting for ever;
// - every purpose's session shows its lock, statement and idle-in-transaction timeouts,
//   and a value the connection asked for itself (options=-c …) wins; each hot statement
//   carries the timeouts into its own transaction (for a pooled session), leaving none;
// - over TCP the socket has keepalives and tcp_user_timeout;
// - a board refresh on the GUI's connection gives up after its 1 s statement timeout;
// - the listener's owner is not held by a heartbeat that the server never answers;
// - "stop API" (the pool joins its workers) ends while a worker's claim waits on a held row.
// Every wait that hung on the old code runs on a thread, and is given up on clearly.
#include "board/orderchangelistener.h"
#include "board/readyordersmodel.h"
#include "claims/drivertokens.h"
#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "db/statementcache.h"
#include "http/driverapi.h"
#include "socatproxy.h"
#include "testcluster.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <atomic>
#include <csignal>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <semaphore>
#include <sys/socket.h>
#include <thread>

namespace {

// Generous: the old code never finished at all; the new one takes about lock_timeout (2 s).
// (On a timeout QTRY waits twice as long again, to report whether more time would help.)
constexpr int kGiveUpMs = 15000;

// /proc/net/tcp rows for 127.0.0.1:port in a given state (0A listening, 01 established).
QList<QList<QByteArray>> tcpRows(int port, const QByteArray &state)
{
    QList<QList<QByteArray>> rows;
    QFile table(QStringLiteral("/proc/net/tcp"));
    if (!table.open(QIODevice::ReadOnly))
        return rows;
    const QByteArray local
        = "0100007F:" + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const QByteArray &line : table.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 4 && fields.at(1) == local && fields.at(3) == state)
            rows << fields;
    }
    return rows;
}

// True when the proxy's side of a connection has bytes it has not read (field 4 is
// "tx_queue:rx_queue" in hex): what the client sent is stuck in front of a paused proxy.
bool proxyHasUnreadBytes(int port)
{
    for (const QList<QByteArray> &row : tcpRows(port, "01")) {
        if (row.at(4).split(':').value(1).toLongLong(nullptr, 16) > 0)
            return true;
    }
    return false;
}

// True when a paused proxy holds the server's answer unread on its Unix socket to the server
// (ss -x: Recv-Q, the third field): the client's question got through just before the pause.
bool proxyHoldsAnAnswer(qint64 proxyPid)
{
    QProcess ss;
    ss.start(QStringLiteral("ss"), { QStringLiteral("-xpnH") });
    if (!ss.waitForFinished(5000))
        return false;
    const QByteArray owner = "pid=" + QByteArray::number(proxyPid) + ',';
    for (const QByteArray &line : ss.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (line.contains(owner) && fields.size() > 2 && fields.at(2).toLongLong() > 0)
            return true;
    }
    return false;
}

int intOption(int socket, int level, int name)
{
    int value = -1;
    socklen_t size = sizeof(value);
    if (::getsockopt(socket, level, name, &value, &size) != 0)
        return -1;
    return value;
}

QString show(const QSqlDatabase &db, const QString &setting)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SHOW ") + setting) || !query.next())
        return QStringLiteral("(error: %1)").arg(query.lastError().text());
    return query.value(0).toString();
}

// A session as psql or another program would open it: the same address, none of the
// console's session settings (no DatabaseConnection).
class RawSession
{
public:
    explicit RawSession(const ConnectionSettings &settings)
        : m_name(QStringLiteral("fault-timeouts-raw-%1").arg(++s_serial))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        settings.applyTo(db, QStringLiteral("fault-timeouts-raw"));
        db.open();
    }
    ~RawSession()
    {
        {
            QSqlDatabase db = database();
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    static inline int s_serial = 0;
    QString m_name;
};

// The driver API on its own thread and event loop; quit() is "stop API".
class DriverApiThread : public QThread
{
public:
    explicit DriverApiThread(ConnectionSettings settings)
        : m_settings(std::move(settings))
    { }
    ~DriverApiThread() override { wait(); }
    std::atomic<int> port { 0 }; // -1: did not start
    std::atomic<bool> destroyed { false };

protected:
    void run() override
    {
        DriverApi::Options options;
        options.port = 0;
        options.workers = 1;
        options.accessLog = [](const QString &) {
        };
        auto api = std::make_unique<DriverApi>(m_settings, options);
        QString error;
        if (!api->start(&error)) {
            port = -1;
            return;
        }
        port = api->port();
        exec();
        api.reset(); // what "stop API" does: the pool joins its workers
        destroyed = true;
    }

private:
    ConnectionSettings m_settings;
};

} // namespace

class FaultTimeoutsTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void claimOnARowHeldInAnIdleTransactionAnswersBusy();
    void everyPurposeSetsItsSessionTimeouts_data();
    void everyPurposeSetsItsSessionTimeouts();
    void aTimeoutTheConnectionAskedForWins();
    void eachHotStatementCarriesItsTimeoutsIntoItsTransaction();
    void tcpConnectionsHaveKeepalivesAndUserTimeout();
    void boardRefreshOnTheGuiConnectionGivesUpAfterOneSecond();
    void listenerStopsAtOnceWhileItsHeartbeatIsUnanswered();
    void stoppingTheDriverApiWhileAClaimWaitsOnAHeldRowEnds();

private:
    bool startProxy(QProcess &proxy, int port, bool forking);
    ConnectionSettings viaProxy(int port, const QString &extra = QString());
    TestCluster m_cluster;
    ConnectionSettings m_settings;
};

void FaultTimeoutsTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_settings = m_cluster.freshDatabase(QStringLiteral("fault_timeouts"));
    auto admin = m_cluster.connect(QStringLiteral("fault-timeouts-admin"));
    QSqlQuery alter(admin->database()); // not prepared: ALTER takes no parameters
    for (const char *setting :
         { "lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout" }) {
        QVERIFY_SQL(alter,
                    exec(QStringLiteral("ALTER DATABASE fault_timeouts SET %1 = 0")
                             .arg(QLatin1String(setting))));
    }
    RawSession raw(m_settings);
    QVERIFY2(raw.database().isOpen(), qPrintable(raw.database().lastError().text()));
    // The precondition the rest depends on: the server itself bounds nothing.
    QCOMPARE(show(raw.database(), QStringLiteral("lock_timeout")), QStringLiteral("0"));
    QCOMPARE(show(raw.database(), QStringLiteral("statement_timeout")), QStringLiteral("0"));
}

void FaultTimeoutsTest::claimOnARowHeldInAnIdleTransactionAnswersBusy()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Waits Not Forever"));
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Held By A Dispatcher"));

    // A dispatcher's session (psql, another tool) locks the order and goes idle.
    RawSession holder(m_settings);
    QSqlDatabase holderDb = holder.database();
    QVERIFY(holderDb.transaction());
    QSqlQuery lock(holderDb);
    lock.prepare(QStringLiteral("SELECT id FROM orders WHERE id = ? FOR UPDATE"));
    lock.addBindValue(order);
    QVERIFY_SQL(lock, exec());

    std::atomic<bool> done { false };
    ClaimOutcome outcome;
    QElapsedTimer waited;
    waited.start();
    std::thread claimer([&] {
        DatabaseConnection connection(m_settings, QStringLiteral("assign"));
        if (!connection.open().isValid()) {
            OrderRepository repository(connection);
            outcome = repository.claim(order, driver, ClaimSource::Console);
        }
        done = true;
    });
    // If the claim hangs (the old code: no lock_timeout on this server), end the lock so
    // the thread can be joined, and fail.
    auto release = qScopeGuard([&] {
        holderDb.rollback();
        claimer.join();
    });
    QTRY_VERIFY2_WITH_TIMEOUT(done.load(), "the claim is still waiting for the row lock",
                              kGiveUpMs);
    release.dismiss();
    claimer.join();
    qInfo("claim on a held row answered %s after %lld ms", qPrintable(outcome.codeName()),
          waited.elapsed());

    QCOMPARE(outcome.code, OutcomeCode::Busy);
    QCOMPARE(outcome.httpStatus(), 503);
    QVERIFY(!outcome.isConflict());
    QVERIFY(holderDb.rollback());
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT status || coalesce(driver_id::text, '-')"
                                        " FROM orders WHERE id = ?"),
                         { order })
                 .toString(),
             QStringLiteral("ready-"));
}

void FaultTimeoutsTest::everyPurposeSetsItsSessionTimeouts_data()
{
    QTest::addColumn<QString>("purpose");
    QTest::addColumn<QString>("statement");
    QTest::addColumn<QString>("idle");
    QTest::newRow("console board (GUI thread)") << "gui"
                                                << "1s"
                                                << "30s";
    QTest::newRow("console claims") << "assign"
                                    << "5s"
                                    << "30s";
    QTest::newRow("HTTP worker") << "http-8080-worker-0"
                                 << "5s"
                                 << "30s";
    QTest::newRow("simulated driver") << "sim-lane-01"
                                      << "5s"
                                      << "30s";
    QTest::newRow("listener") << "listen"
                              << "5s"
                              << "30s";
    QTest::newRow("inspector") << "inspector"
                               << "10s"
                               << "30s";
    QTest::newRow("setup and migrations") << "setup"
                                          << "10min"
                                          << "10min";
}

void FaultTimeoutsTest::everyPurposeSetsItsSessionTimeouts()
{
    QFETCH(QString, purpose);
    QFETCH(QString, statement);
    QFETCH(QString, idle);
    DatabaseConnection connection(m_settings, purpose);
    // Twice: a reconnect is a new server session and must be set up again.
    for (int open = 0; open < 2; ++open) {
        const QSqlError error = connection.open();
        QVERIFY2(!error.isValid(), qPrintable(error.text()));
        const QSqlDatabase db = connection.database();
        QCOMPARE(show(db, QStringLiteral("lock_timeout")), QStringLiteral("2s"));
        QCOMPARE(show(db, QStringLiteral("statement_timeout")), statement);
        QCOMPARE(show(db, QStringLiteral("idle_in_transaction_session_timeout")), idle);
    }
}

void FaultTimeoutsTest::aTimeoutTheConnectionAskedForWins()
{
    QString error;
    const auto own = ConnectionSettings::parse(
        m_settings.toConnectionString() + QStringLiteral(" options='-c lock_timeout=7s'"), &error);
    QVERIFY2(own, qPrintable(error));
    DatabaseConnection connection(*own, QStringLiteral("assign"));
    const QSqlError openError = connection.open();
    QVERIFY2(!openError.isValid(), qPrintable(openError.text()));
    QCOMPARE(show(connection.database(), QStringLiteral("lock_timeout")), QStringLiteral("7s"));
    QCOMPARE(show(connection.database(), QStringLiteral("statement_timeout")),
             QStringLiteral("5s"));
}

void FaultTimeoutsTest::eachHotStatementCarriesItsTimeoutsIntoItsTransaction()
{
    // Behind a transaction pooler the settings open() made may belong to another server
    // session; RESET ALL takes them away here as that would. A hot statement (StatementCache:
    // claims, releases) still runs under 2 s / 5 s and leaves nothing in the session, and a
    // value the connection asked for itself (options=-c lock_timeout=7s) is kept.
    const auto inItsTransaction = [](DatabaseConnection &connection) {
        StatementCache cache(connection);
        QSqlError error;
        QSqlQuery *query = cache.prepared(QStringLiteral("SELECT current_setting('lock_timeout')"
                                                         " || '/' || current_setting("
                                                         "'statement_timeout')"),
                                          &error);
        if (!query || !query->exec() || !query->next())
            return QStringLiteral("(error: %1)")
                .arg(query ? query->lastError().text() : error.text());
        const QString value = query->value(0).toString();
        query->finish();
        return value;
    };
    DatabaseConnection assign(m_settings, QStringLiteral("assign"));
    QSqlError openError = assign.open();
    QVERIFY2(!openError.isValid(), qPrintable(openError.text()));
    QVERIFY(QSqlQuery(assign.database()).exec(QStringLiteral("RESET ALL")));
    QCOMPARE(show(assign.database(), QStringLiteral("statement_timeout")), QStringLiteral("0"));
    QCOMPARE(inItsTransaction(assign), QStringLiteral("2s/5s"));
    QCOMPARE(show(assign.database(), QStringLiteral("lock_timeout")), QStringLiteral("0"));
    QCOMPARE(show(assign.database(), QStringLiteral("statement_timeout")), QStringLiteral("0"));

    QString error;
    const auto own = ConnectionSettings::parse(
        m_settings.toConnectionString() + QStringLiteral(" options='-c lock_timeout=7s'"), &error);
    QVERIFY2(own, qPrintable(error));
    DatabaseConnection chosen(*own, QStringLiteral("assign"));
    openError = chosen.open();
    QVERIFY2(!openError.isValid(), qPrintable(openError.text()));
    // RESET ALL keeps what the connection's own options set (their source is 'client').
    QVERIFY(QSqlQuery(chosen.database()).exec(QStringLiteral("RESET ALL")));
    QCOMPARE(inItsTransaction(chosen), QStringLiteral("7s/5s"));

    // Both chosen: the statement goes alone, first in its pipeline.
    const auto both = ConnectionSettings::parse(
        m_settings.toConnectionString()
            + QStringLiteral(" options='-c lock_timeout=7s -c statement_timeout=9s'"),
        &error);
    QVERIFY2(both, qPrintable(error));
    DatabaseConnection bothChosen(*both, QStringLiteral("assign"));
    openError = bothChosen.open();
    QVERIFY2(!openError.isValid(), qPrintable(openError.text()));
    QVERIFY(bothChosen.transactionSettings().isEmpty());
    QCOMPARE(inItsTransaction(bothChosen), QStringLiteral("7s/9s"));
}

bool FaultTimeoutsTest::startProxy(QProcess &proxy, int port, bool forking)
{
    return startSocatProxy(proxy, port, m_cluster.server().socketDir(), forking);
}

ConnectionSettings FaultTimeoutsTest::viaProxy(int port, const QString &extra)
{
    QString error;
    const auto settings = ConnectionSettings::parse(
        QStringLiteral("host=127.0.0.1 port=%1 user=%2 dbname=%3 %4")
            .arg(port)
            .arg(LocalPostgres::superuser(), m_settings.database(), extra),
        &error);
    if (!settings)
        qFatal("proxy settings: %s", qPrintable(error));
    return *settings;
}

void FaultTimeoutsTest::tcpConnectionsHaveKeepalivesAndUserTimeout()
{
    if (QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty())
        QSKIP("socat is not installed (scripts/bootstrap.sh installs it)");
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    QProcess proxy;
    QVERIFY(startProxy(proxy, port, true));
    auto stopProxy = qScopeGuard([&] {
        proxy.kill();
        proxy.waitForFinished(5000);
    });

    DatabaseConnection ours(viaProxy(port), QStringLiteral("assign"));
    QSqlError error = ours.open();
    QVERIFY2(!error.isValid(), qPrintable(error.text()));
    const int socket = ours.socketDescriptor();
    QVERIFY(socket >= 0);
    QCOMPARE(intOption(socket, SOL_SOCKET, SO_KEEPALIVE), 1);
    QCOMPARE(intOption(socket, IPPROTO_TCP, TCP_KEEPIDLE), 10);
    QCOMPARE(intOption(socket, IPPROTO_TCP, TCP_KEEPINTVL), 3);
    QCOMPARE(intOption(socket, IPPROTO_TCP, TCP_KEEPCNT), 3);
    QCOMPARE(intOption(socket, IPPROTO_TCP, TCP_USER_TIMEOUT), 10000);

    // The address's own choice wins.
    DatabaseConnection theirs(
        viaProxy(port, QStringLiteral("keepalives_idle=42 tcp_user_timeout=0")),
        QStringLiteral("assign"));
    error = theirs.open();
    QVERIFY2(!error.isValid(), qPrintable(error.text()));
    QCOMPARE(intOption(theirs.socketDescriptor(), IPPROTO_TCP, TCP_KEEPIDLE), 42);
    QCOMPARE(intOption(theirs.socketDescriptor(), IPPROTO_TCP, TCP_USER_TIMEOUT), 0);
}

void FaultTimeoutsTest::boardRefreshOnTheGuiConnectionGivesUpAfterOneSecond()
{
    // A migration or a VACUUM FULL elsewhere holds the table: even a plain read waits.
    RawSession blocker(m_settings);
    QSqlDatabase blockerDb = blocker.database();
    QVERIFY(blockerDb.transaction());
    QSqlQuery lock(blockerDb);
    QVERIFY_SQL(lock, exec(QStringLiteral("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")));

    std::atomic<bool> done { false };
    QElapsedTimer waited;
    waited.start();
    bool refreshed = true;
    QString state;
    std::thread gui([&] {
        DatabaseConnection connection(m_settings, QStringLiteral("gui"));
        if (!connection.open().isValid()) {
            ReadyOrdersModel board(connection.database());
            refreshed = board.refresh();
            QSqlQuery count(connection.database());
            if (!count.exec(QStringLiteral("SELECT count(*) FROM orders")))
                state = count.lastError().nativeErrorCode();
        }
        done = true;
    });
    auto release = qScopeGuard([&] {
        blockerDb.rollback();
        gui.join();
    });
    QTRY_VERIFY2_WITH_TIMEOUT(done.load(), "the board refresh is still waiting", kGiveUpMs);
    release.dismiss();
    gui.join();
    qInfo("board refresh and a count on the GUI connection gave up after %lld ms",
          waited.elapsed());
    QVERIFY(blockerDb.rollback());

    QVERIFY(!refreshed);
    // 57014 (statement timeout, 1 s) came before 55P03 (lock timeout, 2 s).
    QCOMPARE(state, QStringLiteral("57014"));
}

void FaultTimeoutsTest::listenerStopsAtOnceWhileItsHeartbeatIsUnanswered()
{
    if (QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty())
        QSKIP("socat is not installed (scripts/bootstrap.sh installs it)");
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    QProcess proxy;
    QVERIFY(startProxy(proxy, port, false)); // one connection: the listener's
    const auto pid = pid_t(proxy.processId());
    auto stopProxy = qScopeGuard([&] {
        ::kill(pid, SIGCONT);
        proxy.kill();
        proxy.waitForFinished(5000);
    });

    // The listener lives on a thread of its own here, so that its destructor, which hung
    // on the old code, cannot hang the test.
    std::counting_semaphore<2> destroyNow { 0 };
    std::atomic<bool> destroyed { false };
    const ConnectionSettings settings = viaProxy(port);
    std::thread owner([&] {
        auto listener = std::make_unique<OrderChangeListener>(settings);
        destroyNow.acquire();
        listener.reset();
        destroyed = true;
    });
    auto joinOwner = qScopeGuard([&] {
        destroyNow.release();
        ::kill(pid, SIGCONT); // lets an old-style destructor's SELECT 1 finish
        owner.join();
    });

    // Live: its heartbeat (or, as the database's change feed, its poll: sql/019) has
    // answered once through the proxy.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_cluster
                .scalar(
                    QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                                   " WHERE application_name = 'dispatch-console/listen'"
                                   "   AND datname = current_database()"
                                   "   AND (query = 'SELECT pg_catalog.pg_backend_pid()'"
                                   "        OR query LIKE 'SELECT count(*), %change_feed_poll(%')"))
                .toInt()
            == 1,
        kGiveUpMs);
    // The network goes quiet: the next heartbeat is sent and never answered.
    QCOMPARE(::kill(pid, SIGSTOP), 0);
    // The listener's next statement (a heartbeat or, as the change feed, a poll every 10 ms)
    // is stuck in front of the proxy, or its answer is stuck inside it.
    QTRY_VERIFY_WITH_TIMEOUT(proxyHasUnreadBytes(port) || proxyHoldsAnAnswer(pid), kGiveUpMs);

    QElapsedTimer waited;
    waited.start();
    destroyNow.release();
    QTRY_VERIFY2_WITH_TIMEOUT(destroyed.load(),
                              "~OrderChangeListener is waiting for an unanswered query", kGiveUpMs);
    joinOwner.dismiss();
    owner.join();
    qInfo("listener destroyed %lld ms after it was asked to, its heartbeat unanswered",
          waited.elapsed());
}

void FaultTimeoutsTest::stoppingTheDriverApiWhileAClaimWaitsOnAHeldRowEnds()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Over HTTP"));
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Held While The API Stops"));
    auto tokens = m_cluster.connect(QStringLiteral("fault-timeouts-tokens"));
    const DriverTokens::Result token = DriverTokens::issue(tokens->database(), driver);
    QVERIFY2(token.ok, qPrintable(token.error));

    RawSession holder(m_settings);
    QSqlDatabase holderDb = holder.database();
    QVERIFY(holderDb.transaction());
    QSqlQuery lock(holderDb);
    lock.prepare(QStringLiteral("SELECT id FROM orders WHERE id = ? FOR UPDATE"));
    lock.addBindValue(order);
    QVERIFY_SQL(lock, exec());

    // The API on a thread of its own (as on the console's GUI thread, its destructor joins
    // the workers), so that a destructor that hangs cannot hang the test.
    DriverApiThread owner(m_settings);
    owner.start();
    auto cleanup = qScopeGuard([&] {
        holderDb.rollback(); // lets an unbounded claim finish
        owner.quit();
        owner.wait();
    });
    QTRY_VERIFY_WITH_TIMEOUT(owner.port != 0, kGiveUpMs);
    QVERIFY(owner.port > 0);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, quint16(owner.port.load()));
    QVERIFY(client.waitForConnected(5000));
    client.write(QStringLiteral("POST /api/driver/orders/%1/assign HTTP/1.1\r\n"
                                "Host: 127.0.0.1\r\nAuthorization: Bearer %2\r\n"
                                "Content-Length: 0\r\n\r\n")
                     .arg(order)
                     .arg(token.token)
                     .toLatin1());
    QVERIFY(client.waitForBytesWritten(5000));
    // The worker's claim is waiting for the row lock.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_cluster
                .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                                       " WHERE application_name LIKE 'dispatch-console/http-%'"
                                       "   AND wait_event_type = 'Lock'"))
                .toInt()
            == 1,
        kGiveUpMs);

    QElapsedTimer waited;
    waited.start();
    owner.quit();
    QTRY_VERIFY2_WITH_TIMEOUT(owner.destroyed.load(),
                              "~DriverApi is still joining a worker that waits on the row",
                              kGiveUpMs);
    qInfo("driver API stopped %lld ms after it was asked to, its worker waiting on a held row",
          waited.elapsed());
    cleanup.dismiss();
    owner.wait();
    QVERIFY(holderDb.rollback());
}

QTEST_GUILESS_MAIN(FaultTimeoutsTest)
#include "tst_faulttimeouts.moc"

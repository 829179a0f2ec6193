// `dispatch-console serve` as systemd runs it (issue 19): readiness (READY=1 only once the
// port listens and the schema is current), SIGTERM drains a request in flight and exits 0,
// SIGHUP reopens the access log without dropping a connection that is mid-request, and the
// --config file. The real binary against a throwaway cluster; the service manager's side of
// sd_notify is a datagram socket of our own, as NOTIFY_SOCKET.

#include "claims/drivertokens.h"
#include "db/migrator.h"
#include "testcluster.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <cstring>
#include <functional>
#include <optional>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

constexpr int kWaitMs = 120000; // a generous bound on a loaded machine, never a timing goal

// What systemd would receive on NOTIFY_SOCKET: one datagram per sd_notify().
class NotifyListener : public QObject
{
public:
    explicit NotifyListener(const QString &path)
        : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray encoded = QFile::encodeName(path);
        if (m_fd < 0 || size_t(encoded.size()) >= sizeof(address.sun_path))
            return;
        std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
            return;
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] { drain(); });
        m_bound = true;
    }
    ~NotifyListener() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isBound() const { return m_bound; }
    QString path() const { return m_path; }
    const QList<QByteArray> &messages() const { return m_messages; }
    int count(const QByteArray &assignment) const
    {
        int n = 0;
        for (const QByteArray &message : m_messages)
            n += message.split('\n').contains(assignment) ? 1 : 0;
        return n;
    }
    // Called by the test right when a message arrives (before anything else runs).
    std::function<void(const QByteArray &)> onMessage;

private:
    void drain()
    {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
            if (n <= 0)
                return;
            const QByteArray message(buffer, qsizetype(n));
            m_messages.append(message);
            if (onMessage)
                onMessage(message);
        }
    }

    QString m_path;
    int m_fd = -1;
    bool m_bound = false;
    QSocketNotifier *m_notifier = nullptr;
    QList<QByteArray> m_messages;
};

// An HTTP/1.1 client on one keep-alive connection that sees every byte as it comes.
class Client : public QObject
{
public:
    explicit Client(quint16 port)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { closed = true; });
        connect(&socket, &QTcpSocket::errorOccurred, this,
                [this](QAbstractSocket::SocketError error) { lastError = error; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool waitConnected() { return socket.waitForConnected(10000); }
    // The status of the n-th (1-based) whole response, once it is all there; 0 until then.
    int statusOf(int n) const
    {
        qsizetype at = 0;
        for (int i = 1; i <= n; ++i) {
            const qsizetype headEnd = received.indexOf("\r\n\r\n", at);
            if (headEnd < 0)
                return 0;
            const QByteArray head = received.mid(at, headEnd - at);
            const QRegularExpressionMatch length
                = QRegularExpression(QStringLiteral("(?im)^content-length:\\s*(\\d+)"))
                      .match(QString::fromLatin1(head));
            const qsizetype end
                = headEnd + 4 + (length.hasMatch() ? length.captured(1).toInt() : 0);
            if (received.size() < end)
                return 0;
            if (i == n)
                return head.mid(9, 3).toInt();
            at = end;
        }
        return 0;
    }
    bool waitForStatus(int n)
    {
        return QTest::qWaitFor([&] { return statusOf(n) != 0 || closed; }, kWaitMs)
            && statusOf(n) != 0;
    }

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
    std::optional<QAbstractSocket::SocketError> lastError;
};

// waitForFinished() says false for a process that already ended while an event loop ran.
bool waitUntilFinished(QProcess &process)
{
    return QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, kWaitMs);
}

} // namespace

class ServiceLifecycleTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void readyIsToldOnlyOnceListeningOnACurrentSchema();
    void sigtermLetsTheClaimInFlightFinishAndExitsZero();
    void sighupReopensTheAccessLogWithoutDroppingAHalfSentRequest();
    void configFileWithAPasswordIsRefusedWithoutShowingIt();
    void configFileWithAnUnknownSettingNamesTheLine();

private:
    struct Serve
    {
        std::unique_ptr<QProcess> process;
        std::unique_ptr<NotifyListener> notify;
        quint16 port = 0;
        QByteArray stdoutSoFar;
    };
    // Starts serve on a free port with NOTIFY_SOCKET set; extra arguments after "serve".
    std::unique_ptr<Serve> startServe(const QStringList &extra);
    bool waitForPort(Serve &serve);
    QByteArray claimRequest(qint64 order, const QString &token) const;

    TestCluster m_cluster;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseConnection> m_tokens;
    int m_serves = 0;
};

void ServiceLifecycleTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    QVERIFY(m_dir.isValid());
}

void ServiceLifecycleTest::cleanupTestCase()
{
    m_tokens.reset();
}

std::unique_ptr<ServiceLifecycleTest::Serve>
ServiceLifecycleTest::startServe(const QStringList &extra)
{
    auto serve = std::make_unique<Serve>();
    serve->notify = std::make_unique<NotifyListener>(
        m_dir.filePath(QStringLiteral("notify-%1").arg(++m_serves)));
    if (!serve->notify->isBound())
        return nullptr;
    serve->process = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NOTIFY_SOCKET"), serve->notify->path());
    // As systemd starts it: no desktop language, the C locale.
    environment.remove(QStringLiteral("LC_ALL"));
    environment.remove(QStringLiteral("LC_MESSAGES"));
    environment.remove(QStringLiteral("LANGUAGE"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    serve->process->setProcessEnvironment(environment);
    serve->process->setProcessChannelMode(QProcess::SeparateChannels);
    // However this test ends (CTest's SIGKILL too), the server it started ends with it.
    serve->process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    serve->process->start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                          QStringList { QStringLiteral("serve") } + extra);
    if (!serve->process->waitForStarted(30000))
        return nullptr;
    return serve;
}

bool ServiceLifecycleTest::waitForPort(Serve &serve)
{
    const bool printed = QTest::qWaitFor(
        [&] {
            serve.stdoutSoFar += serve.process->readAllStandardOutput();
            return serve.stdoutSoFar.contains('\n') || serve.process->state() != QProcess::Running;
        },
        kWaitMs);
    const QRegularExpressionMatch listening
        = QRegularExpression(QStringLiteral("^listening on http://127.0.0.1:(\\d+)"))
              .match(QString::fromLatin1(serve.stdoutSoFar));
    if (!printed || !listening.hasMatch()) {
        qWarning("serve did not start: %s", serve.process->readAllStandardError().constData());
        return false;
    }
    serve.port = quint16(listening.captured(1).toUInt());
    return true;
}

QByteArray ServiceLifecycleTest::claimRequest(qint64 order, const QString &token) const
{
    return "POST /api/driver/orders/" + QByteArray::number(order)
        + "/assign HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.toLatin1()
        + "\r\nContent-Length: 0\r\n\r\n";
}

void ServiceLifecycleTest::readyIsToldOnlyOnceListeningOnACurrentSchema()
{
    // An empty database: serve migrates it first, so "ready" has something to wait for.
    const ConnectionSettings settings
        = m_cluster.freshDatabase(QStringLiteral("service_ready"), /*migrate=*/false);
    auto serve = startServe({ QStringLiteral("--database"), settings.toConnectionString(),
                              QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
    QVERIFY(serve);

    // The state of things at the moment READY=1 arrives, read before anything else runs.
    bool sawReady = false;
    QByteArray stdoutAtReady;
    serve->notify->onMessage = [&](const QByteArray &message) {
        if (sawReady || !message.split('\n').contains("READY=1"))
            return;
        sawReady = true;
        serve->process->waitForReadyRead(0);
        stdoutAtReady = serve->process->readAllStandardOutput();
    };
    QVERIFY2(QTest::qWaitFor(
                 [&] { return sawReady || serve->process->state() != QProcess::Running; }, kWaitMs),
             "no READY=1 from serve");
    QVERIFY2(sawReady, serve->process->readAllStandardError().constData());
    serve->stdoutSoFar = stdoutAtReady;
    // "listening on …" is written before READY=1, so it is in the pipe by now.
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     serve->stdoutSoFar += serve->process->readAllStandardOutput();
                     return serve->stdoutSoFar.contains('\n');
                 },
                 kWaitMs),
             "READY=1 without a listening line");
    QVERIFY(waitForPort(*serve));

    // Listening: /healthz answers 200 on the port it printed.
    Client client(serve->port);
    QVERIFY(client.waitConnected());
    client.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(client.waitForStatus(1));
    QCOMPARE(client.statusOf(1), 200);
    // The schema is the one this binary needs.
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT max(version) FROM schema_migrations")).toInt(),
             Migrator::latestVersion());
    // The status line names both, and READY=1 came once.
    QCOMPARE(serve->notify->count("READY=1"), 1);
    const QByteArray first = serve->notify->messages().constFirst();
    QVERIFY2(first.contains("STATUS=listening on http://127.0.0.1:"), first.constData());

    serve->process->terminate();
    QVERIFY(waitUntilFinished(*serve->process));
    QCOMPARE(serve->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve->process->exitCode(), 0);
}

void ServiceLifecycleTest::sigtermLetsTheClaimInFlightFinishAndExitsZero()
{
    m_cluster.freshDatabase(QStringLiteral("service_sigterm"));
    m_tokens = m_cluster.connect(QStringLiteral("tokens"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Tess Term"));
    const DriverTokens::Result token = DriverTokens::issue(m_tokens->database(), driver);
    QVERIFY2(token.ok, qPrintable(token.error));
    const qint64 order = m_cluster.addReadyOrder();

    auto serve
        = startServe({ QStringLiteral("--database"), m_cluster.settings().toConnectionString(),
                       QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                       QStringLiteral("--workers"), QStringLiteral("2") });
    QVERIFY(serve);
    QVERIFY(waitForPort(*serve));
    QVERIFY(QTest::qWaitFor([&] { return serve->notify->count("READY=1") == 1; }, kWaitMs));

    // The order's row is locked by another session, so the claim waits on the server.
    auto blocker = m_cluster.connect(QStringLiteral("blocker"));
    QSqlQuery lock(blocker->database());
    QVERIFY_SQL(lock, exec(QStringLiteral("BEGIN")));
    QVERIFY_SQL(lock,
                exec(QStringLiteral("SELECT id FROM orders WHERE id = %1 FOR UPDATE").arg(order)));
    Client client(serve->port);
    QVERIFY(client.waitConnected());
    client.socket.write(claimRequest(order, token.token));
    const QString workers = QStringLiteral("dispatch-console/http-%1-%").arg(serve->port);
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return m_cluster
                                .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                                       "WHERE wait_event_type = 'Lock' AND "
                                                       "application_name LIKE ?"),
                                        { workers })
                                .toInt()
                         > 0;
                 },
                 kWaitMs),
             "the claim never waited for the lock");

    // SIGTERM with the claim in flight: serve says it is stopping and closes its port …
    QCOMPARE(::kill(pid_t(serve->process->processId()), SIGTERM), 0);
    QVERIFY2(QTest::qWaitFor([&] { return serve->notify->count("STOPPING=1") == 1; }, kWaitMs),
             "no STOPPING=1 after SIGTERM");
    Client late(serve->port);
    QVERIFY(QTest::qWaitFor([&] { return late.lastError.has_value(); }, kWaitMs));
    QCOMPARE(*late.lastError, QAbstractSocket::ConnectionRefusedError);
    QCOMPARE(client.statusOf(1), 0); // still waiting for its answer

    // … and when the lock goes, the claim ends and its answer reaches the client in full.
    QVERIFY_SQL(lock, exec(QStringLiteral("ROLLBACK")));
    QVERIFY2(client.waitForStatus(1), client.received.constData());
    // 200 normally; 503 ORDER_BUSY if the box was so slow that lock_timeout (2 s) struck
    // first. Either way a whole answer, not a dropped connection.
    const int status = client.statusOf(1);
    QVERIFY2(status == 200 || (status == 503 && client.received.contains("ORDER_BUSY")),
             client.received.constData());
    QVERIFY(waitUntilFinished(*serve->process));
    QCOMPARE(serve->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve->process->exitCode(), 0);
    if (status == 200) {
        QCOMPARE(
            m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
                .toLongLong(),
            driver);
    }
}

void ServiceLifecycleTest::sighupReopensTheAccessLogWithoutDroppingAHalfSentRequest()
{
    m_cluster.freshDatabase(QStringLiteral("service_sighup"));
    m_tokens = m_cluster.connect(QStringLiteral("tokens"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Hugo Hup"));
    const DriverTokens::Result token = DriverTokens::issue(m_tokens->database(), driver);
    QVERIFY2(token.ok, qPrintable(token.error));
    m_cluster.addReadyOrder(QStringLiteral("First"));
    m_cluster.addReadyOrder(QStringLiteral("Second"));

    const QString log = m_dir.filePath(QStringLiteral("access.log"));
    const QString config = m_dir.filePath(QStringLiteral("api.conf"));
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
        file.write("# as in packaging/api.conf\n");
        file.write("database = " + m_cluster.settings().toConnectionString().toUtf8() + "\n");
        file.write("listen = 127.0.0.1:0\nworkers = 2\n");
        file.write("access-log = " + log.toUtf8() + "\n");
    }
    auto serve = startServe({ QStringLiteral("--config"), config });
    QVERIFY(serve);
    QVERIFY(waitForPort(*serve));
    QVERIFY(QTest::qWaitFor([&] { return serve->notify->count("READY=1") == 1; }, kWaitMs));

    Client client(serve->port);
    QVERIFY(client.waitConnected());
    client.socket.write("GET /api/driver/orders/available HTTP/1.1\r\nHost: x\r\nConnection: "
                        "keep-alive\r\nAuthorization: "
                        "Bearer "
                        + token.token.toLatin1() + "\r\n\r\n");
    QVERIFY(client.waitForStatus(1));
    QCOMPARE(client.statusOf(1), 200);
    // In the C locale the English catalogue still gives the plural its words.
    QVERIFY(QTest::qWaitFor([&] { return client.received.contains("ready."); }, kWaitMs));
    QVERIFY2(client.received.contains("2 orders ready."), client.received.constData());

    // logrotate: the file is moved away, then SIGHUP — with the next request half sent.
    QVERIFY(QFile::rename(log, log + QStringLiteral(".1")));
    client.socket.write("GET /healthz HTTP/1.1\r\nConnection: keep-alive\r\nHo");
    QVERIFY(QTest::qWaitFor([&] { return client.socket.bytesToWrite() == 0; }, kWaitMs));
    QCOMPARE(::kill(pid_t(serve->process->processId()), SIGHUP), 0);
    QVERIFY2(QTest::qWaitFor([&] { return serve->notify->count("READY=1") == 2; }, kWaitMs),
             serve->process->readAllStandardError().constData());
    QCOMPARE(serve->notify->count("RELOADING=1"), 1);
    QVERIFY(serve->process->state() == QProcess::Running);
    client.socket.write("st: x\r\n\r\n");
    QVERIFY2(client.waitForStatus(2), client.received.constData());
    QCOMPARE(client.statusOf(2), 200);
    QVERIFY(!client.closed);

    // The old file has the first request, the reopened one the second; neither the token.
    QFile rotated(log + QStringLiteral(".1"));
    QVERIFY(rotated.open(QIODevice::ReadOnly));
    const QByteArray before = rotated.readAll();
    QVERIFY2(before.contains("GET /api/driver/orders/available 200"), before.constData());
    QFile reopened(log);
    QVERIFY2(QTest::qWaitFor([&] { return reopened.exists(); }, kWaitMs), "no new log file");
    QVERIFY(reopened.open(QIODevice::ReadOnly));
    const QByteArray after = reopened.readAll();
    QVERIFY2(after.contains("GET /healthz 200"), after.constData());
    QVERIFY(!before.contains(token.token.toLatin1()) && !after.contains(token.token.toLatin1()));

    serve->process->terminate();
    QVERIFY(waitUntilFinished(*serve->process));
    QCOMPARE(serve->process->exitCode(), 0);
}

void ServiceLifecycleTest::configFileWithAPasswordIsRefusedWithoutShowingIt()
{
    const QString config = m_dir.filePath(QStringLiteral("password.conf"));
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
        file.write("listen = 127.0.0.1:0\n");
        file.write("database = postgresql://api:Sekr1t-Passw0rd@db1/dispatch\n");
    }
    QProcess serve;
    serve.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                { QStringLiteral("serve"), QStringLiteral("--config"), config });
    QVERIFY(serve.waitForFinished(kWaitMs));
    QCOMPARE(serve.exitCode(), 2);
    const QByteArray error = serve.readAllStandardError();
    QVERIFY2(error.contains("line 2") && error.contains("no password"), error.constData());
    QVERIFY(!error.contains("Sekr1t"));
    QCOMPARE(error.count('\n'), 1);
    QVERIFY(serve.readAllStandardOutput().isEmpty());
}

void ServiceLifecycleTest::configFileWithAnUnknownSettingNamesTheLine()
{
    const QString config = m_dir.filePath(QStringLiteral("unknown.conf"));
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
        file.write("# comment\n\nworkers = 2\nthreads = 8\n");
    }
    QProcess serve;
    serve.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                { QStringLiteral("serve"), QStringLiteral("--config"), config });
    QVERIFY(serve.waitForFinished(kWaitMs));
    QCOMPARE(serve.exitCode(), 2);
    const QByteArray error = serve.readAllStandardError();
    QVERIFY2(error.contains("line 4") && error.contains("workers"), error.constData());
    QCOMPARE(error.count('\n'), 1);
}

QTEST_GUILESS_MAIN(ServiceLifecycleTest)
#include "tst_servicelifecycle.moc"

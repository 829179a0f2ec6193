// A test process that dies leaves no PostgreSQL running (issue 20). This executable runs a
// copy of itself as the "test process": it starts a TestCluster (or a `dispatch-console
// serve` with its embedded server) and is then killed with SIGKILL, as CTest's timeout does,
// or calls abort(). Within a bounded wait no server of that cluster, no program of that
// process and not its directory is left: its watchdog (fixtureguard.h) cleaned up.
#include "fixtureguard.h"
#include "testcluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <cstdio>
#include <thread>

namespace {

constexpr char kChildSwitch[] = "--fixture-child";
constexpr int kGenerousMs = 60000;

// Processes whose environment carries this exact mark: pid → what its command line says.
QMap<qint64, QString> processesCarrying(const QString &token)
{
    QMap<qint64, QString> found;
    const QByteArray mark = QByteArrayLiteral("DISPATCH_FIXTURE_GUARD=") + token.toLatin1();
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric || pid == QCoreApplication::applicationPid())
            continue;
        QFile environ(proc.filePath(entry + QStringLiteral("/environ")));
        if (!environ.open(QIODevice::ReadOnly) || !environ.readAll().split('\0').contains(mark))
            continue;
        QFile cmdline(proc.filePath(entry + QStringLiteral("/cmdline")));
        cmdline.open(QIODevice::ReadOnly);
        found.insert(pid, QString::fromLocal8Bit(cmdline.readAll().replace('\0', ' ')));
    }
    return found;
}

// Server processes (postmasters) of a data directory, by their command line.
QList<qint64> serversOf(const QString &dataDir)
{
    QList<qint64> pids;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile cmdline(proc.filePath(entry + QStringLiteral("/cmdline")));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = cmdline.readAll().split('\0');
        const qsizetype d = args.indexOf(QByteArrayLiteral("-D"));
        if (d >= 0 && d + 1 < args.size() && args.at(d + 1) == QFile::encodeName(dataDir))
            pids << entry.toLongLong();
    }
    return pids;
}

// The "test process": prints `ready <token> <dir> <data dir>` once its server is up, then
// waits to be killed, or aborts when the parent says so on stdin (after it has seen the
// server carry the token: aborting at once raced the watchdog against that look).
int runChild(const QString &what)
{
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<QProcess> console;
    QString base;
    QString dataDir;
    if (what == QLatin1String("console")) {
        dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/dispatch-guard-XXXXXX"));
        dir->setAutoRemove(false); // left to the watchdog, like TestCluster's when we die
        QFile::setPermissions(dir->path(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                  | QFileDevice::ExeOwner | QFileDevice::ExeGroup
                                  | QFileDevice::ExeOther);
        FixtureGuard::removeAfterExit(dir->path());
        base = dir->path();
        dataDir = base + QStringLiteral("/db/pgdata");
        console = std::make_unique<QProcess>();
        console->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        console->start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                       { QStringLiteral("serve"), QStringLiteral("--data-dir"),
                         base + QStringLiteral("/db"), QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:0"), QStringLiteral("--workers"),
                         QStringLiteral("1") });
        QByteArray out;
        while (!out.contains("listening on ")) {
            if (!console->waitForReadyRead(120000)) {
                std::fprintf(stderr, "child: serve did not start\n");
                return 2;
            }
            out += console->readAllStandardOutput();
        }
    } else {
        cluster = std::make_unique<TestCluster>();
        if (!cluster->start()) {
            std::fprintf(stderr, "child: %s\n", qPrintable(cluster->errorString()));
            return 2;
        }
        base = cluster->baseDir();
        dataDir = cluster->server().dataDir();
    }
    std::printf("ready %s %s %s\n", qPrintable(FixtureGuard::token()), qPrintable(base),
                qPrintable(dataDir));
    std::fflush(stdout);
    if (what == QLatin1String("abort")) {
        std::getchar();
        std::abort();
    }
    for (;;)
        std::this_thread::sleep_for(std::chrono::hours(1));
}

} // namespace

class FixtureGuardTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void deadTestProcessLeavesNoServer_data();
    void deadTestProcessLeavesNoServer();
    void cleanup();

private:
    QString m_token;
    QString m_dir;
};

void FixtureGuardTest::initTestCase()
{
    QVERIFY2(FixtureGuard::isWatching(), "this test process has no watchdog");
}

void FixtureGuardTest::deadTestProcessLeavesNoServer_data()
{
    QTest::addColumn<QString>("what");
    QTest::newRow("cluster, SIGKILL") << QStringLiteral("kill");
    QTest::newRow("cluster, abort()") << QStringLiteral("abort");
    QTest::newRow("console serve, SIGKILL") << QStringLiteral("console");
}

void FixtureGuardTest::deadTestProcessLeavesNoServer()
{
    QFETCH(QString, what);
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), { QLatin1String(kChildSwitch), what });
    QVERIFY(child.waitForStarted());
    QByteArray out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            child.waitForReadyRead(100);
            out += child.readAllStandardOutput();
            return out.contains('\n') || child.state() != QProcess::Running;
        },
        180000));
    const QStringList ready = QString::fromLocal8Bit(out).trimmed().split(QLatin1Char(' '));
    QVERIFY2(ready.size() == 4 && ready.first() == QLatin1String("ready"), out.constData());
    m_token = ready.at(1);
    m_dir = ready.at(2);
    const QString dataDir = ready.at(3);
    const QList<qint64> servers = serversOf(dataDir);
    QCOMPARE(servers.size(), 1);
    QVERIFY(processesCarrying(m_token).contains(servers.first()));

    if (what == QLatin1String("abort")) {
        child.write("abort now\n");
        child.closeWriteChannel();
    } else {
        child.kill(); // SIGKILL: no destructor, no atexit, as CTest's timeout
    }
    // (waitForFinished() is false for a process that already ended, as abort() may have.)
    QVERIFY(child.state() == QProcess::NotRunning || child.waitForFinished(kGenerousMs));
    QVERIFY(child.exitStatus() == QProcess::CrashExit);

    QTRY_VERIFY_WITH_TIMEOUT(serversOf(dataDir).isEmpty(), kGenerousMs);
    QTRY_VERIFY2_WITH_TIMEOUT(
        processesCarrying(m_token).isEmpty(),
        qPrintable(QStringList(processesCarrying(m_token).values()).join(QStringLiteral("; "))),
        kGenerousMs);
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(m_dir), kGenerousMs);
}

void FixtureGuardTest::cleanup()
{
    // Only when the watchdog failed: end what the dead child left, by pid.
    if (m_token.isEmpty())
        return;
    const QMap<qint64, QString> left = processesCarrying(m_token);
    for (auto it = left.cbegin(); it != left.cend(); ++it) {
        const bool server = it.value().contains(QLatin1String("postgres -D"));
        ::kill(pid_t(it.key()), server ? SIGQUIT : SIGKILL);
        qWarning("ended what the dead child left: %lld %s", it.key(), qPrintable(it.value()));
    }
    if (!QTest::qWaitFor([&] { return processesCarrying(m_token).isEmpty(); }, 20000))
        qWarning("the dead child's processes are still there");
    if (m_dir.startsWith(QLatin1String("/tmp/dispatch-")))
        QDir(m_dir).removeRecursively();
    m_token.clear();
    m_dir.clear();
}

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], kChildSwitch) == 0) {
        QCoreApplication app(argc, argv);
        return runChild(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    FixtureGuardTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_fixtureguard.moc"

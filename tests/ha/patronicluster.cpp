#include "patronicluster.h"

#include "fixtureguard.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QThread>
#include <csignal>
#include <memory>
#include <sys/types.h>
#include <vector>

namespace {

const QStringList kNodes { QStringLiteral("node1"), QStringLiteral("node2"),
                           QStringLiteral("node3") };

// n ports free on 127.0.0.1 right now (all held open together, so they differ).
QList<int> freePorts(int n)
{
    std::vector<std::unique_ptr<QTcpServer>> servers;
    QList<int> ports;
    for (int i = 0; i < n; ++i) {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return {};
        ports << server->serverPort();
        servers.push_back(std::move(server));
    }
    return ports;
}

} // namespace

PatroniCluster::PatroniCluster(Replication replication)
    : m_replication(replication)
    , m_dir(QStringLiteral("/tmp/dispatch-ha-XXXXXX"))
{
    // The script hands the directory to the postgres account; the watchdog removes it if
    // this process dies before the destructor runs.
    FixtureGuard::removeAfterExit(m_dir.path());
}

PatroniCluster::~PatroniCluster()
{
    stop();
}

QString PatroniCluster::script(const QStringList &arguments, int timeoutMs, int *exitCode) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(DISPATCH_HA_SCRIPT), arguments);
    if (!process.waitForStarted(10000) || !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        *exitCode = -1;
        return QString::fromLocal8Bit(process.readAll()) + QStringLiteral("(timed out)");
    }
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromLocal8Bit(process.readAll()).trimmed();
}

bool PatroniCluster::start()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return false;
    }
    const QList<int> ports = freePorts(8);
    if (ports.size() != 8) {
        m_error = QStringLiteral("no free ports on 127.0.0.1");
        return false;
    }
    for (int i = 0; i < 3; ++i) {
        m_pgPorts[i] = ports.at(2 + i);
        m_apiPorts[i] = ports.at(5 + i);
    }
    QStringList arguments { QStringLiteral("start"), m_dir.path(),
                            m_replication == Replication::Synchronous ? QStringLiteral("sync")
                                                                      : QStringLiteral("async") };
    for (int port : ports)
        arguments << QString::number(port);
    m_started = true; // whatever part came up is stopped by stop()
    int exitCode = 0;
    const QString output = script(arguments, 240000, &exitCode);
    if (exitCode != 0) {
        m_error = output;
        return false;
    }
    return true;
}

void PatroniCluster::stop()
{
    if (!m_started)
        return;
    m_started = false;
    int exitCode = 0;
    script({ QStringLiteral("stop"), m_dir.path() }, 120000, &exitCode);
}

QString PatroniCluster::url(const QString &database) const
{
    QStringList hosts;
    for (int port : m_pgPorts)
        hosts << QStringLiteral("127.0.0.1:%1").arg(port);
    return QStringLiteral("postgresql://postgres@%1/%2?target_session_attrs=read-write")
        .arg(hosts.join(QLatin1Char(',')), database);
}

ConnectionSettings PatroniCluster::settings(const QString &database) const
{
    QString error;
    const auto parsed = ConnectionSettings::parse(url(database), &error);
    if (!parsed)
        qFatal("the cluster's own address does not parse: %s", qPrintable(error));
    return *parsed;
}

bool PatroniCluster::nodeAnswers(const QString &node, const QString &path) const
{
    const int index = int(kNodes.indexOf(node));
    if (index < 0)
        return false;
    QProcess curl;
    curl.start(QStringLiteral("curl"),
               { QStringLiteral("-sf"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                 QStringLiteral("--max-time"), QStringLiteral("2"),
                 QStringLiteral("http://127.0.0.1:%1%2").arg(m_apiPorts[index]).arg(path) });
    return curl.waitForFinished(5000) && curl.exitStatus() == QProcess::NormalExit
        && curl.exitCode() == 0;
}

QString PatroniCluster::primary() const
{
    for (const QString &node : kNodes) {
        if (nodeAnswers(node, QStringLiteral("/primary")))
            return node;
    }
    return {};
}

QString PatroniCluster::waitForPrimary(const QString &notThis, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QString now = primary();
        if (!now.isEmpty() && now != notThis)
            return now;
        QThread::msleep(200);
    }
    return {};
}

bool PatroniCluster::waitForHealthy(int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        int primaries = 0;
        int replicas = 0;
        int synchronous = 0;
        for (const QString &node : kNodes) {
            primaries += nodeAnswers(node, QStringLiteral("/primary")) ? 1 : 0;
            replicas += nodeAnswers(node, QStringLiteral("/replica?lag=16MB")) ? 1 : 0;
            synchronous += nodeAnswers(node, QStringLiteral("/sync")) ? 1 : 0;
        }
        if (primaries == 1 && replicas == 2
            && (m_replication == Replication::Asynchronous || synchronous >= 1))
            return true;
        QThread::msleep(500);
    }
    return false;
}

QString PatroniCluster::standby() const
{
    const QString path = m_replication == Replication::Synchronous ? QStringLiteral("/sync")
                                                                   : QStringLiteral("/replica");
    for (const QString &node : kNodes) {
        if (nodeAnswers(node, path))
            return node;
    }
    return {};
}

bool PatroniCluster::killPostmaster(const QString &node)
{
    QFile pidFile(m_dir.path() + QLatin1Char('/') + node + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return false;
    bool ok = false;
    const pid_t pid = pid_t(pidFile.readLine().trimmed().toLongLong(&ok));
    return ok && pid > 1 && ::kill(pid, SIGKILL) == 0;
}

bool PatroniCluster::switchover(const QString &candidate, QString *output)
{
    QProcess patronictl;
    patronictl.setProcessChannelMode(QProcess::MergedChannels);
    patronictl.start(QStringLiteral("patronictl"),
                     { QStringLiteral("-c"), m_dir.path() + QStringLiteral("/node1.yml"),
                       QStringLiteral("switchover"), QStringLiteral("--leader"), primary(),
                       QStringLiteral("--candidate"), candidate, QStringLiteral("--force") });
    const bool finished = patronictl.waitForFinished(60000);
    *output = QString::fromLocal8Bit(patronictl.readAll()).trimmed();
    return finished && patronictl.exitStatus() == QProcess::NormalExit
        && patronictl.exitCode() == 0;
}

QString PatroniCluster::list() const
{
    QProcess patronictl;
    patronictl.setProcessChannelMode(QProcess::MergedChannels);
    patronictl.start(QStringLiteral("patronictl"),
                     { QStringLiteral("-c"), m_dir.path() + QStringLiteral("/node1.yml"),
                       QStringLiteral("list") });
    patronictl.waitForFinished(30000);
    return QString::fromLocal8Bit(patronictl.readAll()).trimmed();
}

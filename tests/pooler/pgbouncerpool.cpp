#include "pgbouncerpool.h"

#include "fixtureguard.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <pwd.h>
#include <unistd.h>

namespace {

int freeLoopbackPort()
{
    QTcpServer probe; // bound and released: free a moment ago
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// A QTemporaryDir is the creator's alone; the postgres account must write its log there.
bool giveToPostgres(const QString &path)
{
    if (geteuid() != 0)
        return true;
    const passwd *account = getpwnam("postgres");
    return account
        && chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid) == 0;
}

} // namespace

PgBouncerPool::PgBouncerPool(const QString &socketDir, int serverPort, const QStringList &users,
                             int poolSize)
    : m_socketDir(socketDir)
    , m_serverPort(serverPort)
    , m_users(users)
    , m_poolSize(poolSize)
    , m_dir(QStringLiteral("/tmp/dispatch-pooler-XXXXXX"))
{
    FixtureGuard::removeAfterExit(m_dir.path());
}

PgBouncerPool::~PgBouncerPool()
{
    stop();
}

bool PgBouncerPool::start()
{
    const QString binary = QStandardPaths::findExecutable(
        QStringLiteral("pgbouncer"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin") });
    if (binary.isEmpty()) {
        m_error = QStringLiteral("pgbouncer is not installed (scripts/bootstrap.sh installs it)");
        return false;
    }
    if (!m_dir.isValid() || !giveToPostgres(m_dir.path())) {
        m_error = QStringLiteral("cannot prepare %1").arg(m_dir.path());
        return false;
    }
    m_port = freeLoopbackPort();
    QFile users(m_dir.filePath(QStringLiteral("users.txt")));
    QFile ini(m_dir.filePath(QStringLiteral("pgbouncer.ini")));
    if (m_port == 0 || !users.open(QIODevice::WriteOnly) || !ini.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write the PgBouncer configuration");
        return false;
    }
    for (const QString &user : std::as_const(m_users))
        users.write(QStringLiteral("\"%1\" \"\"\n").arg(user).toUtf8());
    users.close();
    // Every database of the cluster, as the client's own login (the server authenticates it).
    ini.write(QStringLiteral("[databases]\n"
                             "* = host=%1 port=%2\n"
                             "[pgbouncer]\n"
                             "listen_addr = 127.0.0.1\n"
                             "listen_port = %3\n"
                             "unix_socket_dir =\n"
                             "auth_type = trust\n"
                             "auth_file = %4\n"
                             "pool_mode = transaction\n"
                             "default_pool_size = %5\n"
                             "min_pool_size = 0\n"
                             "reserve_pool_size = 0\n"
                             "max_client_conn = 500\n"
                             "server_round_robin = 1\n"
                             "server_reset_query =\n"
                             "logfile = %6\n"
                             "pidfile = %7\n")
                  .arg(m_socketDir)
                  .arg(m_serverPort)
                  .arg(m_port)
                  .arg(users.fileName())
                  .arg(m_poolSize)
                  .arg(m_dir.filePath(QStringLiteral("pgbouncer.log")),
                       m_dir.filePath(QStringLiteral("pgbouncer.pid")))
                  .toUtf8());
    ini.close();

    QStringList command { binary, ini.fileName() };
    if (geteuid() == 0)
        command = QStringList { QStringLiteral("runuser"), QStringLiteral("-u"),
                                QStringLiteral("postgres"), QStringLiteral("--") }
            + command;
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("pgbouncer.out")));
    m_process.start(command.takeFirst(), command);
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("pgbouncer did not start: %1").arg(m_process.errorString());
        return false;
    }
    // Up when it accepts a TCP connection.
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running) {
            m_error = QStringLiteral("pgbouncer ended: %1").arg(log());
            return false;
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        if (socket.waitForConnected(500))
            return true;
        QThread::msleep(50);
    }
    m_error = QStringLiteral("pgbouncer does not listen on port %1: %2").arg(m_port).arg(log());
    return false;
}

void PgBouncerPool::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    // runuser passes SIGTERM on; PgBouncer ends at once on SIGINT/SIGTERM ("immediate").
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString PgBouncerPool::log() const
{
    QString text;
    for (const char *name : { "pgbouncer.out", "pgbouncer.log" }) {
        QFile file(m_dir.filePath(QLatin1String(name)));
        if (file.open(QIODevice::ReadOnly))
            text += QString::fromUtf8(file.readAll().right(4000));
    }
    return text;
}

QString PgBouncerPool::url(const QString &database, const QString &user) const
{
    return QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=%3 connect_timeout=5")
        .arg(m_port)
        .arg(database, user);
}

ConnectionSettings PgBouncerPool::settings(const QString &database, const QString &user) const
{
    QString error;
    const auto parsed = ConnectionSettings::parse(url(database, user), &error);
    return parsed ? *parsed : ConnectionSettings();
}

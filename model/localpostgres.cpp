#include "localpostgres.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVersionNumber>
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(LocalPostgres)
};

bool isRoot()
{
    return ::geteuid() == 0;
}

constexpr auto kServerAccount = "postgres";

bool hasServerTools(const QString &dir)
{
    for (const char *tool : { "initdb", "pg_ctl", "postgres" }) {
        if (!QFileInfo(QDir(dir).filePath(QLatin1String(tool))).isExecutable())
            return false;
    }
    return true;
}

bool chownToServerAccount(const QString &path)
{
    const passwd *account = ::getpwnam(kServerAccount);
    if (!account)
        return false;
    return ::chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid) == 0;
}

QString lastLines(const QString &text, int count = 3)
{
    QStringList lines = text.trimmed().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(QStringLiteral(" / "));
}

} // namespace

LocalPostgres::LocalPostgres(Options options)
    : m_options(std::move(options))
{
    if (m_options.baseDir.isEmpty())
        m_options.baseDir = defaultBaseDir();
    m_options.baseDir = QDir(m_options.baseDir).absolutePath();
}

LocalPostgres::~LocalPostgres()
{
    stop();
}

std::optional<QString> LocalPostgres::findBinDir()
{
    const QString forced = qEnvironmentVariable("DISPATCH_PG_BINDIR");
    if (!forced.isEmpty())
        return hasServerTools(forced) ? std::optional(forced) : std::nullopt;

    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("pg_ctl"));
    if (!onPath.isEmpty()) {
        const QString dir = QFileInfo(onPath).canonicalPath();
        if (hasServerTools(dir))
            return dir;
    }
    // Debian and Ubuntu keep the server programs off PATH, one directory per major version.
    const QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QVersionNumber best;
    QString bestDir;
    for (const QString &entry : versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = versions.filePath(entry + QStringLiteral("/bin"));
        const QVersionNumber version = QVersionNumber::fromString(entry);
        if (hasServerTools(dir) && (bestDir.isEmpty() || version > best)) {
            best = version;
            bestDir = dir;
        }
    }
    if (!bestDir.isEmpty())
        return bestDir;
    return std::nullopt;
}

QString LocalPostgres::defaultBaseDir()
{
    // root's home is closed to the postgres account, so root's cluster lives in /var/lib.
    if (isRoot())
        return QStringLiteral("/var/lib/dispatch-console");
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

QString LocalPostgres::dataDir() const
{
    return QDir(m_options.baseDir).filePath(QStringLiteral("pgdata"));
}

QString LocalPostgres::socketDir() const
{
    return QDir(m_options.baseDir).filePath(QStringLiteral("run"));
}

ConnectionSettings LocalPostgres::settings() const
{
    return ConnectionSettings::localSocket(socketDir(), m_options.port, superuser(),
                                           m_options.database);
}

bool LocalPostgres::fail(Failure failure, const QString &message)
{
    m_failure = failure;
    m_error = message;
    return false;
}

bool LocalPostgres::start()
{
    if (m_running)
        return true;
    const auto binDir = findBinDir();
    if (!binDir) {
        return fail(Failure::BinariesMissing,
                    Text::tr("PostgreSQL server programs (initdb, pg_ctl) were not found. Install "
                             "the Debian package \"postgresql\" (apt-get install postgresql), or "
                             "pass --database URL to use an existing server."));
    }
    m_binDir = *binDir;
    if (isRoot() && !::getpwnam(kServerAccount)) {
        return fail(Failure::DataDirUnusable,
                    Text::tr("Running as root, the server must run as the \"postgres\" account, "
                             "which does not exist. Install the \"postgresql\" package or run as "
                             "an ordinary user."));
    }
    if (!prepareDirectories())
        return false;
    if (!QFileInfo::exists(QDir(dataDir()).filePath(QStringLiteral("PG_VERSION")))
        && !initCluster())
        return false;

    if (isRunning()) {
        m_running = true; // another console's server, or one a crashed console left behind
    } else {
        QString output;
        const QString logFile = QDir(socketDir()).filePath(QStringLiteral("server.log"));
        const int code = runTool(QStringLiteral("pg_ctl"),
                                 { QStringLiteral("start"), QStringLiteral("-D"), dataDir(),
                                   QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                                   QStringLiteral("-s"), QStringLiteral("-l"), logFile },
                                 &output);
        if (code != 0) {
            QFile log(logFile);
            QString tail;
            if (log.open(QIODevice::ReadOnly))
                tail = lastLines(QString::fromUtf8(log.readAll()));
            return fail(Failure::StartFailed,
                        Text::tr("The local PostgreSQL server in %1 did not start: %2")
                            .arg(dataDir(), tail.isEmpty() ? lastLines(output) : tail));
        }
        m_running = true;
        m_startedByUs = true;
    }
    return createDatabase();
}

bool LocalPostgres::prepareDirectories()
{
    const QString base = m_options.baseDir;
    if (!QDir().mkpath(base) || !QFileInfo(base).isWritable()) {
        return fail(Failure::DataDirUnusable,
                    Text::tr("The data directory %1 cannot be created or written.").arg(base));
    }
    // The socket lives in <base>/run; a Unix socket path must fit in 107 bytes.
    const QString socketPath
        = QDir(socketDir()).filePath(QStringLiteral(".s.PGSQL.%1").arg(m_options.port));
    if (QFile::encodeName(socketPath).size() > 100) {
        return fail(Failure::DataDirUnusable,
                    Text::tr("The data directory path %1 is too long for a Unix socket; choose a "
                             "shorter --data-dir.")
                        .arg(base));
    }
    const QString lockPath = QDir(base).filePath(QStringLiteral("console.lock"));
    if (m_lockFd < 0) {
        m_lockFd
            = ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_lockFd < 0 || ::flock(m_lockFd, LOCK_SH) != 0) {
            return fail(Failure::DataDirUnusable, Text::tr("Cannot lock %1.").arg(lockPath));
        }
    }
    for (const QString &dir : { dataDir(), socketDir() }) {
        if (!QDir().mkpath(dir)) {
            return fail(Failure::DataDirUnusable, Text::tr("Cannot create %1.").arg(dir));
        }
        QFile::setPermissions(
            dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (isRoot() && !chownToServerAccount(dir)) {
            return fail(Failure::DataDirUnusable,
                        Text::tr("Cannot hand %1 to the postgres account.").arg(dir));
        }
    }
    if (isRoot()) {
        // The postgres account must be able to walk down to its directories.
        QString output;
        if (runTool(QStringLiteral("test"), { QStringLiteral("-w"), dataDir() }, &output) != 0) {
            return fail(Failure::DataDirUnusable,
                        Text::tr("The postgres account cannot reach %1 (a parent directory is "
                                 "closed to it). Choose a --data-dir under /var/lib or /tmp.")
                            .arg(dataDir()));
        }
    }
    return true;
}

bool LocalPostgres::initCluster()
{
    QString output;
    const int code
        = runTool(QStringLiteral("initdb"),
                  { QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), superuser(),
                    QStringLiteral("--auth=trust"), QStringLiteral("--encoding=UTF8"),
                    QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-instructions") },
                  &output);
    if (code != 0) {
        return fail(Failure::InitFailed,
                    Text::tr("initdb failed in %1: %2").arg(dataDir(), lastLines(output)));
    }
    // Unix socket only, in a directory only the server's account can open.
    QFile conf(QDir(dataDir()).filePath(QStringLiteral("postgresql.conf")));
    QString extra = QStringLiteral("\n# dispatch-console: embedded default\n"
                                   "listen_addresses = ''\n"
                                   "unix_socket_directories = '%1'\n"
                                   "unix_socket_permissions = 0700\n"
                                   "port = %2\n"
                                   "max_connections = 200\n"
                                   "lock_timeout = '2s'\n")
                        .arg(socketDir())
                        .arg(m_options.port);
    if (m_options.throwaway) {
        extra += QStringLiteral("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                                "log_min_messages = warning\n");
    }
    if (!conf.open(QIODevice::Append) || conf.write(extra.toUtf8()) < 0) {
        return fail(Failure::InitFailed, Text::tr("Cannot write %1.").arg(conf.fileName()));
    }
    return true;
}

bool LocalPostgres::isRunning()
{
    QString output;
    return runTool(QStringLiteral("pg_ctl"),
                   { QStringLiteral("status"), QStringLiteral("-D"), dataDir() }, &output, 30000)
        == 0;
}

bool LocalPostgres::createDatabase()
{
    const QString name = QStringLiteral("dispatch/local-postgres-setup");
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        ConnectionSettings admin = settings();
        admin.setDatabase(QStringLiteral("postgres"));
        admin.applyTo(db, QStringLiteral("dispatch-console/setup"));
        if (!db.open()) {
            error = db.lastError().databaseText().section(QLatin1Char('\n'), 0, 0);
        } else {
            QSqlQuery query(db);
            const QString create = QStringLiteral("CREATE DATABASE %1")
                                       .arg(db.driver()->escapeIdentifier(m_options.database,
                                                                          QSqlDriver::TableName));
            // 42P04: another console created it a moment ago; that is fine.
            if (!query.exec(create)
                && query.lastError().nativeErrorCode() != QLatin1String("42P04"))
                error = query.lastError().databaseText().section(QLatin1Char('\n'), 0, 0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!error.isEmpty())
        return fail(Failure::StartFailed,
                    Text::tr("The local server started but refused us: %1").arg(error));
    return true;
}

bool LocalPostgres::lastConsoleOut()
{
    if (m_lockFd < 0)
        return true;
    return ::flock(m_lockFd, LOCK_EX | LOCK_NB) == 0;
}

void LocalPostgres::stop()
{
    if (m_running && lastConsoleOut()) {
        QString output;
        runTool(QStringLiteral("pg_ctl"),
                { QStringLiteral("stop"), QStringLiteral("-D"), dataDir(), QStringLiteral("-m"),
                  QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("-s") },
                &output, 60000);
    }
    m_running = false;
    if (m_lockFd >= 0) {
        ::close(m_lockFd); // drops our lock
        m_lockFd = -1;
    }
}

int LocalPostgres::runTool(const QString &tool, const QStringList &arguments, QString *output,
                           int timeoutMs)
{
    QString program
        = tool == QLatin1String("test") ? QStringLiteral("test") : QDir(m_binDir).filePath(tool);
    QStringList args = arguments;
    if (isRoot()) {
        args.prepend(program);
        args.prepend(QStringLiteral("--"));
        args.prepend(QString::fromLatin1(kServerAccount));
        args.prepend(QStringLiteral("-u"));
        program = QStringLiteral("runuser");
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    // The server must not inherit a locale the machine lacks, nor our PG* connection settings.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(QDir::rootPath());
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        *output = process.errorString();
        return -1;
    }
    // pg_ctl start -w returns once the server accepts connections; the server keeps our
    // output pipe open only if we let it, and pg_ctl -l sends its output to the log.
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        *output = Text::tr("%1 did not finish in time").arg(tool);
        return -1;
    }
    *output = QString::fromLocal8Bit(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

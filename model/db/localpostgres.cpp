#include "db/localpostgres.h"

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
#include <cerrno>
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

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

// A file descriptor that closes itself.
class Descriptor
{
public:
    explicit Descriptor(int fd = -1)
        : m_fd(fd)
    { }
    ~Descriptor() { reset(); }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    Descriptor &operator=(Descriptor &&other) noexcept
    {
        reset(std::exchange(other.m_fd, -1));
        return *this;
    }
    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }
    int release() { return std::exchange(m_fd, -1); }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

// The owner and the writers a directory may have. A directory we trust belongs to root or
// to us: anyone else who owns it, or may write it, could swap what is inside for a symlink.
bool trustedOwner(uid_t uid)
{
    return uid == 0 || uid == ::geteuid();
}

// Above the data directory: a sticky directory (/tmp) lets nobody rename our entries, and a
// directory writable by our own group (a per-user group, as many distributions give) is ours.
bool safeAncestor(const struct stat &info)
{
    if (!trustedOwner(info.st_uid))
        return false;
    if (info.st_mode & S_ISVTX)
        return true;
    if (info.st_mode & S_IWOTH)
        return false;
    return !(info.st_mode & S_IWGRP) || info.st_gid == ::getegid();
}

QString octalMode(mode_t mode)
{
    return QStringLiteral("%1").arg(uint(mode & 07777), 4, 8, QLatin1Char('0'));
}

bool isControl(QChar c)
{
    const QChar::Category category = c.category();
    return category == QChar::Other_Control || category == QChar::Separator_Line
        || category == QChar::Separator_Paragraph;
}

// What postgresql.conf cannot hold in unix_socket_directories = '<path>/run' (a quote ends
// the value, a double quote or a comma splits the list, a backslash escapes, a line break
// starts a new setting), described for a person; empty when the path is fine.
QString unsafeCharacterIn(const QString &path)
{
    for (const QChar c : path) {
        if (c == QLatin1Char('\''))
            return Text::tr("a quote (')");
        if (c == QLatin1Char('"'))
            return Text::tr("a double quote (\")");
        if (c == QLatin1Char(','))
            return Text::tr("a comma");
        if (c == QLatin1Char('\\'))
            return Text::tr("a backslash");
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            return Text::tr("a line break");
        if (isControl(c)) {
            return Text::tr("a control character (U+%1)")
                .arg(
                    QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        }
    }
    return {};
}

// The path as one printable line: a control character becomes '?'.
QString printable(const QString &path)
{
    QString shown = path.left(200);
    for (QChar &c : shown) {
        if (isControl(c))
            c = QLatin1Char('?');
    }
    return shown;
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

ConnectionSettings LocalPostgres::settings(const QString &user) const
{
    return ConnectionSettings::localSocket(socketDir(), m_options.port, user, m_options.database);
}

bool LocalPostgres::ensureLogin(QSqlDatabase db, const QString &login, const QStringList &groups,
                                QString *error)
{
    const QString name = db.driver()->escapeIdentifier(login, QSqlDriver::TableName);
    QStringList members;
    for (const QString &group : groups)
        members << db.driver()->escapeIdentifier(group, QSqlDriver::TableName);
    const QString member = members.join(QStringLiteral(", "));
    QSqlQuery query(db);
    // A role belongs to the cluster: two consoles may create it at the same moment, hence
    // the handler. ALTER and GRANT then set the same state whoever created it.
    // client_min_messages: a console started again would print "role … is already a member
    // of role …" for every group.
    const QStringList statements {
        QStringLiteral("SET client_min_messages = warning"),
        QStringLiteral("DO $do$ BEGIN CREATE ROLE %1; EXCEPTION WHEN duplicate_object OR "
                       "unique_violation THEN NULL; END $do$")
            .arg(name),
        QStringLiteral("ALTER ROLE %1 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                       "NOBYPASSRLS INHERIT")
            .arg(name),
        QStringLiteral("GRANT %1 TO %2").arg(member, name),
        QStringLiteral("RESET client_min_messages"),
    };
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            *error = Text::tr("Cannot prepare the login %1 on the local server: %2")
                         .arg(login,
                              query.lastError().databaseText().section(QLatin1Char('\n'), 0, 0));
            return false;
        }
    }
    return true;
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
    if (!clusterExists() && !initCluster())
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
            const QString tail = serverLogTail();
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
    // 1. The path as text: nothing on disk is touched before it passes.
    const QString base = m_options.baseDir;
    if (const QString character = unsafeCharacterIn(base); !character.isEmpty()) {
        return fail(Failure::DataDirUnusable,
                    Text::tr("The data directory path %1 contains %2, which PostgreSQL's "
                             "configuration cannot hold; choose a --data-dir without quotes, "
                             "commas, backslashes or control characters.")
                        .arg(printable(base), character));
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

    // 2. The directory and what is in it, checked before anything is created in it.
    if (!openBaseDirectory() || !checkBaseEntries())
        return false;
    if (isRoot()) {
        // The postgres account must be able to walk down to its directories: checked before
        // anything is created in the directory.
        QString output;
        if (runTool(QStringLiteral("test"), { QStringLiteral("-x"), base }, &output) != 0) {
            return fail(Failure::DataDirUnusable,
                        Text::tr("The postgres account cannot reach %1: it or a directory "
                                 "above it is closed to that account. Give them search "
                                 "permission for others (chmod o+x), or choose a --data-dir "
                                 "under /var/lib.")
                            .arg(base));
        }
    }

    // 3. Our shared lock, then the server's two directories, all relative to m_baseFd.
    const QString lockPath = QDir(base).filePath(QStringLiteral("console.lock"));
    if (m_lockFd < 0) {
        Descriptor lock(
            ::openat(m_baseFd, "console.lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
        struct stat info = {};
        if (!lock.isValid() && (errno == EACCES || errno == EROFS || errno == EPERM)) {
            return fail(Failure::DataDirUnusable,
                        Text::tr("The data directory %1 cannot be written.").arg(base));
        }
        if (!lock.isValid() || ::fstat(lock.get(), &info) != 0 || !S_ISREG(info.st_mode)
            || ::flock(lock.get(), LOCK_SH) != 0) {
            return fail(Failure::DataDirUnusable, Text::tr("Cannot lock %1.").arg(lockPath));
        }
        m_lockFd = lock.release();
    }
    for (const char *name : { "pgdata", "run" }) {
        if (!openSubdirectory(name))
            return false;
    }
    return true;
}

bool LocalPostgres::openBaseDirectory()
{
    if (m_baseFd >= 0)
        return true;
    const QString base = m_options.baseDir;
    // O_PATH: search permission is all a directory on the way needs to give us.
    Descriptor dir(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    const QStringList parts = base.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString walked;
    if (!dir.isValid() || parts.isEmpty()) {
        return fail(Failure::DataDirUnusable,
                    Text::tr("The data directory %1 cannot be used: it must be a directory "
                             "below /.")
                        .arg(base));
    }
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const bool last = i == parts.size() - 1;
        const QByteArray name = QFile::encodeName(parts.at(i));
        walked += QLatin1Char('/') + parts.at(i);
        struct stat info = {};
        if (::fstatat(dir.get(), name.constData(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno != ENOENT) {
                return fail(
                    Failure::DataDirUnusable,
                    Text::tr("The data directory %1 cannot be reached (at %2).").arg(base, walked));
            }
            // Missing from here down: we create it. EEXIST is another console doing the same;
            // what is there now is checked below like anything that was there before.
            if (::mkdirat(dir.get(), name.constData(), 0755) != 0 && errno != EEXIST) {
                return fail(
                    Failure::DataDirUnusable,
                    Text::tr("The data directory %1 cannot be created or written.").arg(base));
            }
            if (::fstatat(dir.get(), name.constData(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
                return fail(
                    Failure::DataDirUnusable,
                    Text::tr("The data directory %1 cannot be created or written.").arg(base));
            }
        }
        int flags = O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW;
        if (S_ISLNK(info.st_mode)) {
            if (last) {
                return fail(Failure::DataDirUnusable,
                            Text::tr("The data directory %1 is a symbolic link; give the "
                                     "directory itself as --data-dir.")
                                .arg(base));
            }
            // A link root or we made (such as /home -> /usr/home) is part of the layout.
            if (!trustedOwner(info.st_uid)) {
                return fail(Failure::DataDirUnusable,
                            Text::tr("%1, above the data directory, is a symbolic link owned by "
                                     "another user (uid %2); choose another --data-dir.")
                                .arg(walked)
                                .arg(info.st_uid));
            }
            flags &= ~O_NOFOLLOW;
        }
        Descriptor next(::openat(dir.get(), name.constData(), flags));
        if (!next.isValid() || ::fstat(next.get(), &info) != 0) {
            return fail(Failure::DataDirUnusable,
                        errno == ENOTDIR
                            ? Text::tr("The data directory %1 cannot be used: %2 is not a "
                                       "directory.")
                                  .arg(base, walked)
                            : Text::tr("The data directory %1 cannot be reached (at %2).")
                                  .arg(base, walked));
        }
        if (last) {
            if (!trustedOwner(info.st_uid)) {
                return fail(Failure::DataDirUnusable,
                            Text::tr("The data directory %1 belongs to another user (uid %2); "
                                     "use a directory that belongs to you or to root.")
                                .arg(base)
                                .arg(info.st_uid));
            }
            if (info.st_mode & (S_IWGRP | S_IWOTH)) {
                return fail(Failure::DataDirUnusable,
                            Text::tr("The data directory %1 can be written by other users (mode "
                                     "%2); run chmod go-w on it, or choose another --data-dir.")
                                .arg(base, octalMode(info.st_mode)));
            }
        } else if (!safeAncestor(info)) {
            return fail(Failure::DataDirUnusable,
                        trustedOwner(info.st_uid)
                            ? Text::tr("%1, above the data directory, can be written by other "
                                       "users (mode %2), who could swap the data directory; "
                                       "choose a --data-dir below directories only you or root "
                                       "can write.")
                                  .arg(walked, octalMode(info.st_mode))
                            : Text::tr("%1, above the data directory, belongs to another user "
                                       "(uid %2), who could swap the data directory; choose a "
                                       "--data-dir below directories that belong to you or to "
                                       "root.")
                                  .arg(walked)
                                  .arg(info.st_uid));
        }
        dir = std::move(next);
    }
    m_baseFd = dir.release();
    return true;
}

bool LocalPostgres::checkBaseEntries()
{
    // Only root or we can write the directory (openBaseDirectory), so what is found here
    // was put here by root or by us; it still must not point anywhere else.
    const passwd *account = isRoot() ? ::getpwnam(kServerAccount) : nullptr;
    struct Entry
    {
        const char *name;
        bool directory;
    };
    for (const Entry &entry :
         { Entry { "console.lock", false }, Entry { "pgdata", true }, Entry { "run", true } }) {
        const QString path = QDir(m_options.baseDir).filePath(QString::fromLatin1(entry.name));
        struct stat info = {};
        if (::fstatat(m_baseFd, entry.name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                continue;
            return fail(Failure::DataDirUnusable, Text::tr("Cannot read %1.").arg(path));
        }
        if (S_ISLNK(info.st_mode)) {
            return fail(Failure::DataDirUnusable,
                        Text::tr("%1 is a symbolic link; the data directory may hold no links. "
                                 "Remove it, or choose another --data-dir.")
                            .arg(path));
        }
        if (entry.directory ? !S_ISDIR(info.st_mode) : !S_ISREG(info.st_mode)) {
            return fail(Failure::DataDirUnusable,
                        entry.directory ? Text::tr("%1 is not a directory.").arg(path)
                                        : Text::tr("%1 is not a regular file.").arg(path));
        }
        if (!trustedOwner(info.st_uid) && !(account && info.st_uid == account->pw_uid)) {
            return fail(Failure::DataDirUnusable,
                        Text::tr("%1 belongs to another user (uid %2); choose another "
                                 "--data-dir.")
                            .arg(path)
                            .arg(info.st_uid));
        }
    }
    return true;
}

bool LocalPostgres::openSubdirectory(const char *name)
{
    const QString path = QDir(m_options.baseDir).filePath(QString::fromLatin1(name));
    if (::mkdirat(m_baseFd, name, 0700) != 0 && errno != EEXIST)
        return fail(Failure::DataDirUnusable, Text::tr("Cannot create %1.").arg(path));
    Descriptor dir(::openat(m_baseFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.isValid()) {
        return fail(Failure::DataDirUnusable,
                    errno == ELOOP || errno == ENOTDIR
                        ? Text::tr("%1 is not a directory; the data directory may hold no "
                                   "links.")
                              .arg(path)
                        : Text::tr("Cannot open %1.").arg(path));
    }
    // On the descriptor, never through the path: what we chmod and chown is what we opened.
    if (::fchmod(dir.get(), 0700) != 0)
        return fail(Failure::DataDirUnusable, Text::tr("Cannot protect %1.").arg(path));
    if (isRoot()) {
        const passwd *account = ::getpwnam(kServerAccount);
        if (!account || ::fchown(dir.get(), account->pw_uid, account->pw_gid) != 0) {
            return fail(Failure::DataDirUnusable,
                        Text::tr("Cannot hand %1 to the postgres account.").arg(path));
        }
    }
    return true;
}

bool LocalPostgres::clusterExists() const
{
    struct stat info = {};
    return ::fstatat(m_baseFd, "pgdata/PG_VERSION", &info, AT_SYMLINK_NOFOLLOW) == 0
        && S_ISREG(info.st_mode);
}

QString LocalPostgres::serverLogTail() const
{
    // run/ belongs to the postgres account: its server.log may have become a link or a FIFO.
    Descriptor fd(
        ::openat(m_baseFd, "run/server.log", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    struct stat info = {};
    if (!fd.isValid() || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode))
        return {};
    QFile log;
    if (!log.open(fd.release(), QIODevice::ReadOnly, QFileDevice::AutoCloseHandle))
        return {};
    return lastLines(QString::fromUtf8(log.readAll()));
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
    const QString confPath = QDir(dataDir()).filePath(QStringLiteral("postgresql.conf"));
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
    // initdb wrote it as the server's account; we append as ourselves (root, maybe), so only to
    // the regular file initdb made, never through a link put in its place.
    Descriptor fd(::openat(m_baseFd, "pgdata/postgresql.conf",
                           O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    struct stat info = {};
    QFile conf;
    const QByteArray bytes = extra.toUtf8();
    if (!fd.isValid() || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)
        || info.st_nlink != 1
        || !conf.open(fd.release(), QIODevice::WriteOnly | QIODevice::Append,
                      QFileDevice::AutoCloseHandle)
        || conf.write(bytes) != bytes.size() || !conf.flush()) {
        return fail(Failure::InitFailed, Text::tr("Cannot write %1.").arg(confPath));
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
    if (m_baseFd >= 0) {
        ::close(m_baseFd);
        m_baseFd = -1;
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

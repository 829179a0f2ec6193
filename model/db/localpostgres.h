#pragma once

#include "db/connectionsettings.h"

#include <QString>
#include <QStringList>
#include <optional>

// The embedded default: a private PostgreSQL cluster under the user's data directory,
// started (or reused) with the installed server's initdb and pg_ctl, reachable only through
// a Unix socket in a private directory (no TCP port).
//
// Several consoles may share one cluster: each holds a shared lock on <base>/console.lock
// while it runs, and the last one out stops the server. A cluster left running by a console
// that crashed is found on the next start (its lock is free) and adopted.
//
// As root the server runs as the unprivileged "postgres" account (initdb refuses root).
// Lives on the thread that created it; start() and stop() block (seconds, not minutes).
//
// The data directory cannot be used to trick root (or anyone) into touching other files:
// - its path holds no quote, double quote, comma, backslash or control character (it is
//   written into postgresql.conf);
// - it is owned by root or by us and writable by no one else; every directory above it is
//   owned by root or by us and writable by no other user (sticky ones such as /tmp, and our
//   own group, aside); a symlink above it is followed only when root or we own it;
// - nothing in it is a symlink: the directory itself, console.lock, pgdata and run are
//   opened with O_NOFOLLOW relative to the directory's descriptor, and their mode and owner
//   are set on those descriptors, never through a path;
// - a refusal is one line in errorString(); all of this is checked before anything is
//   created in the directory (only a missing directory itself may have been made).
class LocalPostgres
{
public:
    enum class Failure { None, BinariesMissing, DataDirUnusable, InitFailed, StartFailed };

    struct Options
    {
        QString baseDir; // empty: defaultBaseDir()
        QString database = QStringLiteral("dispatch");
        int port = 5432; // names the socket file only
        bool throwaway = false; // tests: fsync off, removed by the caller
    };

    explicit LocalPostgres(Options options);
    ~LocalPostgres(); // stop() when this is the last console using the cluster
    LocalPostgres(const LocalPostgres &) = delete;
    LocalPostgres &operator=(const LocalPostgres &) = delete;

    // initdb if needed, start or reuse the server, create the database. On failure,
    // failure() says which kind and errorString() one line for a person.
    bool start();
    void stop();

    Failure failure() const { return m_failure; }
    QString errorString() const { return m_error; }
    ConnectionSettings settings() const; // as superuser(), the cluster's owner
    ConnectionSettings settings(const QString &user) const; // as another login
    QString baseDir() const { return m_options.baseDir; }
    QString dataDir() const;
    QString socketDir() const;
    QString binDir() const { return m_binDir; }
    bool startedByUs() const { return m_startedByUs; }

    // Where the server binaries are: $DISPATCH_PG_BINDIR if set (and only there), else PATH,
    // else the newest /usr/lib/postgresql/*/bin.
    static std::optional<QString> findBinDir();
    static QString defaultBaseDir();
    static QString superuser() { return QStringLiteral("dispatch"); }
    // The login `serve` uses on this cluster: a member of sql/008's dispatch_driver and
    // nothing more, so the HTTP API (what the network reaches) is not the superuser.
    static QString driverApiLogin() { return QStringLiteral("dispatch_api"); }
    // The login the console (GUI, listener, inspector, simulation) uses on this cluster: a
    // member of dispatch_dispatcher, dispatch_support (sql/008) and dispatch_trainer
    // (sql/018), not the superuser.
    static QString consoleLogin() { return QStringLiteral("dispatch_console"); }
    static QStringList consoleGroups()
    {
        return { QStringLiteral("dispatch_dispatcher"), QStringLiteral("dispatch_support"),
                 QStringLiteral("dispatch_trainer") };
    }
    // Makes `login` a LOGIN role in `groups` with no privilege of its own (no superuser,
    // CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS), on db: a connection as the owner to a
    // migrated database (the group roles come from sql/008 and 018). Safe when another
    // console does the same at once. On failure: false and one line in *error.
    static bool ensureLogin(QSqlDatabase db, const QString &login, const QStringList &groups,
                            QString *error);

private:
    bool fail(Failure failure, const QString &message);
    bool prepareDirectories();
    bool openBaseDirectory(); // sets m_baseFd
    bool checkBaseEntries();
    bool openSubdirectory(const char *name);
    bool clusterExists() const;
    QString serverLogTail() const;
    bool initCluster();
    bool isRunning();
    bool createDatabase();
    // Runs a server program, as the postgres account when we are root.
    int runTool(const QString &tool, const QStringList &arguments, QString *output,
                int timeoutMs = 120000);
    bool lastConsoleOut();

    Options m_options;
    QString m_binDir;
    Failure m_failure = Failure::None;
    QString m_error;
    int m_baseFd = -1; // the data directory, opened without following a symlink
    int m_lockFd = -1;
    bool m_running = false;
    bool m_startedByUs = false;
};

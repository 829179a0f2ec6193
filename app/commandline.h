#pragma once

#include <QString>
#include <QStringList>
#include <optional>

// What the user asked for on the command line, validated. Parsing needs no QApplication,
// so the program can decide between a headless and a GUI application afterwards.
struct CommandLine
{
    enum class Action {
        OpenConsole,
        MigrateOnly,
        ShowHelp,
        ShowVersion,
        Serve, // `serve`: the driver HTTP API, headless
        IssueToken, // `token --driver ID`
        RevokeToken, // `token --driver ID --revoke`
        Maintain, // `maintain --keep 13months`: history retention (sql/017)
    };

    Action action = Action::OpenConsole;
    QString databaseUrl; // empty: embedded default (or PG* variables, see usesEnvironment)
    // --listen-database: where the console's change listener connects (empty: databaseUrl).
    QString listenDatabaseUrl;
    // databaseUrl carries a password (user:password@ in a URL, password= in keywords): it is
    // in our argv, which every local user can read (ps, /proc/<pid>/cmdline).
    bool passwordInArguments = false;
    bool usesEnvironment = false; // PGHOST / PGDATABASE / PGSERVICE point at a real server
    QString dataDir;
    int demoOrders = -1; // -1: not asked
    qint64 inspectOrder = 0; // --inspect: open the support inspector on this order
    // --allow-maintenance-db: the schema may be installed into "postgres", the server's
    // maintenance database (main.cpp refuses that without it, whatever the action).
    bool allowMaintenanceDatabase = false;
    QString helpText;
    // serve
    QString listenHost = QStringLiteral("127.0.0.1");
    int listenPort = 8080; // 0: any free port
    int workers = 4;
    int queueLimit = 64;
    QString configFile; // --config: settings read before the command line's own (see .cpp)
    QString accessLogFile; // empty: the access log goes to stderr (the journal under systemd)
    // serve: per driver, claims a second (token bucket) and the burst; 0 disables the limit.
    double rateLimit = 10;
    int rateBurst = 20;
    // token
    qint64 driverId = 0;
    // maintain: an interval PostgreSQL reads ("13 months"), from --keep
    QString keep;

    // On bad input: nullopt and one line in *error (no password in it).
    static std::optional<CommandLine> parse(const QStringList &arguments, QString *error);
    // One line for stderr when passwordInArguments: where the password belongs instead.
    // It is a warning, not a refusal: the connection is already made by then (main.cpp) and
    // the password is in argv either way; refusing would only break working scripts.
    static QString passwordWarning();
};

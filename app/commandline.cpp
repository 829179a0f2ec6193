#include "commandline.h"

#include "core/hostport.h"
#include "db/connectionsettings.h"
#include "db/historymaintenance.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <iterator>
#include <limits>

namespace {
// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

#define CL_TR(text) QT_TRANSLATE_NOOP("CommandLine", text)

// Every option, in --help order; kOptions[i].id == i.
enum Option {
    Help,
    Version,
    Database,
    ListenDatabase,
    DataDir,
    DemoData,
    MigrateOnly,
    AllowMaintenanceDb,
    Inspect,
    Listen,
    Workers,
    MaxQueue,
    Config,
    AccessLog,
    RateLimit,
    RateBurst,
    Driver,
    Revoke,
    Keep,
    OptionCount
};

struct OptionSpec
{
    Option id;
    const char *shortName; // nullptr: none
    const char *name;
    const char *description; // translated when the parser is built
    const char *valueName; // nullptr: a flag
    const char *command; // "serve" / "token" / "maintain": only with that command; nullptr: any
};

constexpr OptionSpec kOptions[] = {
    { Help, "h", "help", CL_TR("Show this help and exit."), nullptr, nullptr },
    { Version, "v", "version", CL_TR("Show the version and exit."), nullptr, nullptr },
    { Database, nullptr, "database",
      CL_TR("The PostgreSQL server to use: a postgresql:// URL or libpq keywords "
            "(\"host=db1 dbname=dispatch\", \"service=dispatch\"). libpq's PG* variables fill "
            "in what is not given. Prefer PGPASSWORD or ~/.pgpass to a password in the URL."),
      CL_TR("url"), nullptr },
    { ListenDatabase, nullptr, "listen-database",
      CL_TR("The console's change listener connects here instead (the same forms as "
            "--database): LISTEN needs a server session of its own, so when --database goes "
            "through a transaction pooler such as PgBouncer, give the server itself."),
      CL_TR("url"), nullptr },
    { DataDir, nullptr, "data-dir",
      CL_TR("Where the embedded PostgreSQL cluster lives (default: the user's application data "
            "directory; /var/lib/dispatch-console for root)."),
      CL_TR("dir"), nullptr },
    { DemoData, nullptr, "demo-data",
      CL_TR("Add N ready orders with realistic names and addresses (and drivers, if there are "
            "none yet). 0 to 1000000."),
      CL_TR("N"), nullptr },
    { MigrateOnly, nullptr, "migrate-only",
      CL_TR("Bring the schema up to date (and add --demo-data), then exit without a window."),
      nullptr, nullptr },
    { AllowMaintenanceDb, nullptr, "allow-maintenance-db",
      CL_TR("Install the schema even into the maintenance database \"postgres\" (refused "
            "without this flag, for the console, --migrate-only and serve alike)."),
      nullptr, nullptr },
    { Inspect, nullptr, "inspect",
      CL_TR("Open the support inspector (read-only) on this order instead of the console."),
      CL_TR("order"), nullptr },
    { Listen, nullptr, "listen",
      CL_TR("serve: the address and port to listen on (default 127.0.0.1:8080; port 0 picks a "
            "free one). Loopback unless told otherwise."),
      CL_TR("host:port"), "serve" },
    { Workers, nullptr, "workers",
      CL_TR("serve: database worker threads, each with its own connection (1 to 64, default 4)."),
      CL_TR("N"), "serve" },
    { MaxQueue, nullptr, "max-queue",
      CL_TR("serve: requests that may wait for a worker before new ones get 503 (0 to 10000, "
            "default 64)."),
      CL_TR("N"), "serve" },
    { Config, nullptr, "config",
      CL_TR("serve: read settings from this file first, one per line as name = value "
            "(database, data-dir, listen, workers, max-queue, access-log, rate-limit, "
            "rate-burst; never a password). Options given here win. SIGHUP reads it again."),
      CL_TR("file"), "serve" },
    { AccessLog, nullptr, "access-log",
      CL_TR("serve: append the access log (one line per request, never a token) to this "
            "file instead of stderr; SIGHUP reopens it."),
      CL_TR("file"), "serve" },
    { RateLimit, nullptr, "rate-limit",
      CL_TR("serve: claims per second each driver may make, on average (0 to 1000, default 10; "
            "0: no limit). More get 429 with Retry-After."),
      CL_TR("N"), "serve" },
    { RateBurst, nullptr, "rate-burst",
      CL_TR("serve: claims a driver may make at once before the rate limit applies (1 to "
            "10000, default 20)."),
      CL_TR("N"), "serve" },
    { Driver, nullptr, "driver", CL_TR("token: the driver the token is for."), CL_TR("id"),
      "token" },
    { Revoke, nullptr, "revoke", CL_TR("token: remove the driver's token instead of issuing one."),
      nullptr, "token" },
    { Keep, nullptr, "keep",
      CL_TR("maintain: how much history to keep, such as 13months, 400days or 2years (at "
            "least a month); older months of claim attempts and order history are dropped."),
      CL_TR("age"), "maintain" },
};
static_assert(std::size(kOptions) == OptionCount);
#undef CL_TR

// The parser built from kOptions, and typed access to what it parsed.
class Parsed
{
public:
    Parsed()
    {
        m_parser.setApplicationDescription(Text::tr(
            "Dispatch Console: a live board of ready orders over PostgreSQL. Every assignment "
            "is one atomic UPDATE; a lost race is shown as a 409 conflict, never as success.\n\n"
            "With no --database, the console starts (or reuses) its own PostgreSQL cluster "
            "under the data directory, reachable only through a Unix socket."));
        for (const OptionSpec &spec : kOptions) {
            Q_ASSERT(int(m_options.size()) == spec.id);
            QStringList names;
            if (spec.shortName)
                names << QLatin1String(spec.shortName);
            names << QLatin1String(spec.name);
            m_options.append(spec.valueName
                                 ? QCommandLineOption(names, Text::tr(spec.description),
                                                      Text::tr(spec.valueName))
                                 : QCommandLineOption(names, Text::tr(spec.description)));
        }
        m_parser.addOptions(m_options);
        // The driver HTTP API (app/http): `serve` and `token`.
        m_parser.addPositionalArgument(
            QStringLiteral("command"),
            Text::tr(
                "Optional. \"serve\": run the driver HTTP API headless. \"token\": print a new API "
                "token for --driver (only its hash is stored), or --revoke it. \"maintain\": "
                "create the coming months of history and drop what is older than --keep (as "
                "the database's owner)."),
            QStringLiteral("[serve|token|maintain]"));
    }

    QCommandLineParser &parser() { return m_parser; }
    bool isSet(Option option) const { return m_parser.isSet(m_options.at(option)); }
    QString value(Option option) const { return m_parser.value(m_options.at(option)); }

    // A whole number in [low, high], or nullopt.
    std::optional<qint64> number(Option option, qint64 low, qint64 high) const
    {
        bool ok = false;
        const qint64 number = value(option).toLongLong(&ok);
        if (!ok || number < low || number > high)
            return std::nullopt;
        return number;
    }

private:
    QCommandLineParser m_parser;
    QList<QCommandLineOption> m_options;
};

// The settings a --config file may hold: the long options of the same name.
const QStringList kConfigKeys
    = { QStringLiteral("database"),   QStringLiteral("data-dir"),  QStringLiteral("listen"),
        QStringLiteral("workers"),    QStringLiteral("max-queue"), QStringLiteral("access-log"),
        QStringLiteral("rate-limit"), QStringLiteral("rate-burst") };

// A --config file ("key = value" lines, # comments) as the options it stands for, so that the
// command line's own options, which come after them, win and every value is checked once.
bool readConfigFile(const QString &path, QStringList *options, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error
            = Text::tr("Cannot read the configuration file %1: %2").arg(path, file.errorString());
        return false;
    }
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString key = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        if (equals <= 0 || !kConfigKeys.contains(key)) {
            *error = Text::tr("%1 line %2: expected \"setting = value\" with one of %3.")
                         .arg(path)
                         .arg(number)
                         .arg(kConfigKeys.join(QStringLiteral(", ")));
            return false;
        }
        if (key == QLatin1String("database")) {
            // The file is readable by more than the service: the password belongs in a
            // password file (PGPASSFILE, a systemd credential), never here.
            QString ignored;
            const auto settings = ConnectionSettings::parse(value, &ignored);
            if (settings && settings->hasPassword()) {
                *error = Text::tr("%1 line %2: no password in the configuration file; put it in "
                                  "a password file (PGPASSFILE, ~/.pgpass).")
                             .arg(path)
                             .arg(number);
                return false;
            }
        }
        *options << QStringLiteral("--%1=%2").arg(key, value);
    }
    return true;
}

// The validators, in the order the checks run (the first problem is the one reported).
// Each fills its part of `line` or puts one line in *error and returns false.

bool readDatabase(const Parsed &parsed, CommandLine &line, QString *error)
{
    if (parsed.isSet(Database)) {
        line.databaseUrl = parsed.value(Database);
        if (line.databaseUrl.trimmed().isEmpty()) {
            *error = Text::tr("--database needs a postgresql:// URL or libpq keywords.");
            return false;
        }
        if (parsed.isSet(DataDir)) {
            *error = Text::tr("--data-dir is for the embedded database; it cannot be combined with "
                              "--database.");
            return false;
        }
        // libpq's own parse says whether there is a password in it; a string it cannot parse
        // is reported where it is used, with the reason.
        QString ignored;
        const auto settings = ConnectionSettings::parse(line.databaseUrl, &ignored);
        line.passwordInArguments = settings && settings->hasPassword();
    }
    if (parsed.isSet(ListenDatabase)) {
        line.listenDatabaseUrl = parsed.value(ListenDatabase);
        if (!parsed.isSet(Database) || line.listenDatabaseUrl.trimmed().isEmpty()) {
            *error = Text::tr("--listen-database needs a postgresql:// URL or libpq keywords, "
                              "and --database beside it.");
            return false;
        }
        // Unlike --database's (reported where it is used, with the server's reason), its
        // parse error is reported here: nothing else reads it before the window opens.
        QString why;
        const auto settings = ConnectionSettings::parse(line.listenDatabaseUrl, &why);
        if (!settings) {
            *error = QStringLiteral("--listen-database: ") + why;
            return false;
        }
        line.passwordInArguments = line.passwordInArguments || settings->hasPassword();
    }
    if (!parsed.isSet(Database) && !parsed.isSet(DataDir)) {
        for (const char *variable : { "PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE" }) {
            if (!qEnvironmentVariableIsEmpty(variable))
                line.usesEnvironment = true;
        }
    }
    if (parsed.isSet(DataDir)) {
        line.dataDir = parsed.value(DataDir);
        if (line.dataDir.trimmed().isEmpty() || line.dataDir.contains(QChar(0))) {
            *error = Text::tr("--data-dir needs a directory.");
            return false;
        }
    }
    return true;
}

bool readConsoleOptions(const Parsed &parsed, const QString &command, CommandLine &line,
                        QString *error)
{
    if (parsed.isSet(DemoData)) {
        const auto count = parsed.number(DemoData, 0, 1000000);
        if (!count) {
            *error = Text::tr("--demo-data needs a whole number from 0 to 1000000, not \"%1\".")
                         .arg(parsed.value(DemoData).left(40));
            return false;
        }
        line.demoOrders = int(*count);
    }
    if (parsed.isSet(MigrateOnly))
        line.action = CommandLine::Action::MigrateOnly;
    line.allowMaintenanceDatabase = parsed.isSet(AllowMaintenanceDb);
    if (parsed.isSet(ListenDatabase) && (parsed.isSet(MigrateOnly) || !command.isEmpty())) {
        *error = Text::tr("--listen-database is for the console window's change listener; "
                          "--migrate-only, serve, token and maintain do not listen.");
        return false;
    }
    if (parsed.isSet(Inspect)) {
        const auto order = parsed.number(Inspect, 1, std::numeric_limits<qint64>::max());
        if (!order) {
            *error
                = Text::tr("--inspect needs an order number (a positive whole number), not \"%1\".")
                      .arg(parsed.value(Inspect).left(40));
            return false;
        }
        line.inspectOrder = *order;
        if (parsed.isSet(MigrateOnly) || !command.isEmpty()) {
            *error
                = Text::tr("--inspect opens a window; it cannot be combined with --migrate-only, "
                           "serve or token.");
            return false;
        }
    }
    return true;
}

// An option of kOptions that belongs to a command is refused without it.
bool checkCommandOptions(const Parsed &parsed, const QString &command, QString *error)
{
    for (const OptionSpec &spec : kOptions) {
        if (spec.command && parsed.isSet(spec.id) && command != QLatin1String(spec.command)) {
            *error = Text::tr("--%1 is for \"dispatch-console %2\".")
                         .arg(QLatin1String(spec.name), QLatin1String(spec.command));
            return false;
        }
    }
    if (!command.isEmpty() && parsed.isSet(MigrateOnly)) {
        *error = Text::tr("--migrate-only cannot be combined with \"%1\".").arg(command);
        return false;
    }
    return true;
}

bool readServe(const Parsed &parsed, CommandLine &line, QString *error)
{
    line.action = CommandLine::Action::Serve;
    if (parsed.isSet(Listen)) {
        // The same parser as the console's "Serve the driver API…" dialog.
        const auto hostPort = HostPort::parse(parsed.value(Listen));
        if (!hostPort) {
            *error = Text::tr("--listen needs an IP address and a port, such as 127.0.0.1:8080 "
                              "or [::1]:0, not \"%1\".")
                         .arg(parsed.value(Listen).trimmed().left(80));
            return false;
        }
        line.listenHost = hostPort->host;
        line.listenPort = hostPort->port;
    }
    if (parsed.isSet(Workers)) {
        const auto workers = parsed.number(Workers, 1, 64);
        if (!workers) {
            *error = Text::tr("--workers needs a whole number from 1 to 64.");
            return false;
        }
        line.workers = int(*workers);
    }
    if (parsed.isSet(MaxQueue)) {
        const auto queue = parsed.number(MaxQueue, 0, 10000);
        if (!queue) {
            *error = Text::tr("--max-queue needs a whole number from 0 to 10000.");
            return false;
        }
        line.queueLimit = int(*queue);
    }
    if (parsed.isSet(RateLimit)) {
        bool ok = false;
        const double rate = parsed.value(RateLimit).toDouble(&ok);
        if (!ok || !(rate >= 0 && rate <= 1000)) {
            *error = Text::tr("--rate-limit needs a number from 0 to 1000 (claims a second; 0: "
                              "no limit).");
            return false;
        }
        line.rateLimit = rate;
    }
    if (parsed.isSet(RateBurst)) {
        const auto burst = parsed.number(RateBurst, 1, 10000);
        if (!burst) {
            *error = Text::tr("--rate-burst needs a whole number from 1 to 10000.");
            return false;
        }
        line.rateBurst = int(*burst);
    }
    if (parsed.isSet(AccessLog)) {
        line.accessLogFile = parsed.value(AccessLog);
        if (line.accessLogFile.trimmed().isEmpty()) {
            *error = Text::tr("--access-log needs a file.");
            return false;
        }
    }
    return true;
}

bool readToken(const Parsed &parsed, CommandLine &line, QString *error)
{
    const auto driver = parsed.isSet(Driver)
        ? parsed.number(Driver, 1, std::numeric_limits<qint64>::max())
        : std::nullopt;
    if (!driver) {
        *error = Text::tr("\"token\" needs --driver with a driver's id (a positive whole number).");
        return false;
    }
    line.driverId = *driver;
    line.action
        = parsed.isSet(Revoke) ? CommandLine::Action::RevokeToken : CommandLine::Action::IssueToken;
    return true;
}

bool readMaintain(const Parsed &parsed, CommandLine &line, QString *error)
{
    const auto keep
        = parsed.isSet(Keep) ? HistoryMaintenance::parseKeep(parsed.value(Keep)) : std::nullopt;
    if (!keep) {
        *error = Text::tr("\"maintain\" needs --keep with an age of at least a month, such as "
                          "13months, 400days or 2years, not \"%1\". Nothing was dropped.")
                     .arg(parsed.value(Keep).left(40));
        return false;
    }
    line.keep = *keep;
    line.action = CommandLine::Action::Maintain;
    return true;
}

} // namespace

std::optional<CommandLine> CommandLine::parse(const QStringList &arguments, QString *error)
{
    Parsed parsed;
    CommandLine line;
    line.helpText = parsed.parser().helpText();
    if (!parsed.parser().parse(arguments)) {
        *error = parsed.parser().errorText() + QLatin1Char(' ') + Text::tr("(see --help)");
        return std::nullopt;
    }
    if (parsed.isSet(Config) && !parsed.isSet(Help)) {
        // The file's settings go in front of the command line's, and everything is parsed again.
        line.configFile = parsed.value(Config);
        QStringList options;
        if (!readConfigFile(line.configFile, &options, error))
            return std::nullopt;
        QStringList combined = arguments.mid(0, 1);
        combined << options << arguments.mid(1);
        if (!parsed.parser().parse(combined)) {
            *error = parsed.parser().errorText() + QLatin1Char(' ') + Text::tr("(see --help)");
            return std::nullopt;
        }
    }
    const QStringList positional = parsed.parser().positionalArguments();
    const QString command = positional.isEmpty() ? QString() : positional.constFirst();
    const bool serve = command == QLatin1String("serve");
    const bool token = command == QLatin1String("token");
    const bool maintain = command == QLatin1String("maintain");
    const bool known = serve || token || maintain;
    if (positional.size() > (known ? 1 : 0)) {
        *error = Text::tr("Unexpected argument \"%1\" (see --help).")
                     .arg(positional.value(known ? 1 : 0).left(80));
        return std::nullopt;
    }
    if (parsed.isSet(Help)) {
        line.action = Action::ShowHelp;
        return line;
    }
    if (parsed.isSet(Version)) {
        line.action = Action::ShowVersion;
        return line;
    }
    if (!readDatabase(parsed, line, error) || !readConsoleOptions(parsed, command, line, error)
        || !checkCommandOptions(parsed, command, error)
        || (serve && !readServe(parsed, line, error)) || (token && !readToken(parsed, line, error))
        || (maintain && !readMaintain(parsed, line, error)))
        return std::nullopt;
    return line;
}

QString CommandLine::passwordWarning()
{
    return Text::tr("warning: the password in --database can be read by every user of this "
                    "machine (ps, /proc) while the console runs; put it in a password file "
                    "(~/.pgpass, or the file PGPASSFILE names) or in PGPASSWORD instead.");
}

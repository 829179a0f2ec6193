#include "commandline.h"

#include "db/connectionsettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <limits>

namespace {
// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};
// The settings a --config file may hold: the long options of the same name.
const QStringList kConfigKeys
    = { QStringLiteral("database"), QStringLiteral("data-dir"),  QStringLiteral("listen"),
        QStringLiteral("workers"),  QStringLiteral("max-queue"), QStringLiteral("access-log") };

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

} // namespace

std::optional<CommandLine> CommandLine::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
        "Dispatch Console: a live board of ready orders over PostgreSQL. Every assignment "
        "is one atomic UPDATE; a lost race is shown as a 409 conflict, never as success.\n\n"
        "With no --database, the console starts (or reuses) its own PostgreSQL cluster under "
        "the data directory, reachable only through a Unix socket."));
    const QCommandLineOption helpOption({ QStringLiteral("h"), QStringLiteral("help") },
                                        Text::tr("Show this help and exit."));
    const QCommandLineOption versionOption({ QStringLiteral("v"), QStringLiteral("version") },
                                           Text::tr("Show the version and exit."));
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        Text::tr("The PostgreSQL server to use: a postgresql:// URL or libpq keywords "
                 "(\"host=db1 dbname=dispatch\", \"service=dispatch\"). libpq's PG* variables fill "
                 "in what is not given. Prefer PGPASSWORD or ~/.pgpass to a password in the URL."),
        Text::tr("url"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        Text::tr(
            "Where the embedded PostgreSQL cluster lives (default: the user's application data "
            "directory; /var/lib/dispatch-console for root)."),
        Text::tr("dir"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo-data"),
        Text::tr("Add N ready orders with realistic names and addresses (and drivers, if there are "
                 "none yet). 0 to 1000000."),
        Text::tr("N"));
    const QCommandLineOption migrateOption(
        QStringLiteral("migrate-only"),
        Text::tr("Bring the schema up to date (and add --demo-data), then exit without a window."));
    const QCommandLineOption inspectOption(
        QStringLiteral("inspect"),
        Text::tr("Open the support inspector (read-only) on this order instead of the console."),
        Text::tr("order"));
    parser.addOptions({ helpOption, versionOption, databaseOption, dataDirOption, demoOption,
                        migrateOption, inspectOption });
    // The driver HTTP API (app/http): `serve` and `token`.
    parser.addPositionalArgument(
        QStringLiteral("command"),
        Text::tr(
            "Optional. \"serve\": run the driver HTTP API headless. \"token\": print a new API "
            "token for --driver (only its hash is stored), or --revoke it."),
        QStringLiteral("[serve|token]"));
    const QCommandLineOption listenOption(
        QStringLiteral("listen"),
        Text::tr("serve: the address and port to listen on (default 127.0.0.1:8080; port 0 picks a "
                 "free one). Loopback unless told otherwise."),
        Text::tr("host:port"));
    const QCommandLineOption workersOption(
        QStringLiteral("workers"),
        Text::tr(
            "serve: database worker threads, each with its own connection (1 to 64, default 4)."),
        Text::tr("N"));
    const QCommandLineOption queueOption(
        QStringLiteral("max-queue"),
        Text::tr("serve: requests that may wait for a worker before new ones get 503 (0 to 10000, "
                 "default 64)."),
        Text::tr("N"));
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        Text::tr("serve: read settings from this file first, one per line as name = value "
                 "(database, data-dir, listen, workers, max-queue, access-log; never a "
                 "password). Options given here win. SIGHUP reads it again."),
        Text::tr("file"));
    const QCommandLineOption accessLogOption(
        QStringLiteral("access-log"),
        Text::tr("serve: append the access log (one line per request, never a token) to this "
                 "file instead of stderr; SIGHUP reopens it."),
        Text::tr("file"));
    const QCommandLineOption driverOption(
        QStringLiteral("driver"), Text::tr("token: the driver the token is for."), Text::tr("id"));
    const QCommandLineOption revokeOption(
        QStringLiteral("revoke"),
        Text::tr("token: remove the driver's token instead of issuing one."));
    parser.addOptions({ listenOption, workersOption, queueOption, configOption, accessLogOption,
                        driverOption, revokeOption });

    CommandLine line;
    line.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        *error = parser.errorText() + QLatin1Char(' ') + Text::tr("(see --help)");
        return std::nullopt;
    }
    if (parser.isSet(configOption) && !parser.isSet(helpOption)) {
        // The file's settings go in front of the command line's, and everything is parsed again.
        line.configFile = parser.value(configOption);
        QStringList options;
        if (!readConfigFile(line.configFile, &options, error))
            return std::nullopt;
        QStringList combined = arguments.mid(0, 1);
        combined << options << arguments.mid(1);
        if (!parser.parse(combined)) {
            *error = parser.errorText() + QLatin1Char(' ') + Text::tr("(see --help)");
            return std::nullopt;
        }
    }
    const QStringList positional = parser.positionalArguments();
    const QString command = positional.isEmpty() ? QString() : positional.constFirst();
    const bool knownCommand
        = command == QLatin1String("serve") || command == QLatin1String("token");
    if (positional.size() > (knownCommand ? 1 : 0)) {
        *error = Text::tr("Unexpected argument \"%1\" (see --help).")
                     .arg(positional.value(knownCommand ? 1 : 0).left(80));
        return std::nullopt;
    }
    if (parser.isSet(helpOption)) {
        line.action = Action::ShowHelp;
        return line;
    }
    if (parser.isSet(versionOption)) {
        line.action = Action::ShowVersion;
        return line;
    }
    if (parser.isSet(databaseOption)) {
        line.databaseUrl = parser.value(databaseOption);
        if (line.databaseUrl.trimmed().isEmpty()) {
            *error = Text::tr("--database needs a postgresql:// URL or libpq keywords.");
            return std::nullopt;
        }
        if (parser.isSet(dataDirOption)) {
            *error = Text::tr("--data-dir is for the embedded database; it cannot be combined with "
                              "--database.");
            return std::nullopt;
        }
        // libpq's own parse says whether there is a password in it; a string it cannot parse
        // is reported where it is used, with the reason.
        QString ignored;
        const auto settings = ConnectionSettings::parse(line.databaseUrl, &ignored);
        line.passwordInArguments = settings && settings->hasPassword();
    } else if (!parser.isSet(dataDirOption)) {
        for (const char *variable : { "PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE" }) {
            if (!qEnvironmentVariableIsEmpty(variable))
                line.usesEnvironment = true;
        }
    }
    if (parser.isSet(dataDirOption)) {
        line.dataDir = parser.value(dataDirOption);
        if (line.dataDir.trimmed().isEmpty() || line.dataDir.contains(QChar(0))) {
            *error = Text::tr("--data-dir needs a directory.");
            return std::nullopt;
        }
    }
    if (parser.isSet(demoOption)) {
        bool ok = false;
        const QString text = parser.value(demoOption);
        const int count = text.toInt(&ok);
        if (!ok || count < 0 || count > 1000000) {
            *error = Text::tr("--demo-data needs a whole number from 0 to 1000000, not \"%1\".")
                         .arg(text.left(40));
            return std::nullopt;
        }
        line.demoOrders = count;
    }
    if (parser.isSet(migrateOption))
        line.action = Action::MigrateOnly;
    if (parser.isSet(inspectOption)) {
        bool ok = false;
        const QString text = parser.value(inspectOption);
        line.inspectOrder = text.toLongLong(&ok);
        if (!ok || line.inspectOrder <= 0) {
            *error
                = Text::tr("--inspect needs an order number (a positive whole number), not \"%1\".")
                      .arg(text.left(40));
            return std::nullopt;
        }
        if (parser.isSet(migrateOption) || !command.isEmpty()) {
            *error
                = Text::tr("--inspect opens a window; it cannot be combined with --migrate-only, "
                           "serve or token.");
            return std::nullopt;
        }
    }

    // serve / token
    const bool serve = command == QLatin1String("serve");
    const bool token = command == QLatin1String("token");
    for (const QCommandLineOption *option :
         { &listenOption, &workersOption, &queueOption, &configOption, &accessLogOption }) {
        if (parser.isSet(*option) && !serve) {
            *error = Text::tr("--%1 is for \"dispatch-console serve\".")
                         .arg(option->names().constFirst());
            return std::nullopt;
        }
    }
    for (const QCommandLineOption *option : { &driverOption, &revokeOption }) {
        if (parser.isSet(*option) && !token) {
            *error = Text::tr("--%1 is for \"dispatch-console token\".")
                         .arg(option->names().constFirst());
            return std::nullopt;
        }
    }
    if ((serve || token) && parser.isSet(migrateOption)) {
        *error = Text::tr("--migrate-only cannot be combined with \"%1\".").arg(command);
        return std::nullopt;
    }
    const auto wholeNumber
        = [&parser](const QCommandLineOption &option, qint64 low, qint64 high, qint64 *value) {
              bool ok = false;
              const qint64 number = parser.value(option).toLongLong(&ok);
              if (!ok || number < low || number > high)
                  return false;
              *value = number;
              return true;
          };
    if (serve) {
        line.action = Action::Serve;
        if (parser.isSet(listenOption)) {
            const QString listen = parser.value(listenOption).trimmed();
            const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
            QString host = colon > 0 ? listen.left(colon) : QString();
            if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
                host = host.mid(1, host.size() - 2);
            bool ok = false;
            const int port = colon > 0 ? listen.mid(colon + 1).toInt(&ok) : -1;
            if (host == QLatin1String("localhost"))
                host = QStringLiteral("127.0.0.1");
            if (!ok || port < 0 || port > 65535 || QHostAddress(host).isNull()) {
                *error = Text::tr("--listen needs an IP address and a port, such as 127.0.0.1:8080 "
                                  "or [::1]:0, not \"%1\".")
                             .arg(listen.left(80));
                return std::nullopt;
            }
            line.listenHost = host;
            line.listenPort = port;
        }
        qint64 number = 0;
        if (parser.isSet(workersOption)) {
            if (!wholeNumber(workersOption, 1, 64, &number)) {
                *error = Text::tr("--workers needs a whole number from 1 to 64.");
                return std::nullopt;
            }
            line.workers = int(number);
        }
        if (parser.isSet(queueOption)) {
            if (!wholeNumber(queueOption, 0, 10000, &number)) {
                *error = Text::tr("--max-queue needs a whole number from 0 to 10000.");
                return std::nullopt;
            }
            line.queueLimit = int(number);
        }
        if (parser.isSet(accessLogOption)) {
            line.accessLogFile = parser.value(accessLogOption);
            if (line.accessLogFile.trimmed().isEmpty()) {
                *error = Text::tr("--access-log needs a file.");
                return std::nullopt;
            }
        }
    }
    if (token) {
        if (!parser.isSet(driverOption)
            || !wholeNumber(driverOption, 1, std::numeric_limits<qint64>::max(), &line.driverId)) {
            *error = Text::tr(
                "\"token\" needs --driver with a driver's id (a positive whole number).");
            return std::nullopt;
        }
        line.action = parser.isSet(revokeOption) ? Action::RevokeToken : Action::IssueToken;
    }
    return line;
}

QString CommandLine::passwordWarning()
{
    return Text::tr("warning: the password in --database can be read by every user of this "
                    "machine (ps, /proc) while the console runs; put it in a password file "
                    "(~/.pgpass, or the file PGPASSFILE names) or in PGPASSWORD instead.");
}

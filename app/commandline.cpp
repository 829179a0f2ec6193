#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CommandLine", text);
}
} // namespace

std::optional<CommandLine> CommandLine::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Dispatch Console: a live board of ready orders over PostgreSQL. Every assignment "
           "is one atomic UPDATE; a lost race is shown as a 409 conflict, never as success.\n\n"
           "With no --database, the console starts (or reuses) its own PostgreSQL cluster under "
           "the data directory, reachable only through a Unix socket."));
    const QCommandLineOption helpOption(
        {QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help and exit."));
    const QCommandLineOption versionOption(
        {QStringLiteral("v"), QStringLiteral("version")}, tr("Show the version and exit."));
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        tr("The PostgreSQL server to use: a postgresql:// URL or libpq keywords "
           "(\"host=db1 dbname=dispatch\", \"service=dispatch\"). libpq's PG* variables fill "
           "in what is not given. Prefer PGPASSWORD or ~/.pgpass to a password in the URL."),
        tr("url"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        tr("Where the embedded PostgreSQL cluster lives (default: the user's application data "
           "directory; /var/lib/dispatch-console for root)."),
        tr("dir"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo-data"),
        tr("Add N ready orders with realistic names and addresses (and drivers, if there are "
           "none yet). 0 to 1000000."),
        tr("N"));
    const QCommandLineOption migrateOption(
        QStringLiteral("migrate-only"),
        tr("Bring the schema up to date (and add --demo-data), then exit without a window."));
    parser.addOptions(
        {helpOption, versionOption, databaseOption, dataDirOption, demoOption, migrateOption});

    CommandLine line;
    line.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        *error = parser.errorText() + QLatin1Char(' ') + tr("(see --help)");
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = tr("Unexpected argument \"%1\" (see --help).")
                     .arg(parser.positionalArguments().constFirst().left(80));
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
            *error = tr("--database needs a postgresql:// URL or libpq keywords.");
            return std::nullopt;
        }
        if (parser.isSet(dataDirOption)) {
            *error = tr("--data-dir is for the embedded database; it cannot be combined with "
                        "--database.");
            return std::nullopt;
        }
    } else if (!parser.isSet(dataDirOption)) {
        for (const char *variable : {"PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE"}) {
            if (!qEnvironmentVariableIsEmpty(variable))
                line.usesEnvironment = true;
        }
    }
    if (parser.isSet(dataDirOption)) {
        line.dataDir = parser.value(dataDirOption);
        if (line.dataDir.trimmed().isEmpty() || line.dataDir.contains(QChar(0))) {
            *error = tr("--data-dir needs a directory.");
            return std::nullopt;
        }
    }
    if (parser.isSet(demoOption)) {
        bool ok = false;
        const QString text = parser.value(demoOption);
        const int count = text.toInt(&ok);
        if (!ok || count < 0 || count > 1000000) {
            *error = tr("--demo-data needs a whole number from 0 to 1000000, not \"%1\".")
                         .arg(text.left(40));
            return std::nullopt;
        }
        line.demoOrders = count;
    }
    if (parser.isSet(migrateOption))
        line.action = Action::MigrateOnly;
    return line;
}

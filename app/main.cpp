// dispatch-console: the composition root. Parses the command line, finds or starts the
// database, migrates it, then opens the console (or exits, for --migrate-only).

#include "commandline.h"
#include "db/databaseconnection.h"
#include "db/demodata.h"
#include "db/historymaintenance.h"
#include "db/localpostgres.h"
#include "db/migrator.h"
#include "http/servecommand.h"
#include "inspector/inspectorwindow.h"
#include "lib/consolesession.h"
#include "signalwatcher.h"
#include "simulation/simulationboard.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTranslator>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>

namespace {

constexpr int kExitUsage = 2;

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

// The translation context of this file's messages ("main"), in a form lupdate can see.
struct Main
{
    Q_DECLARE_TR_FUNCTIONS(main)
};

// One line on stderr for scripts and terminals; when the console was started as a GUI
// (there is a QApplication), the same words in a dialog too, since someone who started it
// from a desktop launcher has no terminal and would otherwise see nothing at all.
int failWith(const QString &line)
{
    printLine(stderr, QStringLiteral("dispatch-console: ") + line);
    if (qobject_cast<QApplication *>(QCoreApplication::instance()))
        QMessageBox::critical(nullptr, Main::tr("Dispatch Console cannot start"), line);
    return kExitUsage;
}

// German (or any shipped language) by the system locale: the console's own messages from
// the resources, Qt's own (dialog buttons, shortcuts) from Qt's translations if installed.
void installTranslators(QCoreApplication *app)
{
    const QLocale locale = QLocale::system();
    auto *own = new QTranslator(app);
    // A language without a catalogue (and the C locale of a service) gets English, whose
    // catalogue holds the plural forms: "2 orders ready.", not "2 order(s) ready.".
    if (own->load(locale, QStringLiteral("dispatch-console"), QStringLiteral("_"),
                  QStringLiteral(":/i18n"))
        || own->load(QStringLiteral("dispatch-console_en"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

// Adds demo data: `orders` ready orders, and drivers if the database has none yet.
bool addDemoData(QSqlDatabase db, int orders, QString *error)
{
    QSqlQuery query(db);
    int drivers = 0;
    if (query.exec(QStringLiteral("SELECT NOT EXISTS (SELECT 1 FROM drivers)")) && query.next()
        && query.value(0).toBool()) {
        drivers = std::clamp(orders / 5, 8, 40);
    }
    const DemoData::Result result
        = DemoData::seed(db, drivers, orders, QRandomGenerator::global()->generate());
    if (!result.ok) {
        *error = result.error;
        return false;
    }
    // A first look (a database that had no drivers): a few orders already on their way.
    if (drivers > 0)
        DemoData::startDeliveries(db);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    QString error;
    const auto line = CommandLine::parse(arguments, &error);
    if (!line)
        return failWith(error);
    if (line->action == CommandLine::Action::ShowHelp) {
        // Parsed before the application exists, so Qt could not know the program's name.
        printLine(
            stdout,
            QString(line->helpText)
                .replace(QLatin1String("<executable_name>"), QLatin1String("dispatch-console")));
        return 0;
    }
    if (line->action == CommandLine::Action::ShowVersion) {
        printLine(stdout, QStringLiteral("dispatch-console " DISPATCH_VERSION));
        return 0;
    }

    const bool headless = line->action == CommandLine::Action::MigrateOnly
        || line->action == CommandLine::Action::Serve
        || line->action == CommandLine::Action::IssueToken
        || line->action == CommandLine::Action::RevokeToken
        || line->action == CommandLine::Action::Maintain;
    if (!headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")
        && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        return failWith(
            Main::tr("No display to open the console on (DISPLAY is not set). Run it in a "
                     "desktop session, or use --migrate-only for scripts."));
    }
    std::unique_ptr<QCoreApplication> app = headless
        ? std::make_unique<QCoreApplication>(argc, argv)
        : std::make_unique<QApplication>(argc, argv);
    if (!headless) {
        // Wayland compositors match the window to resources/dispatch-console.desktop (icon,
        // name) by this, and AppStream's launchable names the same file.
        QGuiApplication::setDesktopFileName(QStringLiteral("dispatch-console"));
    }
    QCoreApplication::setOrganizationName(QStringLiteral("dispatch-console"));
    QCoreApplication::setApplicationName(QStringLiteral("dispatch-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DISPATCH_VERSION));
    installTranslators(app.get());
    SignalWatcher signalWatcher;

    // 1. Where the database is: everything the user typed is checked before anything starts
    // (after the application exists, so that a GUI start can show what is wrong).
    ConnectionSettings settings;
    if (!line->databaseUrl.isEmpty()) {
        const auto parsed = ConnectionSettings::parse(line->databaseUrl, &error);
        if (!parsed)
            return failWith(error);
        settings = *parsed;
    }
    std::optional<ConnectionSettings> listenSettings;
    if (!line->listenDatabaseUrl.isEmpty()) {
        listenSettings = ConnectionSettings::parse(line->listenDatabaseUrl, &error);
        if (!listenSettings)
            return failWith(Main::tr("--listen-database: %1").arg(error));
    }

    std::unique_ptr<LocalPostgres> localServer;
    bool trainingDatabase = false;
    if (line->databaseUrl.isEmpty() && !line->usesEnvironment) {
        localServer = std::make_unique<LocalPostgres>(LocalPostgres::Options { line->dataDir });
        if (!localServer->start())
            return failWith(localServer->errorString());
        settings = localServer->settings();
        trainingDatabase = true;
    }

    // 2. Connect and migrate, on this thread's setup connection (long statement timeout:
    // migrations and --demo-data; the console's GUI connection has a short one).
    DatabaseConnection connection(settings, QStringLiteral("setup"));
    if (const QSqlError openError = connection.open(); openError.isValid()) {
        return failWith(Main::tr("Cannot connect to the database at %1: %2")
                            .arg(settings.redacted(), DatabaseConnection::describe(openError)));
    }
    // Only once connected, so that a failure stays the one line it is.
    if (line->passwordInArguments)
        printLine(stderr, QStringLiteral("dispatch-console: ") + CommandLine::passwordWarning());
    // "postgres" is the server's maintenance database (every tool connects there first):
    // a schema installed into it by a stray dbname=postgres is easy to miss and hard to
    // undo, so installing it there (or bringing it up to date) needs the flag that says it is
    // meant, on every way in: a GUI start shows the refusal in a dialog (issue 17 item 8).
    if (QSqlQuery current(connection.database());
        current.exec(QStringLiteral("SELECT current_database()")) && current.next()
        && current.value(0).toString() == QLatin1String("postgres")
        && Migrator::currentVersion(connection.database()) < Migrator::latestVersion()) {
        if (!line->allowMaintenanceDatabase) {
            return failWith(
                Main::tr("%1 is the maintenance database \"postgres\"; the schema belongs "
                         "in a database of its own (createdb dispatch). Add "
                         "--allow-maintenance-db to install it there anyway.")
                    .arg(settings.redacted()));
        }
        printLine(stderr,
                  Main::tr("dispatch-console: warning: installing the schema into the "
                           "maintenance database \"postgres\" (--allow-maintenance-db)."));
    }
    const Migrator::Result migration = Migrator::migrate(connection.database());
    if (!migration.ok)
        return failWith(migration.error);
    if (line->demoOrders > 0 && !addDemoData(connection.database(), line->demoOrders, &error))
        return failWith(Main::tr("Could not add demo data: %1").arg(error));

    // The driver HTTP API (app/http/servecommand.h).
    if (line->action == CommandLine::Action::Serve) {
        const auto serveOptions = [](const CommandLine &from) {
            ServeOptions serve;
            serve.address = QHostAddress(from.listenHost);
            serve.port = quint16(from.listenPort);
            serve.workers = from.workers;
            serve.queueLimit = from.queueLimit;
            serve.accessLogFile = from.accessLogFile;
            serve.rateLimit.perSecond = from.rateLimit;
            serve.rateLimit.burst = from.rateBurst;
            return serve;
        };
        // SIGHUP: the same command line, and so its --config file, read again.
        const auto reread = [arguments, serveOptions](ServeOptions *options, QString *why) {
            const auto again = CommandLine::parse(arguments, why);
            if (again)
                *options = serveOptions(*again);
            return again.has_value();
        };
        if (localServer) {
            // What the network reaches runs as a login of dispatch_driver on our own cluster,
            // not as its superuser; the owner's connection only prepares that login.
            if (!LocalPostgres::ensureLogin(connection.database(), LocalPostgres::driverApiLogin(),
                                            { QStringLiteral("dispatch_driver") }, &error))
                return failWith(error);
            settings = localServer->settings(LocalPostgres::driverApiLogin());
        }
        connection.close();
        DriverApiService service(settings, serveOptions(*line), reread);
        signalWatcher.handleSignalsItself();
        QObject::connect(&signalWatcher, &SignalWatcher::stopRequested, &service,
                         &DriverApiService::stop);
        QObject::connect(&signalWatcher, &SignalWatcher::reloadRequested, &service,
                         &DriverApiService::reload);
        return service.run();
    }
    if (line->action == CommandLine::Action::IssueToken
        || line->action == CommandLine::Action::RevokeToken) {
        return runToken(connection.database(), line->driverId,
                        line->action == CommandLine::Action::RevokeToken);
    }

    if (line->action == CommandLine::Action::Maintain) {
        const HistoryMaintenance::Result done
            = HistoryMaintenance::run(connection.database(), line->keep);
        if (!done.ok)
            return failWith(done.error);
        for (const HistoryMaintenance::Step &step : done.steps) {
            printLine(stdout,
                      step.rows < 0
                          ? QStringLiteral("%1 %2").arg(step.action, step.relation)
                          : Main::tr("%1 %2 (%n row(s))", nullptr,
                                     int(qMin<qint64>(step.rows, std::numeric_limits<int>::max())))
                                .arg(step.action, step.relation));
        }
        if (done.steps.isEmpty())
            printLine(stdout, Main::tr("History is up to date: nothing to create or drop."));
        return 0;
    }

    if (headless) {
        printLine(stdout,
                  Main::tr("Schema at version %1 (%2 applied now) on %3.")
                      .arg(migration.toVersion)
                      .arg(migration.applied.size())
                      .arg(settings.redacted()));
        return 0;
    }

    // 3. On our own cluster the console is not its superuser: the owner's setup connection
    // marks this private database for training (a trainer login may not, sql/018) and
    // prepares the console's login (dispatcher, support, trainer) and the driver API's
    // (the menu's API is what the network reaches, as `serve` is). A URL's login is the
    // user's own, unchanged.
    std::optional<ConnectionSettings> driverApiSettings;
    if (localServer) {
        if (const QString failure = SimulationBoard::markTrainingDatabase(
                connection.database(), true, QStringLiteral("embedded default"));
            !failure.isEmpty())
            return failWith(failure);
        if (!LocalPostgres::ensureLogin(connection.database(), LocalPostgres::consoleLogin(),
                                        LocalPostgres::consoleGroups(), &error)
            || !LocalPostgres::ensureLogin(connection.database(), LocalPostgres::driverApiLogin(),
                                           { QStringLiteral("dispatch_driver") }, &error))
            return failWith(error);
        settings = localServer->settings(LocalPostgres::consoleLogin());
        driverApiSettings = localServer->settings(LocalPostgres::driverApiLogin());
    }

    // 4. The support inspector alone, or the console (each opens its own connections).
    connection.close();
    if (line->inspectOrder > 0) {
        InspectorWindow inspector(settings);
        inspector.showOrder(line->inspectOrder);
        inspector.show();
        return app->exec();
    }
    return runConsoleWindow(settings,
                            trainingDatabase
                                ? Main::tr("embedded database %1").arg(settings.redacted())
                                : settings.redacted(),
                            trainingDatabase, driverApiSettings, listenSettings);
}

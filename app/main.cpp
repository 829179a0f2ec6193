// dispatch-console: the composition root. Parses the command line, finds or starts the
// database, migrates it, then opens the console (or exits, for --migrate-only).

#include "commandline.h"
#include "consolesession.h"
#include "databaseconnection.h"
#include "demodata.h"
#include "inspectorwindow.h"
#include "localpostgres.h"
#include "migrator.h"
#include "servecommand.h"
#include "signalwatcher.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTranslator>
#include <cstdio>
#include <memory>

namespace {

constexpr int kExitUsage = 2;

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

int failWith(const QString &line)
{
    printLine(stderr, QStringLiteral("dispatch-console: ") + line);
    return kExitUsage;
}

// The translation context of this file's messages ("main"), in a form lupdate can see.
struct Main
{
    Q_DECLARE_TR_FUNCTIONS(main)
};

// German (or any shipped language) by the system locale: the console's own messages from
// the resources, Qt's own (dialog buttons, shortcuts) from Qt's translations if installed.
void installTranslators(QCoreApplication *app)
{
    const QLocale locale = QLocale::system();
    auto *own = new QTranslator(app);
    if (own->load(locale, QStringLiteral("dispatch-console"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")))
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

    // 1. Where the database is: everything the user typed is checked before anything starts.
    ConnectionSettings settings;
    if (!line->databaseUrl.isEmpty()) {
        const auto parsed = ConnectionSettings::parse(line->databaseUrl, &error);
        if (!parsed)
            return failWith(error);
        settings = *parsed;
    }
    const bool headless = line->action == CommandLine::Action::MigrateOnly
        || line->action == CommandLine::Action::Serve
        || line->action == CommandLine::Action::IssueToken
        || line->action == CommandLine::Action::RevokeToken;
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
    QCoreApplication::setOrganizationName(QStringLiteral("dispatch-console"));
    QCoreApplication::setApplicationName(QStringLiteral("dispatch-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DISPATCH_VERSION));
    installTranslators(app.get());
    SignalWatcher signalWatcher;

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
    const Migrator::Result migration = Migrator::migrate(connection.database());
    if (!migration.ok)
        return failWith(migration.error);
    if (line->demoOrders > 0 && !addDemoData(connection.database(), line->demoOrders, &error))
        return failWith(Main::tr("Could not add demo data: %1").arg(error));

    // The driver HTTP API (app/http/servecommand.h).
    if (line->action == CommandLine::Action::Serve) {
        ServeOptions serve;
        serve.address = QHostAddress(line->listenHost);
        serve.port = quint16(line->listenPort);
        serve.workers = line->workers;
        serve.queueLimit = line->queueLimit;
        if (localServer) {
            // What the network reaches runs as a login of dispatch_driver on our own cluster,
            // not as its superuser; the owner's connection only prepares that login.
            if (!LocalPostgres::ensureLogin(connection.database(), LocalPostgres::driverApiLogin(),
                                            QStringLiteral("dispatch_driver"), &error))
                return failWith(error);
            connection.close();
            return runServe(localServer->settings(LocalPostgres::driverApiLogin()), serve);
        }
        return runServe(settings, serve);
    }
    if (line->action == CommandLine::Action::IssueToken
        || line->action == CommandLine::Action::RevokeToken) {
        return runToken(connection.database(), line->driverId,
                        line->action == CommandLine::Action::RevokeToken);
    }

    if (headless) {
        printLine(stdout,
                  Main::tr("Schema at version %1 (%2 applied now) on %3.")
                      .arg(migration.toVersion)
                      .arg(migration.applied.size())
                      .arg(settings.redacted()));
        return 0;
    }

    // 3. The support inspector alone, or the console (each opens its own connections).
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
                            trainingDatabase);
}

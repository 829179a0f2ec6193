// The dispatch-console executable as a newcomer meets it: --help, bad input, no server
// programs, an unreachable server (one clear line each, exit code 2, nothing written),
// and the embedded default's life cycle: started, reused, stopped on SIGTERM, adopted
// after a crash.

#include "testcluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runConsole(const QStringList &arguments, const QProcessEnvironment &extra = {},
               int timeoutMs = 120000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(DISPATCH_CONSOLE_PATH), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromUtf8(process.readAllStandardOutput()),
             QString::fromUtf8(process.readAllStandardError()) };
}

bool serverRunningIn(const QString &base)
{
    return QFile::exists(base + QStringLiteral("/pgdata/postmaster.pid"));
}

// The console with its window (offscreen), started in the background.
void startWindowed(QProcess &console, const QStringList &arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    console.setProcessEnvironment(env);
    console.start(QStringLiteral(DISPATCH_CONSOLE_PATH), arguments);
}

// The console prints one line on stdout once its window is up.
bool waitForWindow(QProcess &console)
{
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 90000 && console.state() == QProcess::Running) {
        console.waitForReadyRead(500);
        out += console.readAllStandardOutput();
        if (out.contains("console open"))
            return true;
    }
    qWarning("console output: %s / %s", out.constData(),
             console.readAllStandardError().constData());
    return false;
}

QString serverLog(const QString &base)
{
    QFile log(base + QStringLiteral("/run/server.log"));
    return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll().right(2000))
                                         : QStringLiteral("(no log)");
}

// The console started as from a desktop launcher, on a real X server (Xvfb, a display of its
// own) whose windows xdotool sees: it waits for the "cannot start" dialog and answers it with
// Return, the way a person would. problem: why the run could not be watched (empty if it was).
struct GuiRun
{
    QString problem;
    bool dialog = false;
    int exitCode = -1;
    QString err;
};

GuiRun runConsoleOnAScreen(const QStringList &arguments, const QString &runtimeDir)
{
    GuiRun run;
    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
    const QString xdotool = QStandardPaths::findExecutable(QStringLiteral("xdotool"));
    QProcess server;
    // -displayfd: the server picks a free display and tells us which.
    server.start(xvfb,
                 { QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                   QStringLiteral("0"), QStringLiteral("1024x768x24"), QStringLiteral("-nolisten"),
                   QStringLiteral("tcp") });
    const auto stopServer = qScopeGuard([&server] {
        server.terminate();
        if (!server.waitForFinished(10000))
            server.kill();
    });
    QByteArray number;
    QElapsedTimer timer;
    timer.start();
    while (server.waitForStarted() && !number.contains('\n') && timer.elapsed() < 60000
           && server.state() == QProcess::Running) {
        server.waitForReadyRead(500);
        number += server.readAllStandardOutput();
    }
    if (!number.contains('\n')) {
        run.problem = QStringLiteral("Xvfb: ") + QString::fromUtf8(server.readAllStandardError());
        return run;
    }
    const QString display = QLatin1Char(':') + QString::fromLatin1(number.trimmed());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("DISPLAY"), display);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    // What a desktop session has; without it Qt adds a warning line of its own.
    QDir().mkpath(runtimeDir);
    QFile::setPermissions(runtimeDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    QProcess console;
    console.setProcessEnvironment(env);
    console.start(QStringLiteral(DISPATCH_CONSOLE_PATH), arguments);
    const auto stopConsole = qScopeGuard([&console] {
        if (console.state() != QProcess::NotRunning) {
            console.kill();
            console.waitForFinished();
        }
    });
    if (!console.waitForStarted()) {
        run.problem = QStringLiteral("the console did not start");
        return run;
    }

    const auto xdo = [&](const QStringList &xdoArguments) {
        QProcess tool;
        QProcessEnvironment toolEnv = QProcessEnvironment::systemEnvironment();
        toolEnv.insert(QStringLiteral("DISPLAY"), display);
        tool.setProcessEnvironment(toolEnv);
        tool.start(xdotool, xdoArguments);
        if (!tool.waitForFinished(30000))
            tool.kill();
        return QString::fromUtf8(tool.readAllStandardOutput()).trimmed();
    };
    QString window;
    QByteArray err;
    timer.restart();
    while (window.isEmpty() && timer.elapsed() < 90000 && console.state() == QProcess::Running) {
        err += console.readAllStandardError();
        window = xdo({ QStringLiteral("search"), QStringLiteral("--name"),
                       QStringLiteral("cannot start") })
                     .section(QLatin1Char('\n'), 0, 0);
        if (window.isEmpty())
            QTest::qWait(200); // polling for the window, bounded above
    }
    run.dialog = !window.isEmpty();
    if (run.dialog) {
        xdo({ QStringLiteral("windowfocus"), QStringLiteral("--sync"), window });
        xdo({ QStringLiteral("key"), QStringLiteral("Return") });
    }
    if (!console.waitForFinished(60000)) {
        run.problem = QStringLiteral("the console did not exit; it said: ")
            + QString::fromUtf8(err + console.readAllStandardError());
        return run;
    }
    run.exitCode = console.exitStatus() == QProcess::NormalExit ? console.exitCode() : -1;
    run.err = QString::fromUtf8(err + console.readAllStandardError());
    return run;
}

bool canWatchAScreen()
{
    return !QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("xdotool")).isEmpty();
}

} // namespace

class CommandLineTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpNamesEveryOption();
    void badInputGetsOneClearLine_data();
    void badInputGetsOneClearLine();
    void missingServerProgramsNameThePackage();
    void unreachableServerGetsOneClearLine();
    void unreachableServerAtGuiStartShowsADialog();
    void migrateOnlyStartsMigratesSeedsAndStops();
    void migrateOnlyIntoTheMaintenanceDatabaseNeedsAFlag();
    void sigtermStopsTheEmbeddedServer();
    void embeddedConsoleConnectsAsANonSuperuserDispatcherSupportAndTrainer();
    void serverLeftByACrashIsAdoptedAndStopped();

private:
    QTemporaryDir m_dir { QStringLiteral("/tmp/dispatch-cli-XXXXXX") };
};

void CommandLineTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The postgres account (tests run as root in CI) must reach directories inside.
    QFile::setPermissions(m_dir.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ExeOther);
}

void CommandLineTest::helpNamesEveryOption()
{
    const Run run = runConsole({ QStringLiteral("--help") });
    QCOMPARE(run.exitCode, 0);
    for (const char *option :
         { "--database", "--data-dir", "--demo-data", "--migrate-only", "--version" })
        QVERIFY2(run.out.contains(QLatin1String(option)), option);
    const Run version = runConsole({ QStringLiteral("--version") });
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith(QStringLiteral("dispatch-console ")));
}

void CommandLineTest::badInputGetsOneClearLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const auto row = [](const char *name, QStringList args, const char *mentions) {
        QTest::newRow(name) << args << QString::fromUtf8(mentions);
    };
    row("unknown option", { QStringLiteral("--frobnicate") }, "frobnicate");
    row("stray argument", { QStringLiteral("orders") }, "orders");
    row("demo data not a number", { QStringLiteral("--demo-data"), QStringLiteral("many") },
        "--demo-data");
    row("demo data negative", { QStringLiteral("--demo-data=-5") }, "--demo-data");
    row("demo data too big", { QStringLiteral("--demo-data"), QStringLiteral("99999999999") },
        "--demo-data");
    row("empty database url", { QStringLiteral("--database"), QString() }, "--database");
    row("database not a url", { QStringLiteral("--database"), QStringLiteral("my-server") },
        "postgresql://");
    row("database http url", { QStringLiteral("--database"), QStringLiteral("http://x/y") },
        "postgresql://");
    row("database bad port",
        { QStringLiteral("--database"), QStringLiteral("postgresql://u:hunter2@h:99999/d") },
        "port");
    row("database bad escape in password",
        { QStringLiteral("--database"), QStringLiteral("postgresql://u:hun%zzter2@h/d") },
        "not valid");
    row("database injection",
        { QStringLiteral("--database"), QStringLiteral("'; DROP TABLE orders; --") },
        "postgresql://");
    row("both database and data dir",
        { QStringLiteral("--database"), QStringLiteral("host=x"), QStringLiteral("--data-dir"),
          QStringLiteral("/tmp/x") },
        "--data-dir");
    row("empty data dir", { QStringLiteral("--data-dir"), QString() }, "--data-dir");
    // --listen-database (issue 15): beside --database, for the console's listener only, and
    // read as carefully (its password never echoed).
    row("listen database alone", { QStringLiteral("--listen-database"), QStringLiteral("host=x") },
        "--listen-database");
    row("listen database empty",
        { QStringLiteral("--database"), QStringLiteral("host=x"),
          QStringLiteral("--listen-database"), QString() },
        "--listen-database");
    row("listen database with serve",
        { QStringLiteral("serve"), QStringLiteral("--database"), QStringLiteral("host=x"),
          QStringLiteral("--listen-database"), QStringLiteral("host=y") },
        "--listen-database");
    row("listen database not a url",
        { QStringLiteral("--database"), QStringLiteral("host=x"),
          QStringLiteral("--listen-database"), QStringLiteral("postgresql://u:hunter2@h:99999/d") },
        "port");
}

void CommandLineTest::badInputGetsOneClearLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    arguments << QStringLiteral("--migrate-only");
    const Run run = runConsole(arguments);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1); // exactly one line
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("hunter2"))
                 && !run.err.contains(QStringLiteral("ter2")),
             qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void CommandLineTest::missingServerProgramsNameThePackage()
{
    const QString base = m_dir.filePath(QStringLiteral("no-binaries"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("DISPATCH_PG_BINDIR"), QStringLiteral("/nonexistent/bin"));
    const Run run
        = runConsole({ QStringLiteral("--data-dir"), base, QStringLiteral("--migrate-only") }, env);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(run.err.contains(QStringLiteral("apt-get install postgresql")), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(base)); // nothing written
}

void CommandLineTest::unreachableServerGetsOneClearLine()
{
    const Run run = runConsole(
        { QStringLiteral("--database"),
          QStringLiteral("postgresql://dispatch:hunter2@127.0.0.1:1/dispatch?connect_timeout=3"),
          QStringLiteral("--migrate-only") });
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(run.err.contains(QStringLiteral("Cannot connect")), qPrintable(run.err));
    QVERIFY(!run.err.contains(QStringLiteral("hunter2")));
}

void CommandLineTest::unreachableServerAtGuiStartShowsADialog()
{
    // Started from a desktop launcher there is no terminal: the failure must be a window.
    // The stderr line and exit code 2 stay as they were for scripts.
    if (!canWatchAScreen())
        QSKIP("needs Xvfb and xdotool (scripts/bootstrap.sh installs them)");
    const GuiRun run = runConsoleOnAScreen(
        { QStringLiteral("--database"),
          QStringLiteral("postgresql://dispatch:hunter2@127.0.0.1:1/dispatch?connect_timeout=3") },
        m_dir.filePath(QStringLiteral("xdg-runtime")));
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QVERIFY2(run.dialog, qPrintable(QStringLiteral("no dialog; the console said: ") + run.err));
    // Still the one line on stderr, written before the dialog.
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.count(QLatin1Char('\n')) == 1, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Cannot connect")), qPrintable(run.err));
    QVERIFY(!run.err.contains(QStringLiteral("hunter2")));
}

void CommandLineTest::migrateOnlyStartsMigratesSeedsAndStops()
{
    const QString base = m_dir.filePath(QStringLiteral("embedded"));
    const Run first
        = runConsole({ QStringLiteral("--data-dir"), base, QStringLiteral("--migrate-only"),
                       QStringLiteral("--demo-data"), QStringLiteral("25") });
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY2(first.out.contains(QStringLiteral("Schema at version")), qPrintable(first.out));
    QVERIFY(QFileInfo::exists(base + QStringLiteral("/pgdata/PG_VERSION")));
    QVERIFY(!serverRunningIn(base)); // stopped on exit

    // Reused, not re-created: the schema is already there.
    const Run second
        = runConsole({ QStringLiteral("--data-dir"), base, QStringLiteral("--migrate-only") });
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QVERIFY2(second.out.contains(QStringLiteral("(0 applied now)")), qPrintable(second.out));
    QVERIFY(!serverRunningIn(base));
}

// Issue 17 item 8: dbname=postgres is the server's maintenance database; installing the
// schema there is refused (one line naming the flag, nothing installed) unless
// --allow-maintenance-db says it is meant, and then it warns. The same for every way in: a GUI
// start gets the refusal as a dialog, not a silent install; `serve` too. Once the schema is
// there (nothing left to install), the console opens on it without the flag.
void CommandLineTest::migrateOnlyIntoTheMaintenanceDatabaseNeedsAFlag()
{
    TestCluster cluster;
    QVERIFY2(cluster.start(), qPrintable(cluster.errorString()));
    ConnectionSettings maintenance = cluster.server().settings();
    maintenance.setDatabase(QStringLiteral("postgres"));
    const QString url = maintenance.toConnectionString();
    const auto schemaInstalled = [&maintenance] {
        DatabaseConnection connection(maintenance, QStringLiteral("check"));
        if (connection.open().isValid())
            return true; // unreachable: do not pass the test by accident
        QSqlQuery query(connection.database());
        return !query.exec(QStringLiteral("SELECT coalesce(to_regclass('dispatch.orders'),"
                                          " to_regclass('public.orders')) IS NOT NULL"))
            || !query.next() || query.value(0).toBool();
    };

    const Run refused
        = runConsole({ QStringLiteral("--database"), url, QStringLiteral("--migrate-only") });
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(refused.err.contains(QStringLiteral("--allow-maintenance-db")),
             qPrintable(refused.err));
    QVERIFY(!schemaInstalled());

    const Run serve = runConsole({ QStringLiteral("--database"), url, QStringLiteral("serve"),
                                   QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
    QCOMPARE(serve.exitCode, 2);
    QVERIFY2(serve.err.contains(QStringLiteral("--allow-maintenance-db")), qPrintable(serve.err));
    QVERIFY(!schemaInstalled());

    if (canWatchAScreen()) {
        const GuiRun gui = runConsoleOnAScreen({ QStringLiteral("--database"), url },
                                               m_dir.filePath(QStringLiteral("xdg-runtime")));
        QVERIFY2(gui.problem.isEmpty(), qPrintable(gui.problem));
        QVERIFY2(gui.dialog, qPrintable(QStringLiteral("no dialog; the console said: ") + gui.err));
        QCOMPARE(gui.exitCode, 2);
        QVERIFY2(gui.err.contains(QStringLiteral("--allow-maintenance-db")), qPrintable(gui.err));
        QVERIFY(!schemaInstalled());
    } else {
        qWarning("GUI start not checked: needs Xvfb and xdotool (scripts/bootstrap.sh)");
    }

    const Run meant
        = runConsole({ QStringLiteral("--database"), url, QStringLiteral("--migrate-only"),
                       QStringLiteral("--allow-maintenance-db") });
    QVERIFY2(meant.exitCode == 0, qPrintable(meant.err));
    QVERIFY2(meant.err.contains(QStringLiteral("warning")), qPrintable(meant.err));
    QVERIFY(schemaInstalled());

    // Nothing left to install: the console opens there without the flag, and says nothing.
    QProcess console;
    startWindowed(console, { QStringLiteral("--database"), url });
    const auto stopConsole = qScopeGuard([&console] {
        console.terminate();
        if (!console.waitForFinished(30000))
            console.kill();
    });
    QVERIFY(console.waitForStarted());
    QVERIFY2(waitForWindow(console),
             qPrintable(QStringLiteral("exit %1: %2")
                            .arg(console.exitCode())
                            .arg(QString::fromUtf8(console.readAllStandardError()))));
    QVERIFY2(!console.readAllStandardError().contains("maintenance"), "warned with nothing to do");
}

void CommandLineTest::sigtermStopsTheEmbeddedServer()
{
    const QString base = m_dir.filePath(QStringLiteral("sigterm"));
    QProcess console;
    startWindowed(console,
                  { QStringLiteral("--data-dir"), base, QStringLiteral("--demo-data"),
                    QStringLiteral("10") });
    QVERIFY(console.waitForStarted());
    QVERIFY(waitForWindow(console));
    QVERIFY(serverRunningIn(base));
    ::kill(pid_t(console.processId()), SIGTERM);
    QVERIFY(console.waitForFinished(30000));
    QCOMPARE(console.exitStatus(), QProcess::NormalExit);
    QVERIFY(!serverRunningIn(base));
}

void CommandLineTest::embeddedConsoleConnectsAsANonSuperuserDispatcherSupportAndTrainer()
{
    // Issue 12 item 6: on its own cluster the console is a login of its group roles, not the
    // cluster's superuser; the owner's setup connection marked the database for training.
    const QString base = m_dir.filePath(QStringLiteral("console-login"));
    QProcess console;
    startWindowed(console,
                  { QStringLiteral("--data-dir"), base, QStringLiteral("--demo-data"),
                    QStringLiteral("10") });
    const auto stop = qScopeGuard([&console] {
        ::kill(pid_t(console.processId()), SIGTERM);
        if (!console.waitForFinished(30000))
            console.kill();
    });
    QVERIFY(console.waitForStarted());
    QVERIFY(waitForWindow(console));

    // As the cluster's owner, over the same socket: who the console's sessions are.
    const LocalPostgres::Options defaults;
    DatabaseConnection owner(
        ConnectionSettings::localSocket(base + QStringLiteral("/run"), defaults.port,
                                        LocalPostgres::superuser(), defaults.database),
        QStringLiteral("test-owner"));
    QVERIFY2(!owner.open().isValid(), qPrintable(serverLog(base)));
    const auto sessions = [&owner] {
        QSqlQuery query(owner.database());
        query.exec(QStringLiteral(
            "SELECT a.application_name, a.usename, r.rolsuper,"
            "       pg_has_role(a.usename, 'dispatch_dispatcher', 'MEMBER')"
            "   AND pg_has_role(a.usename, 'dispatch_support', 'MEMBER')"
            "   AND pg_has_role(a.usename, 'dispatch_trainer', 'MEMBER')"
            "  FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename"
            " WHERE a.application_name LIKE 'dispatch-console/%' AND a.pid <> pg_backend_pid()"
            " ORDER BY 1"));
        QStringList rows;
        while (query.next()) {
            rows << QStringLiteral("%1 as %2 (superuser: %3, in all three roles: %4)")
                        .arg(query.value(0).toString(), query.value(1).toString(),
                             query.value(2).toString(), query.value(3).toString());
        }
        return rows;
    };
    // The GUI connection and the change listener, at least, are up with the window.
    QTRY_VERIFY_WITH_TIMEOUT(sessions().size() >= 2, 30000);
    const QStringList rows = sessions();
    qInfo("%s", qPrintable(rows.join(QStringLiteral("; "))));
    for (const QString &row : rows) {
        QVERIFY2(row.contains(QLatin1String(" as dispatch_console (superuser: false, in all three"
                                            " roles: true)")),
                 qPrintable(row));
    }
    QSqlQuery flag(owner.database());
    QVERIFY(flag.exec(QStringLiteral("SELECT is_training, marked_by FROM training_settings")));
    QVERIFY(flag.next());
    QVERIFY(flag.value(0).toBool());
    QCOMPARE(flag.value(1).toString(), QStringLiteral("embedded default"));
    // What the console read as that login, it was allowed to (the boards, the drivers).
    QFile log(base + QStringLiteral("/run/server.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray logged = log.readAll();
    QVERIFY2(!logged.contains("permission denied"), logged.right(2000).constData());
}

void CommandLineTest::serverLeftByACrashIsAdoptedAndStopped()
{
    const QString base = m_dir.filePath(QStringLiteral("crash"));
    QProcess console;
    startWindowed(console, { QStringLiteral("--data-dir"), base });
    QVERIFY(console.waitForStarted());
    QVERIFY(waitForWindow(console));
    console.kill(); // SIGKILL: no chance to stop the server
    QVERIFY(console.waitForFinished(10000));
    QVERIFY2(serverRunningIn(base), qPrintable(serverLog(base))); // left behind

    const Run next
        = runConsole({ QStringLiteral("--data-dir"), base, QStringLiteral("--migrate-only") });
    QVERIFY2(next.exitCode == 0, qPrintable(next.err));
    QVERIFY(!serverRunningIn(base)); // adopted, then stopped as ours
}

QTEST_GUILESS_MAIN(CommandLineTest)
#include "tst_commandline.moc"

// Least privilege and secrets (issue 8, case 8). LOGIN roles in the group roles of
// sql/008 (dispatch_support, dispatch_dispatcher, dispatch_driver) are refused what they
// must not do with SQLSTATE 42501 and nothing changes; what they may do works (a driver
// login claims through OrderRepository::claim, a dispatcher login claims, releases, holds
// and reassigns through the SECURITY DEFINER functions). Every SECURITY DEFINER function
// in public pins search_path and is not executable by PUBLIC. No secret (password, token)
// in the console's stderr, in the embedded server's environment or argv, or in QSettings.
#include "assignedordersmodel.h"
#include "assignmentservice.h"
#include "connectiondialog.h"
#include "driverapi.h"
#include "driversmodel.h"
#include "drivertokens.h"
#include "mainwindow.h"
#include "migrator.h"
#include "orderrepository.h"
#include "outcomelogmodel.h"
#include "readyordersmodel.h"
#include "testcluster.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTimer>
#include <pwd.h>
#include <unistd.h>

namespace {

// Runs a program (as the postgres account when root), merged output; -1 if it did not run.
int runAsServerAccount(const QString &program, const QStringList &arguments, QString *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(QStringLiteral("/"));
    if (::geteuid() == 0)
        process.start(QStringLiteral("runuser"),
                      QStringList { QStringLiteral("-u"), QStringLiteral("postgres"),
                                    QStringLiteral("--"), program }
                          + arguments);
    else
        process.start(program, arguments);
    if (!process.waitForFinished(90000)) {
        process.kill();
        process.waitForFinished();
    }
    *output = QString::fromLocal8Bit(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void chownToPostgres(const QString &path)
{
    if (::geteuid() != 0)
        return;
    if (const passwd *account = ::getpwnam("postgres"))
        QVERIFY(::chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid)
                == 0);
}

const QByteArray kSecret = "Sup3rSecret";

QByteArray readProcFile(qint64 pid, const char *name)
{
    QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class FaultPrivilegesTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void refusedWith42501AndNothingChanges_data();
    void refusedWith42501AndNothingChanges();
    void driverLoginClaimsThroughTheRepository();
    void dispatcherLoginWorksOnlyThroughTheFunctions();
    void httpServerAsDriverLogin();
    void driverLoginStartsOnlyOnACurrentSchema();
    void securityDefinerFunctionsPinSearchPathAndAreNotPublic();
    void noPasswordOnTheConsolesStderr_data();
    void noPasswordOnTheConsolesStderr();
    void embeddedServerInheritsNoPassword();
    void connectionDialogNeverStoresThePassword_data();
    void connectionDialogNeverStoresThePassword();
    void verifyFullRefusesAWrongHostName();

private:
    ConnectionSettings login(const QString &role) const;
    QString snapshot();

    TestCluster m_cluster;
    qint64 m_order = 0;
    qint64 m_driver = 0;
    qint64 m_otherDriver = 0;
};

void FaultPrivilegesTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("privileges"));
    for (const char *group : { "support", "dispatcher", "driver" }) {
        const QString role = QStringLiteral("fault_%1").arg(QLatin1String(group));
        // Plain exec: DDL cannot be PREPAREd (TestCluster::exec prepares).
        auto connection = m_cluster.connect(QStringLiteral("roles"));
        QSqlQuery ddl(connection->database());
        QVERIFY_SQL(ddl, exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role)));
        QVERIFY_SQL(ddl,
                    exec(QStringLiteral("CREATE ROLE %1 LOGIN IN ROLE dispatch_%2")
                             .arg(role, QLatin1String(group))));
    }
    m_order = m_cluster.addReadyOrder(QStringLiteral("Privileged Customer"));
    m_driver = m_cluster.addDriver(QStringLiteral("Least Privilege"));
    m_otherDriver = m_cluster.addDriver(QStringLiteral("Other Driver"));
}

void FaultPrivilegesTest::cleanupTestCase() { }

ConnectionSettings FaultPrivilegesTest::login(const QString &role) const
{
    const ConnectionSettings admin = m_cluster.settings();
    return ConnectionSettings::localSocket(admin.host(), admin.port(), role, admin.database());
}

QString FaultPrivilegesTest::snapshot()
{
    return m_cluster
        .scalar(QStringLiteral(
            "SELECT (SELECT count(*) FROM orders) || '/' || (SELECT count(*) FROM drivers)"
            " || '/' || (SELECT count(*) FROM claim_attempts) || '/'"
            " || (SELECT count(*) FROM order_history) || '/'"
            " || (SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM orders o) || '/'"
            " || (SELECT md5(string_agg(d::text, '|' ORDER BY id)) FROM drivers d)"))
        .toString();
}

void FaultPrivilegesTest::refusedWith42501AndNothingChanges_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("sql"); // {order}, {driver}, {other}

    const auto row = [](const char *role, const char *sql) {
        QTest::newRow(qPrintable(
            QStringLiteral("%1: %2").arg(QLatin1String(role), QLatin1String(sql).left(60))))
            << QStringLiteral("fault_%1").arg(QLatin1String(role)) << QString::fromLatin1(sql);
    };
    // support: reads, writes nothing, calls no writing function, sees no token hash.
    row("support", "UPDATE orders SET customer = 'x' WHERE id = {order}");
    row("support",
        "INSERT INTO orders (status, customer, pickup, dropoff, total) "
        "VALUES ('ready', 'x', 'a', 'b', 1)");
    row("support", "DELETE FROM orders WHERE id = {order}");
    row("support", "DELETE FROM order_history");
    row("support", "SELECT * FROM claim_order({order}, {driver}, 'sql', 'support')");
    row("support", "SELECT * FROM release_order({order}, {driver}, 'sql', 'support')");
    row("support", "SELECT * FROM hold_order({order}, 'support', 30)");
    row("support", "SELECT * FROM reassign_order({order}, {driver}, {other}, 'sql', 's', 'r')");
    row("support", "SELECT api_token_hash FROM drivers");
    // driver: the board and its own claims only.
    row("driver", "UPDATE orders SET driver_id = {driver}, status = 'assigned' WHERE id = {order}");
    row("driver", "DELETE FROM orders WHERE id = {order}");
    row("driver",
        "INSERT INTO claim_attempts (order_id, driver_id, source, outcome) "
        "VALUES ({order}, {driver}, 'sql', 'ASSIGNED')");
    row("driver", "SELECT * FROM reassign_order({order}, {driver}, {other}, 'sql', 'd', 'r')");
    row("driver", "SELECT * FROM hold_order({order}, 'driver', 30)");
    row("driver", "SELECT unhold_order({order}, 'driver')");
    row("driver", "SELECT api_token_hash FROM drivers");
    row("driver", "SELECT * FROM order_history");
    // Hashes only through driver_for_token() (sql/010), one hash at a time.
    row("driver", "SELECT id, is_active FROM drivers WHERE api_token_hash = '\\x00'::bytea");
    row("support", "SELECT * FROM driver_for_token('\\x00'::bytea)");
    row("dispatcher", "SELECT * FROM driver_for_token('\\x00'::bytea)");
    row("driver", "UPDATE drivers SET is_active = true");
    // dispatcher: changes orders only through the atomic functions.
    row("dispatcher",
        "UPDATE orders SET driver_id = {driver}, status = 'assigned' "
        "WHERE id = {order}");
    row("dispatcher", "DELETE FROM orders WHERE id = {order}");
    row("dispatcher", "SELECT api_token_hash FROM drivers");
    row("dispatcher", "UPDATE drivers SET api_token_hash = NULL");
    row("dispatcher", "DELETE FROM order_history");
    row("dispatcher", "SELECT * FROM http_idempotency_begin({driver}, 'k')");
    row("dispatcher", "TRUNCATE orders");
}

void FaultPrivilegesTest::refusedWith42501AndNothingChanges()
{
    QFETCH(QString, role);
    QFETCH(QString, sql);
    sql.replace(QLatin1String("{order}"), QString::number(m_order));
    sql.replace(QLatin1String("{driver}"), QString::number(m_driver));
    sql.replace(QLatin1String("{other}"), QString::number(m_otherDriver));

    const QString before = snapshot();
    DatabaseConnection connection(login(role), QStringLiteral("fault-privileges"));
    {
        const QSqlError opened = connection.open();
        QVERIFY2(!opened.isValid(), qPrintable(DatabaseConnection::describe(opened)));
    }
    QSqlQuery query(connection.database());
    QVERIFY2(!query.exec(sql), qPrintable(sql));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QCOMPARE(snapshot(), before);
}

void FaultPrivilegesTest::driverLoginClaimsThroughTheRepository()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Driver Claim"));
    DatabaseConnection connection(login(QStringLiteral("fault_driver")), QStringLiteral("driver"));
    {
        const QSqlError opened = connection.open();
        QVERIFY2(!opened.isValid(), qPrintable(DatabaseConnection::describe(opened)));
    }
    OrderRepository repository(connection);
    const ClaimOutcome won = repository.claim(order, m_driver, ClaimSource::Http,
                                              QStringLiteral("driver:%1").arg(m_driver));
    QCOMPARE(int(won.code), int(OutcomeCode::Assigned));
    const ClaimOutcome lost = repository.claim(order, m_otherDriver, ClaimSource::Http);
    QCOMPARE(int(lost.code), int(OutcomeCode::AlreadyAssigned));
    QCOMPARE(int(repository.release(order, m_driver, ClaimSource::Http).code),
             int(OutcomeCode::Released));
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                 .toString(),
             QStringLiteral("ready"));
}

void FaultPrivilegesTest::dispatcherLoginWorksOnlyThroughTheFunctions()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Dispatcher Claim"));
    DatabaseConnection connection(login(QStringLiteral("fault_dispatcher")),
                                  QStringLiteral("dispatcher"));
    {
        const QSqlError opened = connection.open();
        QVERIFY2(!opened.isValid(), qPrintable(DatabaseConnection::describe(opened)));
    }
    OrderRepository repository(connection);
    QCOMPARE(int(repository.hold(order, QStringLiteral("console:fault"), 30).code),
             int(OutcomeCode::Held));
    QSqlQuery unhold(connection.database());
    QVERIFY_SQL(unhold,
                exec(QStringLiteral("SELECT unhold_order(%1, 'console:fault')").arg(order)));
    QCOMPARE(
        int(repository.claim(order, m_driver, ClaimSource::Console, QStringLiteral("console:fault"))
                .code),
        int(OutcomeCode::Assigned));
    QCOMPARE(int(repository
                     .reassign(order, m_driver, m_otherDriver, ClaimSource::Console,
                               QStringLiteral("console:fault"), QStringLiteral("test"))
                     .code),
             int(OutcomeCode::Reassigned));
    QCOMPARE(int(repository.release(order, m_otherDriver, ClaimSource::Console).code),
             int(OutcomeCode::Released));
    QCOMPARE(
        m_cluster
                .scalar(QStringLiteral("SELECT count(*) FROM order_history WHERE order_id = ?"),
                        { order })
                .toInt()
            > 0,
        true);
}

void FaultPrivilegesTest::httpServerAsDriverLogin()
{
    // Issue 8: "the HTTP server and simulated drivers connect as dispatch_driver". The token
    // lookup goes through sql/010's driver_for_token(), the Idempotency-Key through 005's
    // functions: every route a driver app uses works on this login.
    auto admin = m_cluster.connect(QStringLiteral("tokens"));
    const QString token = DriverTokens::issue(admin->database(), m_driver).token;
    QVERIFY(!token.isEmpty());
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Driver API Login"));
    QStringList log;
    DriverApi::Options options;
    options.port = 0;
    options.workers = 1;
    options.accessLog = [&log](const QString &line) {
        log.append(line);
    };
    DriverApi api(login(QStringLiteral("fault_driver")), options);
    QString error;
    QVERIFY2(api.start(&error), qPrintable(error));

    QNetworkAccessManager client;
    const auto send = [&](const QByteArray &verb, const QString &path, const QByteArray &bearer,
                          const QByteArray &key = {}) {
        QNetworkRequest request(QUrl(api.baseUrl() + path));
        request.setRawHeader("Authorization", "Bearer " + bearer);
        if (!key.isEmpty())
            request.setRawHeader("Idempotency-Key", key);
        std::unique_ptr<QNetworkReply> reply(client.sendCustomRequest(request, verb));
        QEventLoop loop;
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        qInfo("%s %s as fault_driver: %d %s", verb.constData(), qPrintable(path), status,
              body.left(160).constData());
        return std::pair { status, body };
    };

    const auto [listed, board]
        = send("GET", QStringLiteral("/api/driver/orders/available?limit=100"), token.toLatin1());
    QCOMPARE(listed, 200);
    QVERIFY(board.contains(QByteArray::number(order)));
    QVERIFY(!board.contains(token.toLatin1()));

    const QString assign = QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    const auto [won, wonBody] = send("POST", assign, token.toLatin1(), "login-key-1");
    QCOMPARE(won, 200);
    const auto [replayed, replayBody] = send("POST", assign, token.toLatin1(), "login-key-1");
    QCOMPARE(replayed, 200);
    QCOMPARE(replayBody, wonBody);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        m_driver);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"),
                         { order })
                 .toInt(),
             1);

    // An unknown token is still a 401, not a database error.
    const auto [refused, refusal] = send("POST", assign, QByteArray(43, 'A'));
    QCOMPARE(refused, 401);
    QVERIFY2(refusal.contains("UNAUTHORIZED"), refusal.constData());

    for (const QString &line : std::as_const(log))
        QVERIFY2(!line.contains(token), qPrintable(line));
}

void FaultPrivilegesTest::driverLoginStartsOnlyOnACurrentSchema()
{
    // Up to date: the driver login "migrates" without a lock or any DDL.
    DatabaseConnection driver(login(QStringLiteral("fault_driver")), QStringLiteral("migrate"));
    QVERIFY(!driver.open().isValid());
    const QString before = snapshot();
    const Migrator::Result current = Migrator::migrate(driver.database());
    QVERIFY2(current.ok, qPrintable(current.error));
    QVERIFY(current.applied.isEmpty());
    QCOMPARE(current.fromVersion, Migrator::latestVersion());

    // Behind: one clear sentence, and nothing changes.
    const int latest = Migrator::latestVersion();
    m_cluster.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version = ?"), { latest });
    const auto restore = qScopeGuard([&] {
        m_cluster.exec(QStringLiteral("INSERT INTO schema_migrations (version, name) "
                                      "VALUES (?, ?)"),
                       { latest, Migrator::bundled().constLast().name });
    });
    const Migrator::Result behind = Migrator::migrate(driver.database());
    QVERIFY(!behind.ok);
    qInfo("driver login on an old schema: %s", qPrintable(behind.error));
    QVERIFY2(behind.error.contains(QLatin1String("--migrate-only")), qPrintable(behind.error));
    QVERIFY2(!behind.error.contains(QLatin1String("ERROR")), qPrintable(behind.error));
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT max(version) FROM schema_migrations")).toInt(),
             latest - 1);
    QCOMPARE(snapshot(), before);
}

void FaultPrivilegesTest::securityDefinerFunctionsPinSearchPathAndAreNotPublic()
{
    QSqlQuery query = m_cluster.exec(QStringLiteral(
        "SELECT p.oid::regprocedure::text, coalesce(array_to_string(p.proconfig, ','), ''),"
        "       has_function_privilege('public', p.oid, 'EXECUTE')"
        "  FROM pg_proc p WHERE p.prosecdef AND p.pronamespace = 'public'::regnamespace"
        " ORDER BY 1"));
    int functions = 0;
    while (query.next()) {
        ++functions;
        const QString name = query.value(0).toString();
        const QString config = query.value(1).toString();
        qInfo("%s [%s] public execute: %s", qPrintable(name), qPrintable(config),
              query.value(2).toBool() ? "yes" : "no");
        QVERIFY2(config.contains(QLatin1String("search_path=")), qPrintable(name));
        QVERIFY2(!config.contains(QLatin1String("search_path=\"$user\"")), qPrintable(name));
        QVERIFY2(!query.value(2).toBool(),
                 qPrintable(name + QLatin1String(" is executable by PUBLIC")));
    }
    QVERIFY(functions >= 8); // claim, release, hold, unhold, reassign, idempotency, token lookup
}

void FaultPrivilegesTest::noPasswordOnTheConsolesStderr_data()
{
    QTest::addColumn<QString>("database");
    QTest::newRow("URL, unreachable") << QStringLiteral("postgresql://u:Sup3rSecret@127.0.0.1:1/x");
    QTest::newRow("URL, bad port") << QStringLiteral("postgresql://u:Sup3rSecret@127.0.0.1:abc/x");
    QTest::newRow("URL, bad option")
        << QStringLiteral("postgresql://u:Sup3rSecret@127.0.0.1:1/x?sslmode=bogus");
    QTest::newRow("keywords, unreachable")
        << QStringLiteral("host=127.0.0.1 port=1 user=u password=Sup3rSecret dbname=x");
    QTest::newRow("keywords, unterminated quote")
        << QStringLiteral("host=127.0.0.1 password='Sup3rSecret dbname=x");
}

void FaultPrivilegesTest::noPasswordOnTheConsolesStderr()
{
    QFETCH(QString, database);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                  { QStringLiteral("--database"), database, QStringLiteral("--migrate-only") });
    QVERIFY(process.waitForFinished(30000));
    const QByteArray err = process.readAllStandardError();
    const QByteArray out = process.readAllStandardOutput();
    qInfo("%s", err.trimmed().left(300).constData());
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(!err.isEmpty());
    QVERIFY2(!err.contains(kSecret), err.constData());
    QVERIFY2(!out.contains(kSecret), out.constData());
}

void FaultPrivilegesTest::embeddedServerInheritsNoPassword()
{
    // PGPASSWORD (and any PG*) in our environment must not reach initdb, pg_ctl, postgres.
    const QByteArray saved = qgetenv("PGPASSWORD");
    qputenv("PGPASSWORD", kSecret);
    QTemporaryDir base;
    QVERIFY(base.isValid());
    QFile::setPermissions(base.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadOther | QFileDevice::ExeOther);
    LocalPostgres::Options options;
    options.baseDir = base.path();
    options.throwaway = true;
    LocalPostgres server(options);
    const bool started = server.start();
    if (saved.isNull())
        qunsetenv("PGPASSWORD");
    else
        qputenv("PGPASSWORD", saved);
    QVERIFY2(started, qPrintable(server.errorString()));

    QFile pidFile(server.dataDir() + QStringLiteral("/postmaster.pid"));
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    const qint64 pid = pidFile.readLine().trimmed().toLongLong();
    QVERIFY(pid > 0);
    const QByteArray environ = readProcFile(pid, "environ");
    const QByteArray cmdline = readProcFile(pid, "cmdline");
    QVERIFY2(!environ.isEmpty(), "cannot read the postmaster's environment (not root?)");
    qInfo("postmaster %lld: %lld bytes of environment, cmdline %s", pid, qint64(environ.size()),
          QByteArray(cmdline).replace('\0', ' ').constData());
    QVERIFY(!environ.contains(kSecret));
    QVERIFY(!environ.contains("PGPASSWORD="));
    QVERIFY(!cmdline.contains(kSecret));
    QVERIFY(!cmdline.contains("password"));
    server.stop();
}

void FaultPrivilegesTest::connectionDialogNeverStoresThePassword_data()
{
    QTest::addColumn<bool>("urlTab");
    QTest::addColumn<QString>("url");
    QTest::newRow("fields and the password box") << false << QString();
    QTest::newRow("URL tab, password box")
        << true << QStringLiteral("postgresql://u@127.0.0.1:1/x");
    QTest::newRow("URL tab, password typed into the URL")
        << true << QStringLiteral("postgresql://u:Sup3rSecret@127.0.0.1:1/x");
}

void FaultPrivilegesTest::connectionDialogNeverStoresThePassword()
{
    QFETCH(bool, urlTab);
    QFETCH(QString, url);
    const ConnectionSettings settings = m_cluster.settings();
    DatabaseConnection connection(settings, QStringLiteral("dialog"));
    {
        const QSqlError opened = connection.open();
        QVERIFY2(!opened.isValid(), qPrintable(DatabaseConnection::describe(opened)));
    }
    ReadyOrdersModel board(connection.database());
    DriversModel drivers(connection.database());
    AssignedOrdersModel assigned(connection.database());
    OutcomeLogModel log;
    AssignmentService assignments(settings, QStringLiteral("console:fault"));
    MainWindow window(MainWindow::Parts { &board, &drivers, &assigned, &log, &assignments, nullptr,
                                          QStringLiteral("fault"), settings, true });
    QSignalSpy requested(&window, &MainWindow::connectRequested);

    QAction *connectAction = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text().startsWith(QLatin1String("&Connect to database")))
            connectAction = action;
    }
    QVERIFY(connectAction);
    bool filled = false;
    QTimer::singleShot(200, this, [&] {
        auto *dialog = qobject_cast<ConnectionDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        auto *tabs = dialog->findChild<QTabWidget *>();
        const QList<QLineEdit *> edits = dialog->findChildren<QLineEdit *>();
        QLineEdit *password = nullptr;
        for (QLineEdit *edit : edits) {
            if (edit->echoMode() == QLineEdit::Password)
                password = edit;
        }
        if (!tabs || !password)
            return;
        tabs->setCurrentIndex(urlTab ? 0 : 1);
        if (urlTab) {
            QLineEdit *urlEdit = tabs->widget(0)->findChild<QLineEdit *>();
            urlEdit->clear();
            QTest::keyClicks(urlEdit, url);
        } else {
            const QList<QLineEdit *> fields = tabs->widget(1)->findChildren<QLineEdit *>();
            for (QLineEdit *field : fields) {
                field->clear();
                QTest::keyClicks(field, QStringLiteral("field"));
            }
        }
        QTest::keyClicks(password, QString::fromLatin1(kSecret));
        filled = true;
        dialog->accept();
    });
    connectAction->trigger();
    QVERIFY(filled);
    QCOMPARE(requested.size(), 1);
    if (!urlTab || !url.contains(QString::fromLatin1(kSecret)))
        QCOMPARE(requested.constFirst().at(1).toString(), QString::fromLatin1(kSecret));

    QSettings stored;
    stored.sync();
    QVERIFY(QFile::exists(stored.fileName()));
    QVERIFY2(stored.fileName().startsWith(
                 QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)),
             qPrintable(stored.fileName()));
    QFile file(stored.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    qInfo("%s: %s", qPrintable(stored.fileName()), content.simplified().left(200).constData());
    // ui/mainwindow.cpp remembers ConnectionSettings::toConnectionString(): every keyword
    // but the password, also when the password was typed into the URL.
    QVERIFY2(!content.contains(kSecret), content.constData());
}

void FaultPrivilegesTest::verifyFullRefusesAWrongHostName()
{
    // A second, throwaway cluster with ssl=on on 127.0.0.1 and a self-signed certificate
    // for CN=dispatch-test-server: sslmode and sslrootcert must reach libpq unchanged.
    const std::optional<QString> binDir = LocalPostgres::findBinDir();
    if (!binDir)
        QSKIP("no PostgreSQL server programs");
    QTemporaryDir base;
    QVERIFY(base.isValid());
    QFile::setPermissions(base.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadOther | QFileDevice::ExeOther);
    chownToPostgres(base.path());
    const QString data = base.path() + QStringLiteral("/data");
    const QString cert = base.path() + QStringLiteral("/server.crt");
    const QString key = base.path() + QStringLiteral("/server.key");
    QString output;
    QVERIFY2(
        QProcess::execute(QStringLiteral("openssl"),
                          { QStringLiteral("req"), QStringLiteral("-x509"),
                            QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                            QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"),
                            QStringLiteral("-subj"), QStringLiteral("/CN=dispatch-test-server"),
                            QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert })
            == 0,
        "openssl req failed");
    QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    chownToPostgres(key);
    chownToPostgres(cert);
    QVERIFY2(runAsServerAccount(*binDir + QStringLiteral("/initdb"),
                                { QStringLiteral("-D"), data, QStringLiteral("-A"),
                                  QStringLiteral("trust"), QStringLiteral("-U"),
                                  QStringLiteral("postgres"), QStringLiteral("--no-sync") },
                                &output)
                 == 0,
             qPrintable(output));
    quint16 port = 0;
    {
        QTcpServer probe; // a free loopback port, released just before the server takes it
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const QString options
        = QStringLiteral("-c ssl=on -c ssl_cert_file=%1 -c ssl_key_file=%2 -c port=%3 "
                         "-c listen_addresses=127.0.0.1 -c unix_socket_directories=%4 "
                         "-c fsync=off")
              .arg(cert, key)
              .arg(port)
              .arg(base.path());
    QVERIFY2(runAsServerAccount(*binDir + QStringLiteral("/pg_ctl"),
                                { QStringLiteral("-D"), data, QStringLiteral("-w"),
                                  QStringLiteral("-l"), base.path() + QStringLiteral("/log"),
                                  QStringLiteral("-o"), options, QStringLiteral("start") },
                                &output)
                 == 0,
             qPrintable(output));
    const auto stopServer = qScopeGuard([&] {
        QString ignored;
        runAsServerAccount(*binDir + QStringLiteral("/pg_ctl"),
                           { QStringLiteral("-D"), data, QStringLiteral("-m"),
                             QStringLiteral("immediate"), QStringLiteral("stop") },
                           &ignored);
    });

    const auto openWith = [&](const QString &tls, QString *message) {
        QString error;
        const auto settings = ConnectionSettings::parse(
            QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres "
                           "connect_timeout=10 sslrootcert=%2 %3")
                .arg(port)
                .arg(cert, tls),
            &error);
        if (!settings) {
            *message = error;
            return false;
        }
        DatabaseConnection connection(*settings, QStringLiteral("tls"));
        const QSqlError opened = connection.open();
        *message = opened.isValid() ? DatabaseConnection::describe(opened) : QString();
        if (opened.isValid())
            return false;
        QSqlQuery query(connection.database());
        const bool ssl = query.exec(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = "
                                                   "pg_backend_pid()"))
            && query.next() && query.value(0).toBool();
        if (!ssl)
            *message = QStringLiteral("connected without TLS");
        return ssl;
    };
    QString message;
    // Controls: TLS works, and the certificate verifies as a CA (no host name check).
    QVERIFY2(openWith(QStringLiteral("sslmode=require"), &message), qPrintable(message));
    QVERIFY2(openWith(QStringLiteral("sslmode=verify-ca"), &message), qPrintable(message));
    // 127.0.0.1 is not dispatch-test-server: refused.
    QVERIFY(!openWith(QStringLiteral("sslmode=verify-full"), &message));
    qInfo("verify-full against 127.0.0.1: %s", qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("dispatch-test-server"))
                 || message.contains(QLatin1String("does not match")),
             qPrintable(message));
    // And the URL form passes the TLS options through as well.
    QString error;
    const auto url = ConnectionSettings::parse(
        QStringLiteral(
            "postgresql://postgres@127.0.0.1:%1/postgres?sslmode=verify-full&sslrootcert=%2")
            .arg(port)
            .arg(cert),
        &error);
    QVERIFY2(url, qPrintable(error));
    DatabaseConnection viaUrl(*url, QStringLiteral("tls-url"));
    QVERIFY(viaUrl.open().isValid());
}

QTEST_MAIN(FaultPrivilegesTest)
#include "tst_faultprivileges.moc"

// The embedded default's data directory cannot trick root (issue 12, H4 and L10), and a
// password typed into --database is pointed out without being repeated (L13).
//
// The real dispatch-console binary runs as root with --migrate-only --data-dir on prepared
// hostile trees: links planted where run, pgdata and console.lock go, the directory itself a
// link, a directory (or one above it) that another user owns or everyone may write, paths
// that postgresql.conf cannot hold. Each gets exit code 2 and one line on stderr, and a
// snapshot (lstat of every entry: type, mode, owner, size, link target, ctime) of the whole
// prepared tree is the same afterwards: nothing inside or outside the directory was touched.
// A fresh directory still works, and `serve` on it runs as a dispatch_driver login, not as
// the cluster's superuser (L13).
#include "testcluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

#define REQUIRE_ROOT()                                                                             \
    do {                                                                                           \
        if (::geteuid() != 0)                                                                      \
            QSKIP("needs root: the data directory rules protect root (CI runs tests as root)");    \
    } while (false)

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runConsole(const QStringList &arguments, const QString &workingDirectory = QString())
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(DISPATCH_CONSOLE_PATH), arguments);
    if (!process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromUtf8(process.readAllStandardOutput()),
             QString::fromUtf8(process.readAllStandardError()) };
}

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

bool makeDirectory(const QString &path, mode_t mode, uid_t owner = 0)
{
    return ::mkdir(encoded(path).constData(), mode) == 0
        && ::chmod(encoded(path).constData(), mode) == 0 // past the umask
        && ::chown(encoded(path).constData(), owner, owner == 0 ? 0 : gid_t(-1)) == 0;
}

bool makeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

bool makeLink(const QString &target, const QString &path)
{
    return ::symlink(encoded(target).constData(), encoded(path).constData()) == 0;
}

// Every entry below root, never following a link: one line per entry, sorted.
void snapshotInto(const QString &root, const QString &relative, QStringList *lines)
{
    const QString path = relative.isEmpty() ? root : root + QLatin1Char('/') + relative;
    struct stat info = {};
    if (::lstat(encoded(path).constData(), &info) != 0) {
        lines->append(relative + QStringLiteral(" (absent)"));
        return;
    }
    QString line = QStringLiteral("%1 type=%2 mode=%3 owner=%4:%5 size=%6 ctime=%7.%8")
                       .arg(relative.isEmpty() ? QStringLiteral(".") : relative)
                       .arg(info.st_mode & S_IFMT, 0, 8)
                       .arg(info.st_mode & 07777, 4, 8, QLatin1Char('0'))
                       .arg(info.st_uid)
                       .arg(info.st_gid)
                       .arg(info.st_size)
                       .arg(info.st_ctim.tv_sec)
                       .arg(info.st_ctim.tv_nsec);
    if (S_ISLNK(info.st_mode)) {
        char target[4096] = {};
        const ssize_t size = ::readlink(encoded(path).constData(), target, sizeof target - 1);
        line += QStringLiteral(" -> ") + QFile::decodeName(QByteArray(target, int(qMax(size, 0))));
    }
    lines->append(line);
    if (!S_ISDIR(info.st_mode))
        return;
    const QStringList entries = QDir(path).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &entry : entries)
        snapshotInto(root, relative.isEmpty() ? entry : relative + QLatin1Char('/') + entry, lines);
}

QStringList snapshot(const QString &root)
{
    QStringList lines;
    snapshotInto(root, QString(), &lines);
    return lines;
}

// One HTTP/1.1 request with Connection: close; the status line's code and the body.
std::pair<int, QByteArray> httpRequest(const QString &baseUrl, const QByteArray &method,
                                       const QByteArray &path, const QByteArray &token)
{
    const QUrl url(baseUrl);
    QTcpSocket socket;
    socket.connectToHost(url.host(), quint16(url.port()));
    if (!socket.waitForConnected(10000))
        return { 0, socket.errorString().toUtf8() };
    socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + token
                 + "\r\nIdempotency-Key: datadir-1\r\nContent-Length: 0\r\n"
                   "Connection: close\r\n\r\n");
    QByteArray received;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(30000))
        received += socket.readAll();
    received += socket.readAll();
    if (!received.startsWith("HTTP/1."))
        return { 0, received };
    const qsizetype end = received.indexOf("\r\n\r\n");
    return { received.mid(received.indexOf(' ') + 1, 3).toInt(),
             end < 0 ? QByteArray() : received.mid(end + 4) };
}

uid_t nobodyUid()
{
    const passwd *account = ::getpwnam("nobody");
    return account ? account->pw_uid : 65534;
}

} // namespace

class FaultDataDirTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hostileDataDirIsRefusedAndNothingIsTouched_data();
    void hostileDataDirIsRefusedAndNothingIsTouched();
    void pathPostgresqlConfCannotHoldIsRefusedBeforeAnythingIsCreated_data();
    void pathPostgresqlConfCannotHoldIsRefusedBeforeAnythingIsCreated();
    void unreachableDataDirRecommendsNoSharedTemporaryDirectory();
    void freshDataDirStillWorksAndIsReused();
    void embeddedServeRunsAsADriverLoginNotTheSuperuser();
    void passwordOnTheCommandLineIsPointedOutNotRepeated_data();
    void passwordOnTheCommandLineIsPointedOutNotRepeated();

private:
    // A new directory of its own for each case, so a snapshot covers exactly that case.
    QString newCase(const QString &name);

    QTemporaryDir m_scratch { QStringLiteral("/tmp/dispatch-datadir-XXXXXX") };
    int m_cases = 0;
};

void FaultDataDirTest::initTestCase()
{
    QVERIFY(m_scratch.isValid());
    // The postgres account must be able to walk in, as into /var/lib.
    QVERIFY(::chmod(encoded(m_scratch.path()).constData(), 0755) == 0);
}

QString FaultDataDirTest::newCase(const QString &name)
{
    const QString path = m_scratch.filePath(
        QStringLiteral("case%1-").arg(++m_cases)
        + QString(name).replace(QRegularExpression(QStringLiteral("\\W+")), QStringLiteral("-")));
    return makeDirectory(path, 0755) ? path : QString();
}

// Each row prepares <case>/... and names the --data-dir, relative to <case>.
void FaultDataDirTest::hostileDataDirIsRefusedAndNothingIsTouched_data()
{
    QTest::addColumn<QString>("tree");
    QTest::addColumn<QString>("dataDir");
    QTest::addColumn<QString>("mentions");
    const auto row
        = [](const char *name, const char *tree, const char *dataDir, const char *mentions) {
              QTest::newRow(name) << QString::fromLatin1(tree) << QString::fromLatin1(dataDir)
                                  << QString::fromLatin1(mentions);
          };
    // The review's reproduction: root would chown the victim to postgres and chmod it 700.
    row("run -> a root directory", "run-link", "base", "symbolic link");
    row("pgdata -> a root directory", "pgdata-link", "base", "symbolic link");
    row("run -> nowhere (dangling)", "run-dangling", "base", "symbolic link");
    // Root would create (or open) the victim through the link.
    row("console.lock -> an absent file", "lock-link-absent", "base", "symbolic link");
    row("console.lock -> a root file", "lock-link-file", "base", "symbolic link");
    row("the data directory itself a link", "base-link", "base", "symbolic link");
    row("owned by nobody", "base-nobody", "base", "belongs to another user");
    row("mode 0777", "base-0777", "base", "can be written by other users (mode 0777)");
    row("mode 0775 (group-writable)", "base-0775", "base",
        "can be written by other users (mode 0775)");
    row("a directory above it owned by nobody", "above-nobody", "above/base",
        "belongs to another user");
    row("a directory above it writable by everyone, not sticky", "above-0777", "above/base",
        "can be written by other users");
}

void FaultDataDirTest::hostileDataDirIsRefusedAndNothingIsTouched()
{
    REQUIRE_ROOT();
    QFETCH(QString, tree);
    QFETCH(QString, dataDir);
    QFETCH(QString, mentions);
    const QString root = newCase(tree);
    QVERIFY(!root.isEmpty());
    const QString base = root + QStringLiteral("/base");
    const QString victimDir = root + QStringLiteral("/victim-dir");
    const QString victimFile = root + QStringLiteral("/victim-file");
    // What the links point at: a root directory with a file in it, a root file.
    QVERIFY(makeDirectory(victimDir, 0755));
    QVERIFY(makeFile(victimDir + QStringLiteral("/keep"), "root's\n"));
    QVERIFY(makeFile(victimFile, "root's\n"));
    QVERIFY(::chmod(encoded(victimFile).constData(), 0644) == 0);

    if (tree == QLatin1String("base-link")) {
        QVERIFY(makeLink(victimDir, base));
    } else if (tree.startsWith(QLatin1String("above-"))) {
        const bool nobody = tree == QLatin1String("above-nobody");
        QVERIFY(makeDirectory(root + QStringLiteral("/above"), nobody ? 0755 : 0777,
                              nobody ? nobodyUid() : 0));
        QVERIFY(makeDirectory(root + QStringLiteral("/above/base"), 0755));
    } else if (tree == QLatin1String("base-nobody")) {
        QVERIFY(makeDirectory(base, 0755, nobodyUid()));
    } else if (tree == QLatin1String("base-0777")) {
        QVERIFY(makeDirectory(base, 0777));
    } else if (tree == QLatin1String("base-0775")) {
        QVERIFY(makeDirectory(base, 0775));
    } else {
        QVERIFY(makeDirectory(base, 0755));
        if (tree == QLatin1String("run-link"))
            QVERIFY(makeLink(QStringLiteral("../victim-dir"), base + QStringLiteral("/run")));
        else if (tree == QLatin1String("pgdata-link"))
            QVERIFY(makeLink(victimDir, base + QStringLiteral("/pgdata")));
        else if (tree == QLatin1String("run-dangling"))
            QVERIFY(
                makeLink(root + QStringLiteral("/made-by-root"), base + QStringLiteral("/run")));
        else if (tree == QLatin1String("lock-link-absent"))
            QVERIFY(makeLink(root + QStringLiteral("/victim-created"),
                             base + QStringLiteral("/console.lock")));
        else if (tree == QLatin1String("lock-link-file"))
            QVERIFY(makeLink(victimFile, base + QStringLiteral("/console.lock")));
        else
            QFAIL("unknown tree");
    }

    const QStringList before = snapshot(root);
    const Run run = runConsole({ QStringLiteral("--migrate-only"), QStringLiteral("--data-dir"),
                                 root + QLatin1Char('/') + dataDir });
    qInfo("%s", qPrintable(run.err.trimmed()));
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1); // exactly one line
    QVERIFY2(run.err.startsWith(QStringLiteral("dispatch-console: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());

    // Nothing was created, opened through a link, chmod-ed or chown-ed: not the victims, not
    // the directory, not what is in it.
    QCOMPARE(snapshot(root), before);
    struct stat info = {};
    QVERIFY(::lstat(encoded(victimDir).constData(), &info) == 0);
    QCOMPARE(info.st_uid, uid_t(0));
    QCOMPARE(info.st_gid, gid_t(0));
    QCOMPARE(info.st_mode & 07777, mode_t(0755));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/victim-created")));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/made-by-root")));
}

void FaultDataDirTest::pathPostgresqlConfCannotHoldIsRefusedBeforeAnythingIsCreated_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("workingDirectory"); // relative --data-dir when set
    QTest::addColumn<QString>("mentions");
    QTest::newRow("a quote") << QStringLiteral("it's") << QString() << QStringLiteral("quote");
    QTest::newRow("a double quote")
        << QStringLiteral("say\"hi") << QString() << QStringLiteral("double quote");
    QTest::newRow("a comma") << QStringLiteral("a,b") << QString() << QStringLiteral("comma");
    QTest::newRow("a backslash") << QStringLiteral("a\\b") << QString()
                                 << QStringLiteral("backslash");
    // A newline would start a new setting in postgresql.conf.
    QTest::newRow("a newline and a setting")
        << QStringLiteral("x\nshared_preload_libraries = 'evil'") << QString()
        << QStringLiteral("line break");
    QTest::newRow("a tab") << QStringLiteral("a\tb") << QString()
                           << QStringLiteral("control character");
    // The path written to postgresql.conf is absolute: the working directory counts too.
    QTest::newRow("relative, in a working directory with a comma")
        << QStringLiteral("base") << QStringLiteral("work,dir") << QStringLiteral("comma");
}

void FaultDataDirTest::pathPostgresqlConfCannotHoldIsRefusedBeforeAnythingIsCreated()
{
    REQUIRE_ROOT();
    QFETCH(QString, name);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, mentions);
    const QString root = newCase(QString::fromLatin1(QTest::currentDataTag()));
    QVERIFY(!root.isEmpty());
    QString dataDir = root + QLatin1Char('/') + name;
    QString cwd;
    if (!workingDirectory.isEmpty()) {
        cwd = root + QLatin1Char('/') + workingDirectory;
        QVERIFY(makeDirectory(cwd, 0755));
        dataDir = name;
    }
    const QStringList before = snapshot(root);
    const Run run = runConsole(
        { QStringLiteral("--migrate-only"), QStringLiteral("--data-dir"), dataDir }, cwd);
    qInfo("%s", qPrintable(run.err.trimmed()));
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(run.err.startsWith(QStringLiteral("dispatch-console: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    QCOMPARE(snapshot(root), before); // not even the directory was made
}

void FaultDataDirTest::unreachableDataDirRecommendsNoSharedTemporaryDirectory()
{
    REQUIRE_ROOT();
    // A directory above is closed to the postgres account: the advice must not send root to
    // /tmp, where anyone may plant what the first part of this test refuses.
    const QString root = newCase(QStringLiteral("closed"));
    QVERIFY(!root.isEmpty());
    QVERIFY(makeDirectory(root + QStringLiteral("/closed"), 0700));
    const QString base = root + QStringLiteral("/closed/base");
    const Run run
        = runConsole({ QStringLiteral("--migrate-only"), QStringLiteral("--data-dir"), base });
    qInfo("%s", qPrintable(run.err.trimmed()));
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(run.err.contains(QStringLiteral("postgres account cannot reach")),
             qPrintable(run.err));
    const qsizetype after = run.err.lastIndexOf(base);
    QVERIFY(after >= 0);
    const QString advice = run.err.mid(after + base.size());
    QVERIFY2(!advice.contains(QStringLiteral("tmp")), qPrintable(advice));
    // Refused before the server's directories were made in it.
    QVERIFY(QDir(base)
                .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)
                .isEmpty());
}

void FaultDataDirTest::freshDataDirStillWorksAndIsReused()
{
    REQUIRE_ROOT();
    const QString root = newCase(QStringLiteral("fresh"));
    QVERIFY(!root.isEmpty());
    const QString base = root + QStringLiteral("/a/b/base"); // three levels to create
    const Run first
        = runConsole({ QStringLiteral("--migrate-only"), QStringLiteral("--data-dir"), base });
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY2(first.out.contains(QStringLiteral("Schema at version")), qPrintable(first.out));
    QVERIFY2(first.err.isEmpty(), qPrintable(first.err));

    const passwd *postgres = ::getpwnam("postgres");
    QVERIFY(postgres);
    struct stat info = {};
    QVERIFY(::lstat(encoded(base).constData(), &info) == 0);
    QVERIFY(S_ISDIR(info.st_mode));
    QCOMPARE(info.st_uid, uid_t(0));
    QCOMPARE(info.st_mode & 022, mode_t(0)); // writable by root alone
    for (const char *name : { "pgdata", "run" }) {
        QVERIFY(::lstat(encoded(base + QLatin1Char('/') + QLatin1String(name)).constData(), &info)
                == 0);
        QVERIFY2(S_ISDIR(info.st_mode), name);
        QCOMPARE(info.st_uid, postgres->pw_uid);
        QCOMPARE(info.st_mode & 07777, mode_t(0700));
    }
    QVERIFY(::lstat(encoded(base + QStringLiteral("/console.lock")).constData(), &info) == 0);
    QVERIFY(S_ISREG(info.st_mode));
    QCOMPARE(info.st_mode & 07777, mode_t(0600));

    const Run second
        = runConsole({ QStringLiteral("--migrate-only"), QStringLiteral("--data-dir"), base });
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QVERIFY2(second.out.contains(QStringLiteral("(0 applied now)")), qPrintable(second.out));
}

void FaultDataDirTest::embeddedServeRunsAsADriverLoginNotTheSuperuser()
{
    REQUIRE_ROOT();
    const QString root = newCase(QStringLiteral("serve"));
    QVERIFY(!root.isEmpty());
    const QString base = root + QStringLiteral("/base");
    const QString dataDir = QStringLiteral("--data-dir");
    const Run seeded = runConsole({ QStringLiteral("--migrate-only"), dataDir, base,
                                    QStringLiteral("--demo-data"), QStringLiteral("10") });
    QVERIFY2(seeded.exitCode == 0, qPrintable(seeded.err));

    QProcess serve;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    serve.setProcessEnvironment(env);
    serve.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                { QStringLiteral("serve"), dataDir, base, QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--workers"),
                  QStringLiteral("2") });
    QVERIFY(serve.waitForStarted());
    auto stopServe = qScopeGuard([&serve] {
        serve.terminate(); // SIGTERM: it stops the embedded server as the last one out
        if (!serve.waitForFinished(60000))
            serve.kill();
    });
    QByteArray out;
    QElapsedTimer waited;
    waited.start();
    while (!out.contains('\n') && serve.state() == QProcess::Running && waited.elapsed() < 120000) {
        serve.waitForReadyRead(500);
        out += serve.readAllStandardOutput();
    }
    QVERIFY2(out.startsWith("listening on "), serve.readAllStandardError().constData());
    const QString baseUrl = QString::fromUtf8(out.mid(13).trimmed());

    const Run token = runConsole({ QStringLiteral("token"), QStringLiteral("--driver"),
                                   QStringLiteral("1"), dataDir, base });
    QVERIFY2(token.exitCode == 0, qPrintable(token.err));
    const QByteArray bearer = token.out.trimmed().toUtf8();
    const auto available
        = httpRequest(baseUrl, "GET", "/api/driver/orders/available?limit=1", bearer);
    QVERIFY2(available.first == 200, available.second.constData());
    const QRegularExpressionMatch order = QRegularExpression(QStringLiteral("\"order_id\":(\\d+)"))
                                              .match(QString::fromUtf8(available.second));
    QVERIFY2(order.hasMatch(), available.second.constData());
    const auto claimed = httpRequest(
        baseUrl, "POST", "/api/driver/orders/" + order.captured(1).toUtf8() + "/assign", bearer);
    QVERIFY2(claimed.first == 200 && claimed.second.contains("ASSIGNED"),
             claimed.second.constData());

    // Who the workers are, asked as the cluster's owner.
    DatabaseConnection owner(ConnectionSettings::localSocket(base + QStringLiteral("/run"), 5432,
                                                             LocalPostgres::superuser(),
                                                             QStringLiteral("dispatch")),
                             QStringLiteral("datadir-owner"));
    const QSqlError opened = owner.open();
    QVERIFY2(!opened.isValid(), qPrintable(opened.text()));
    QSqlQuery query(owner.database());
    QVERIFY_SQL(query,
                exec(QStringLiteral(
                    "SELECT count(*), coalesce(bool_or(r.rolsuper OR r.rolcreaterole OR "
                    "r.rolcreatedb OR r.rolbypassrls), true),"
                    "       coalesce(bool_and(pg_has_role(a.usename, 'dispatch_driver', 'USAGE')),"
                    "                false), string_agg(DISTINCT a.usename::text, ',')"
                    "  FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename"
                    " WHERE a.application_name LIKE 'dispatch-console/http-%'")));
    QVERIFY(query.next());
    qInfo("HTTP workers: %d, as %s", query.value(0).toInt(), qPrintable(query.value(3).toString()));
    QVERIFY(query.value(0).toInt() >= 1);
    QVERIFY2(!query.value(1).toBool(), qPrintable(query.value(3).toString())); // no superuser
    QVERIFY2(query.value(2).toBool(), qPrintable(query.value(3).toString())); // a driver login
}

void FaultDataDirTest::passwordOnTheCommandLineIsPointedOutNotRepeated_data()
{
    QTest::addColumn<bool>("url");
    QTest::newRow("postgresql://user:password@") << true;
    QTest::newRow("keywords, password=") << false;
}

void FaultDataDirTest::passwordOnTheCommandLineIsPointedOutNotRepeated()
{
    QFETCH(bool, url);
    // The cluster trusts its socket, so the connection works and the warning is all we see.
    TestCluster cluster;
    QVERIFY2(cluster.start(), qPrintable(cluster.errorString()));
    const ConnectionSettings settings = cluster.freshDatabase(QStringLiteral("cli_password"));
    const QString secret = QStringLiteral("Sup3rSecret");
    const QString database = url
        ? QStringLiteral("postgresql://%1:%2@/%3?host=%4")
              .arg(settings.user(), secret, settings.database(),
                   QString::fromLatin1(QUrl::toPercentEncoding(settings.host())))
        : QStringLiteral("host=%1 port=%2 user=%3 password=%4 dbname=%5")
              .arg(settings.host())
              .arg(settings.port())
              .arg(settings.user(), secret, settings.database());
    const Run run
        = runConsole({ QStringLiteral("--migrate-only"), QStringLiteral("--database"), database });
    qInfo("%s", qPrintable(run.err.trimmed()));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("Schema at version")), qPrintable(run.out));
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
    for (const char *hint : { "PGPASSFILE", ".pgpass", "PGPASSWORD" })
        QVERIFY2(run.err.contains(QLatin1String(hint)), qPrintable(run.err));
    QVERIFY2(!run.err.contains(secret), qPrintable(run.err));
    QVERIFY2(!run.out.contains(secret), qPrintable(run.out));
}

QTEST_GUILESS_MAIN(FaultDataDirTest)
#include "tst_faultdatadir.moc"

// Bad input, everywhere (issue 8, case 7). One table of hostile inputs across the command
// line (the real binary), the board's filter box, the inspector's search box and the driver
// HTTP API (in-process, raw bytes over loopback so duplicate headers, odd methods and odd
// paths reach the server exactly as written). For each row: the clear message or status,
// the process stays up (CLI: exit code 2 and one line; HTTP: /healthz answers 200
// afterwards) and nothing changes in the database (row counts of orders, drivers,
// claim_attempts, order_history and an md5 of every orders row, before and after the row).
#include "board/readyordersmodel.h"
#include "claims/drivertokens.h"
#include "http/driverapi.h"
#include "inspector/inspectorsearchmodel.h"
#include "inspector/inspectorsession.h"
#include "testcluster.h"

#include <QEventLoop>
#include <QProcess>
#include <QTcpSocket>
#include <QTimer>

namespace {

struct Run
{
    int exitCode = -1;
    QString err;
};

Run runConsole(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(DISPATCH_CONSOLE_PATH), arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromUtf8(process.readAllStandardError()) };
}

struct HttpAnswer
{
    int status = 0; // 0: the server closed without an answer
    QByteArray body;
};

// Sends raw bytes and reads until the server closes (every request says Connection: close).
// The event loop keeps running, so the in-process server on this thread can answer.
HttpAnswer rawHttp(quint16 port, const QByteArray &bytes)
{
    QTcpSocket socket;
    QByteArray received;
    QEventLoop loop;
    QTimer cap;
    cap.setSingleShot(true);
    QObject::connect(&cap, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop,
                     [&socket, &received] { received += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::connected, &loop,
                     [&socket, &bytes] { socket.write(bytes); });
    socket.connectToHost(QHostAddress::LocalHost, port);
    cap.start(15000);
    loop.exec();
    received += socket.readAll();
    socket.abort();
    HttpAnswer answer;
    if (received.startsWith("HTTP/1.")) {
        const qsizetype space = received.indexOf(' ');
        answer.status = received.mid(space + 1, 3).toInt();
        const qsizetype end = received.indexOf("\r\n\r\n");
        answer.body = end < 0 ? QByteArray() : received.mid(end + 4);
    }
    return answer;
}

QByteArray request(const QByteArray &method, const QByteArray &path,
                   const QList<QByteArray> &headers = {}, const QByteArray &body = {})
{
    QByteArray bytes
        = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const QByteArray &header : headers)
        bytes += header + "\r\n";
    if (!body.isNull())
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

const QByteArray kMine = "Authorization: Bearer {token}";

} // namespace

class FaultHostileInputsTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void hostileInputIsRefusedAndChangesNothing_data();
    void hostileInputIsRefusedAndChangesNothing();
    void accessLogNeverHoldsTheToken();

private:
    QString snapshot();

    TestCluster m_cluster;
    std::unique_ptr<DriverApi> m_api;
    std::unique_ptr<InspectorSession> m_session;
    std::unique_ptr<DatabaseConnection> m_boardConnection;
    QString m_token;
    QString m_otherToken;
    qint64 m_order = 0;
    QStringList m_log;
    int m_rows = 0;
};

void FaultHostileInputsTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("hostile"));
    for (const QString &customer :
         { QStringLiteral("Zoë 東京 🚚"), QStringLiteral("100% Pure"),
           QStringLiteral("snake_case Ltd"), QStringLiteral("back\\slash"),
           QStringLiteral("O'Brien \"Q\"") })
        m_cluster.addReadyOrder(customer);
    m_order = m_cluster.addReadyOrder(QStringLiteral("Plain Customer"));
    const qint64 me = m_cluster.addDriver(QStringLiteral("Hostile Tester"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Other Tester"));
    auto tokens = m_cluster.connect(QStringLiteral("tokens"));
    m_token = DriverTokens::issue(tokens->database(), me).token;
    m_otherToken = DriverTokens::issue(tokens->database(), other).token;
    QVERIFY(!m_token.isEmpty() && !m_otherToken.isEmpty());

    DriverApi::Options options;
    options.port = 0;
    options.workers = 2;
    options.accessLog = [this](const QString &line) {
        m_log.append(line);
    };
    m_api = std::make_unique<DriverApi>(m_cluster.settings(), options);
    QString error;
    QVERIFY2(m_api->start(&error), qPrintable(error));
    m_session = std::make_unique<InspectorSession>(m_cluster.settings());
    m_boardConnection = m_cluster.connect(QStringLiteral("board"));
}

void FaultHostileInputsTest::cleanupTestCase()
{
    qInfo("hostile rows run: %d", m_rows);
    m_api.reset();
    m_session.reset();
    m_boardConnection.reset();
}

QString FaultHostileInputsTest::snapshot()
{
    return m_cluster
        .scalar(QStringLiteral(
            "SELECT (SELECT count(*) FROM orders) || '/' || (SELECT count(*) FROM drivers)"
            " || '/' || (SELECT count(*) FROM claim_attempts) || '/'"
            " || (SELECT count(*) FROM order_history) || '/'"
            " || (SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM orders o)"))
        .toString();
}

void FaultHostileInputsTest::hostileInputIsRefusedAndChangesNothing_data()
{
    QTest::addColumn<QString>("kind"); // cli, filter, search, http
    QTest::addColumn<QStringList>("arguments"); // cli: the arguments
    QTest::addColumn<QString>("text"); // filter / search: what is typed
    QTest::addColumn<QByteArray>("bytes"); // http: the raw request ({token}, {other}, {order})
    QTest::addColumn<int>("expected"); // cli: exit code; http: status; filter/search: rows
    QTest::addColumn<QString>("message"); // a part of the line / message / JSON code

    const auto cli = [](const char *name, const QStringList &arguments, const QString &message) {
        QTest::newRow(name) << QStringLiteral("cli") << arguments << QString() << QByteArray() << 2
                            << message;
    };
    const auto filter = [](const char *name, const QString &text, int rows) {
        QTest::newRow(name) << QStringLiteral("filter") << QStringList() << text << QByteArray()
                            << rows << QString();
    };
    const auto search
        = [](const char *name, const QString &text, int rows, const QString &message) {
              QTest::newRow(name) << QStringLiteral("search") << QStringList() << text
                                  << QByteArray() << rows << message;
          };
    const auto http = [](const char *name, const QByteArray &bytes, int status, const char *code) {
        QTest::newRow(name) << QStringLiteral("http") << QStringList() << QString() << bytes
                            << status << QString::fromLatin1(code);
    };
    const QString db = QStringLiteral("--database");
    const QString mo = QStringLiteral("--migrate-only");
    const QString unreachable = QStringLiteral("postgresql://nobody@127.0.0.1:1/x");

    // --- the command line: one line on stderr, exit code 2 -----------------------------
    cli("url: injection in the database name",
        { db, QStringLiteral("postgresql://u@127.0.0.1:1/x';DROP TABLE orders;--"), mo },
        QStringLiteral("Cannot connect"));
    cli("url: percent-encoded NUL", { db, QStringLiteral("postgresql://u@127.0.0.1:1/x%00y"), mo },
        QStringLiteral("dispatch-console:"));
    cli("url: 10 KB",
        { db, QStringLiteral("postgresql://") + QString(10240, QLatin1Char('h')), mo },
        QStringLiteral("dispatch-console:"));
    cli("url: port 0", { db, QStringLiteral("postgresql://u@127.0.0.1:0/x"), mo },
        QStringLiteral("dispatch-console:"));
    cli("url: port 65536", { db, QStringLiteral("postgresql://u@127.0.0.1:65536/x"), mo },
        QStringLiteral("dispatch-console:"));
    cli("url: port -1", { db, QStringLiteral("postgresql://u@127.0.0.1:-1/x"), mo },
        QStringLiteral("dispatch-console:"));
    cli("url: port abc", { db, QStringLiteral("postgresql://u@127.0.0.1:abc/x"), mo },
        QStringLiteral("dispatch-console:"));
    cli("url: libpq keywords with an injected option",
        { db, QStringLiteral("host=127.0.0.1 port=1 options='-c search_path=evil' user=u"), mo },
        QStringLiteral("Cannot connect"));
    cli("unknown option", { QStringLiteral("--drop-everything") },
        QStringLiteral("Unknown option"));
    cli("unexpected argument", { QStringLiteral("rm"), QStringLiteral("-rf") },
        QStringLiteral("dispatch-console:"));
    cli("--data-dir /proc", { QStringLiteral("--data-dir"), QStringLiteral("/proc"), mo },
        QStringLiteral("dispatch-console:"));
    cli("--data-dir /dev/null", { QStringLiteral("--data-dir"), QStringLiteral("/dev/null"), mo },
        QStringLiteral("dispatch-console:"));
    cli("--data-dir a file", { QStringLiteral("--data-dir"), QStringLiteral("/etc/hostname"), mo },
        QStringLiteral("dispatch-console:"));
    cli("--data-dir 300 characters",
        { QStringLiteral("--data-dir"), QStringLiteral("/proc/") + QString(300, QLatin1Char('d')),
          mo },
        QStringLiteral("dispatch-console:"));
    cli("--data-dir relative ../..",
        { QStringLiteral("--data-dir"), QStringLiteral("../../../../../../../../proc/self"), mo },
        QStringLiteral("dispatch-console:"));
    cli("--data-dir empty", { QStringLiteral("--data-dir"), QStringLiteral(""), mo },
        QStringLiteral("--data-dir needs a directory"));
    cli("--data-dir with --database", { QStringLiteral("--data-dir=/tmp"), db, unreachable, mo },
        QStringLiteral("cannot be combined"));
    cli("--demo-data overflow", { db, unreachable, QStringLiteral("--demo-data=99999999999"), mo },
        QStringLiteral("--demo-data needs a whole number"));
    cli("--demo-data negative", { db, unreachable, QStringLiteral("--demo-data=-1"), mo },
        QStringLiteral("--demo-data needs a whole number"));
    cli("--inspect 0", { db, unreachable, QStringLiteral("--inspect=0") },
        QStringLiteral("--inspect needs an order number"));
    cli("--inspect -1", { db, unreachable, QStringLiteral("--inspect=-1") },
        QStringLiteral("--inspect needs an order number"));
    cli("--inspect abc", { db, unreachable, QStringLiteral("--inspect=abc") },
        QStringLiteral("--inspect needs an order number"));
    cli("--inspect 20 digits",
        { db, unreachable, QStringLiteral("--inspect=99999999999999999999") },
        QStringLiteral("--inspect needs an order number"));
    cli("serve --listen host:99999",
        { QStringLiteral("serve"), db, unreachable, QStringLiteral("--listen=127.0.0.1:99999") },
        QStringLiteral("--listen needs an IP address"));
    cli("serve --listen garbage",
        { QStringLiteral("serve"), db, unreachable, QStringLiteral("--listen=;rm -rf /") },
        QStringLiteral("--listen needs an IP address"));
    cli("serve --listen a host name",
        { QStringLiteral("serve"), db, unreachable, QStringLiteral("--listen=evil.example:80") },
        QStringLiteral("--listen needs an IP address"));
    cli("token --driver abc",
        { QStringLiteral("token"), db, unreachable, QStringLiteral("--driver=abc") },
        QStringLiteral("needs --driver"));
    cli("token --driver 0",
        { QStringLiteral("token"), db, unreachable, QStringLiteral("--driver=0") },
        QStringLiteral("needs --driver"));

    // --- the board's filter box: the query runs, means what was typed --------------------
    filter("filter: quotes", QStringLiteral("O'Brien \"Q\""), 1);
    filter("filter: percent", QStringLiteral("%"), 1);
    filter("filter: underscore", QStringLiteral("_"), 1);
    filter("filter: backslash", QStringLiteral("\\"), 1);
    filter("filter: 10 KB", QString(10240, QLatin1Char('x')), 0);
    filter("filter: NUL", QString(QChar(0)) + QStringLiteral("Pure"), 1);
    filter("filter: RTL override", QString(QChar(0x202E)) + QStringLiteral("Pure"), 0);
    filter("filter: lone surrogate", QString(QChar(0xD800)), 0);
    filter("filter: emoji", QStringLiteral("🚚"), 1);
    filter("filter: SQL comment", QStringLiteral("Pure' --"), 0);
    filter("filter: injection", QStringLiteral("'; DELETE FROM orders; --"), 0);

    // --- the inspector's search box -----------------------------------------------------
    search("search: quotes", QStringLiteral("O'Brien \"Q\""), 1, QString());
    search("search: %_\\", QStringLiteral("%_\\"), 0, QStringLiteral("No order matches"));
    search("search: 10 KB", QString(10240, QLatin1Char('x')), 0,
           QStringLiteral("10240 characters long"));
    search("search: NUL", QString(QChar(0)) + QStringLiteral("Pure"), 1, QString());
    search("search: RTL override", QString(QChar(0x202E)) + QStringLiteral("Pure"), 0,
           QStringLiteral("No order matches"));
    search("search: lone surrogate", QString(QChar(0xDC00)) + QStringLiteral("x"), 0,
           QStringLiteral("not valid text"));
    search("search: emoji", QStringLiteral("🚚"), 1, QString());
    search("search: SQL comment", QStringLiteral("x' /* */ OR 1=1 --"), 0,
           QStringLiteral("No order matches"));

    // --- HTTP: paths ----------------------------------------------------------------------
    http("http: non-numeric id", request("POST", "/api/driver/orders/abc/assign", { kMine }), 400,
         "INVALID_REQUEST");
    http("http: negative id", request("POST", "/api/driver/orders/-5/assign", { kMine }), 400,
         "INVALID_REQUEST");
    http("http: id 0", request("POST", "/api/driver/orders/0/release", { kMine }), 400,
         "INVALID_REQUEST");
    http("http: 40-digit id",
         request("POST", "/api/driver/orders/" + QByteArray(40, '9') + "/assign", { kMine }), 400,
         "INVALID_REQUEST");
    http("http: 1%27;-- id", request("POST", "/api/driver/orders/1%27;--/assign", { kMine }), 400,
         "INVALID_REQUEST");
    http("http: ..%2f in the path",
         request("POST", "/api/driver/orders/..%2f..%2fhealthz/assign", { kMine }), 400,
         "INVALID_REQUEST");
    http("http: ../ out of the API", request("GET", "/api/driver/../../metrics/../etc/passwd"), 404,
         "NOT_FOUND");
    http("http: NUL in the path", request("GET", "/healthz%00", { kMine }), 404, "NOT_FOUND");
    http("http: 8 KB path",
         request("GET", "/api/driver/orders/" + QByteArray(8192, 'a'), { kMine }), 404,
         "NOT_FOUND");
    // --- HTTP: headers ----------------------------------------------------------------------
    http("http: no Authorization", request("POST", "/api/driver/orders/{order}/assign"), 401,
         "UNAUTHORIZED");
    http("http: empty Authorization",
         request("POST", "/api/driver/orders/{order}/assign", { "Authorization:" }), 401,
         "UNAUTHORIZED");
    http("http: Basic credentials",
         request("POST", "/api/driver/orders/{order}/assign",
                 { "Authorization: Basic ZHJpdmVyOnNlY3JldA==" }),
         401, "UNAUTHORIZED");
    http("http: lowercase bearer (RFC 7235: scheme is case-insensitive)",
         request("GET", "/api/driver/orders/available", { "Authorization: bearer {token}" }), 200,
         "OK");
    http("http: token with trailing garbage",
         request("POST", "/api/driver/orders/{order}/assign",
                 { "Authorization: Bearer {token} ' OR 1=1" }),
         401, "UNAUTHORIZED");
    http("http: 10 KB token",
         request("POST", "/api/driver/orders/{order}/assign",
                 { "Authorization: Bearer " + QByteArray(10240, 'A') }),
         401, "UNAUTHORIZED");
    http("http: two Authorization headers, garbage first",
         request("POST", "/api/driver/orders/{order}/assign",
                 { "Authorization: Bearer nope", kMine }),
         401, "UNAUTHORIZED");
    http("http: two Authorization headers, two drivers",
         request("POST", "/api/driver/orders/{order}/assign",
                 { kMine, "Authorization: Bearer {other}" }),
         401, "UNAUTHORIZED");
    http("http: token in the query string",
         request("POST", "/api/driver/orders/{order}/assign?access_token={token}"), 401,
         "UNAUTHORIZED");
    http("http: 300-byte Idempotency-Key",
         request("POST", "/api/driver/orders/{order}/assign",
                 { kMine, "Idempotency-Key: " + QByteArray(300, 'k') }),
         400, "INVALID_REQUEST");
    // --- HTTP: bodies -------------------------------------------------------------------------
    http("http: 1 MB body",
         request("POST", "/api/driver/orders/{order}/assign",
                 { kMine, "Content-Type: application/json" }, QByteArray(1024 * 1024, 'x')),
         413, "PAYLOAD_TOO_LARGE");
    http("http: invalid JSON, no token",
         request("POST", "/api/driver/orders/{order}/assign", { "Content-Type: application/json" },
                 "{\"driver_id\": 1,"),
         401, "UNAUTHORIZED");
    http("http: driver_id in the body does not choose the driver",
         request("POST", "/api/driver/orders/{order}/assign", { "Content-Type: application/json" },
                 "{\"driver_id\": 1}"),
         401, "UNAUTHORIZED");
    http("http: token in a form body",
         request("POST", "/api/driver/orders/{order}/assign",
                 { "Content-Type: application/x-www-form-urlencoded" }, "access_token={token}"),
         401, "UNAUTHORIZED");
    http("http: invalid JSON on the list",
         request("GET", "/api/driver/orders/available", { kMine, "Content-Type: text/xml" },
                 "<x>{{{"),
         200, "OK");
    // --- HTTP: methods ------------------------------------------------------------------------
    http("http: DELETE on assign",
         request("DELETE", "/api/driver/orders/{order}/assign", { kMine }), 405,
         "METHOD_NOT_ALLOWED");
    http("http: PATCH on assign", request("PATCH", "/api/driver/orders/{order}/assign", { kMine }),
         405, "METHOD_NOT_ALLOWED");
    http("http: TRACE on healthz", request("TRACE", "/healthz"), 405, "METHOD_NOT_ALLOWED");
    http("http: OPTIONS on assign",
         request("OPTIONS", "/api/driver/orders/{order}/assign", { kMine }), 405,
         "METHOD_NOT_ALLOWED");
    http("http: POST on the list", request("POST", "/api/driver/orders/available", { kMine }, ""),
         405, "METHOD_NOT_ALLOWED");
}

void FaultHostileInputsTest::hostileInputIsRefusedAndChangesNothing()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, arguments);
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QFETCH(int, expected);
    QFETCH(QString, message);
    ++m_rows;

    const QString before = snapshot();
    QVERIFY(!before.isEmpty());

    if (kind == QLatin1String("cli")) {
        const Run run = runConsole(arguments);
        const QString line = run.err.trimmed();
        qInfo("%s", qPrintable(line.left(200)));
        QCOMPARE(run.exitCode, expected);
        QVERIFY2(line.contains(message), qPrintable(line));
        QVERIFY2(!line.contains(QLatin1Char('\n')), qPrintable(line)); // one line
        QVERIFY2(line.size() < 600, qPrintable(line.left(600)));
    } else if (kind == QLatin1String("filter")) {
        ReadyOrdersModel board(m_boardConnection->database());
        board.setFilterText(text);
        QVERIFY(board.filterText().size() <= 200);
        QVERIFY(board.refresh());
        QCOMPARE(board.rowCount(), expected);
    } else if (kind == QLatin1String("search")) {
        InspectorSearchModel model(m_session.get());
        model.search(text);
        qInfo("%s", qPrintable(model.message().left(200)));
        QCOMPARE(model.rowCount(), expected);
        QVERIFY2(model.message().contains(message), qPrintable(model.message()));
        QVERIFY(!model.message().contains(QLatin1String("ERROR")));
        QVERIFY(!model.message().contains(QLatin1String("SELECT")));
    } else {
        bytes.replace("{token}", m_token.toLatin1());
        bytes.replace("{other}", m_otherToken.toLatin1());
        bytes.replace("{order}", QByteArray::number(m_order));
        const HttpAnswer answer = rawHttp(m_api->port(), bytes);
        qInfo("%d %s", answer.status, answer.body.left(200).constData());
        QCOMPARE(answer.status, expected);
        QVERIFY2(answer.body.contains(message.toLatin1()), answer.body.left(300).constData());
        QVERIFY(!answer.body.contains("ERROR"));
        QVERIFY(!answer.body.contains(m_token.toLatin1()));
        const HttpAnswer health = rawHttp(m_api->port(), request("GET", "/healthz"));
        QCOMPARE(health.status, 200);
    }
    QCOMPARE(snapshot(), before);
}

void FaultHostileInputsTest::accessLogNeverHoldsTheToken()
{
    QVERIFY(!m_log.isEmpty());
    for (const QString &line : std::as_const(m_log)) {
        QVERIFY2(!line.contains(m_token), qPrintable(line));
        QVERIFY2(!line.contains(m_otherToken), qPrintable(line));
        QVERIFY2(line.size() < 400, qPrintable(line.left(400)));
    }
}

QTEST_GUILESS_MAIN(FaultHostileInputsTest)
#include "tst_faulthostileinputs.moc"

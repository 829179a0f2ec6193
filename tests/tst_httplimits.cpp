// What one HTTP client may cost the driver API (issue 12, M4 and L1 of the outside review):
// a huge body is refused from its Content-Length before it is read (measured on the real
// `dispatch-console serve` process), a huge header is refused, slow or idle connections are
// closed, the connection cap holds, ambiguous framing (request smuggling) is refused, and
// pipelined requests are answered in request order. Raw QTcpSocket clients, because a
// well-behaved client (QNetworkAccessManager) never does any of this.

#include "claims/drivertokens.h"
#include "http/driverapi.h"
#include "testcluster.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

namespace {

struct RawResponse
{
    int status = 0;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

    QString code() const
    {
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("code")).toString();
    }
};

// The responses whole in stream, in order (ours always carry Content-Length).
QList<RawResponse> responsesIn(const QByteArray &stream)
{
    QList<RawResponse> responses;
    qsizetype at = 0;
    while (true) {
        const qsizetype headEnd = stream.indexOf("\r\n\r\n", at);
        if (headEnd < 0)
            break;
        const QList<QByteArray> lines = stream.mid(at, headEnd - at).split('\n');
        RawResponse response;
        const QList<QByteArray> statusLine = lines.front().trimmed().split(' ');
        if (statusLine.size() < 2 || !statusLine.front().startsWith("HTTP/1."))
            break;
        response.status = statusLine.at(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0) {
                response.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                        lines.at(i).mid(colon + 1).trimmed());
            }
        }
        const qsizetype length = response.headers.value("content-length", "0").toLongLong();
        if (stream.size() < headEnd + 4 + length)
            break;
        response.body = stream.mid(headEnd + 4, length);
        responses.append(response);
        at = headEnd + 4 + length;
    }
    return responses;
}

// A raw client connection: what it received, and whether the server closed it.
class RawClient : public QObject
{
public:
    explicit RawClient(quint16 port)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool waitConnected() { return socket.waitForConnected(10000); }
    QList<RawResponse> responses() const { return responsesIn(received); }
    // Event loop until n whole responses arrived or the server hung up (generous cap).
    bool waitForResponses(int n, int capMs = 60000)
    {
        return QTest::qWaitFor([&] { return responses().size() >= n || closed; }, capMs)
            && responses().size() >= n;
    }
    bool waitForClose(int capMs = 60000)
    {
        return QTest::qWaitFor([&] { return closed; }, capMs);
    }

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
};

// The process's peak resident set (VmHWM), in KiB; -1 if unreadable.
qint64 peakRssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression hwm(QStringLiteral("^VmHWM:\\s+(\\d+) kB"),
                                 QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = hwm.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

class HttpLimitsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void threeHundredMegabytePostIsRefused413WithoutGrowingTheServer();
    void twoMegabyteHeaderLineIsRefused431();
    void endlessChunkedBodyIsCutOffAtTheBodyLimit();
    void ambiguousFramingIsRefused_data();
    void ambiguousFramingIsRefused();
    void slowlorisHeadersAreCutOffAfterTheRequestTimeout();
    void idleConnectionsAreClosedAfterTheIdleTimeout();
    void connectionOverTheCapIsRefused503UntilOneCloses();
    void pipelinedRequestsAreAnsweredInRequestOrder();
    void pipelineDeeperThanTheLimitGets503InItsTurn();

private:
    std::unique_ptr<DriverApi> startApi(const HttpLimits &limits, int workers = 4);
    // A claim for a ready order parked on a row lock held by the fixture: the request, and
    // the connection holding the lock (ROLLBACK releases it).
    struct Parked
    {
        qint64 order = 0;
        QByteArray request;
        std::unique_ptr<DatabaseConnection> blocker;
    };
    Parked parkedClaim();
    bool waitUntilClaimBlocked(const DriverApi &api);

    TestCluster m_cluster;
    std::unique_ptr<DatabaseConnection> m_tokens;
    std::unique_ptr<DriverApi> m_api; // default limits
    QStringList m_log;
};

void HttpLimitsTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("httplimits"));
    m_tokens = m_cluster.connect(QStringLiteral("tokens"));
    m_api = startApi(HttpLimits());
    QVERIFY(m_api);
}

void HttpLimitsTest::cleanupTestCase()
{
    m_api.reset();
    m_tokens.reset();
}

std::unique_ptr<DriverApi> HttpLimitsTest::startApi(const HttpLimits &limits, int workers)
{
    DriverApi::Options options;
    options.port = 0;
    options.workers = workers;
    options.limits = limits;
    options.accessLog = [this](const QString &line) {
        m_log.append(line);
    };
    auto api = std::make_unique<DriverApi>(m_cluster.settings(), options);
    QString error;
    if (!api->start(&error)) {
        qWarning("cannot start the API: %s", qPrintable(error));
        return nullptr;
    }
    return api;
}

HttpLimitsTest::Parked HttpLimitsTest::parkedClaim()
{
    Parked parked;
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Piper Line"));
    const DriverTokens::Result token = DriverTokens::issue(m_tokens->database(), driver);
    parked.order = m_cluster.addReadyOrder();
    parked.request = "POST /api/driver/orders/" + QByteArray::number(parked.order)
        + "/assign HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.token.toLatin1()
        + "\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n";
    parked.blocker = m_cluster.connect(QStringLiteral("blocker"));
    QSqlQuery lock(parked.blocker->database());
    if (!lock.exec(QStringLiteral("BEGIN"))
        || !lock.exec(
            QStringLiteral("SELECT id FROM orders WHERE id = %1 FOR UPDATE").arg(parked.order)))
        qWarning("cannot lock the order: %s", qPrintable(lock.lastError().text()));
    return parked;
}

bool HttpLimitsTest::waitUntilClaimBlocked(const DriverApi &api)
{
    // The server's worker waits for the fixture's row lock (pg_stat_activity, polled).
    const QString workers = QStringLiteral("dispatch-console/http-%1-%").arg(api.port());
    return QTest::qWaitFor(
        [&] {
            return m_cluster
                       .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                              "wait_event_type = 'Lock' AND application_name "
                                              "LIKE ?"),
                               { workers })
                       .toInt()
                > 0;
        },
        60000);
}

void HttpLimitsTest::threeHundredMegabytePostIsRefused413WithoutGrowingTheServer()
{
    // The real `serve` process, so that its memory is measured alone.
    QProcess serve;
    serve.setProcessChannelMode(QProcess::SeparateChannels);
    serve.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                { QStringLiteral("serve"), QStringLiteral("--database"),
                  m_cluster.settings().toConnectionString(), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--workers"),
                  QStringLiteral("2") });
    QVERIFY(serve.waitForStarted(30000));
    QByteArray out;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     out += serve.readAllStandardOutput();
                     return out.contains('\n') || serve.state() != QProcess::Running;
                 },
                 120000),
             serve.readAllStandardError().constData());
    const QRegularExpressionMatch listening
        = QRegularExpression(QStringLiteral("^listening on http://127.0.0.1:(\\d+)"))
              .match(QString::fromLatin1(out));
    QVERIFY2(listening.hasMatch(), serve.readAllStandardError().constData());
    const quint16 port = quint16(listening.captured(1).toUInt());
    const qint64 before = peakRssKb(serve.processId());
    QVERIFY(before > 0);

    // Content-Length says 300 MB; up to 64 MB of it are sent, 1 MB at a time, whatever the
    // server answers, until it hangs up. A server that buffers before deciding grows by twice
    // that.
    RawClient client(port);
    QVERIFY(client.waitConnected());
    client.socket.write("POST /api/driver/orders/1/assign HTTP/1.1\r\nHost: x\r\n"
                        "Content-Length: 314572800\r\n\r\n");
    const QByteArray megabyte(1024 * 1024, 'x');
    qint64 sent = 0;
    const auto feed = [&] {
        while (sent < 64 * megabyte.size() && client.socket.bytesToWrite() < megabyte.size()
               && !client.closed) {
            client.socket.write(megabyte);
            sent += megabyte.size();
        }
    };
    connect(&client.socket, &QTcpSocket::bytesWritten, &client, feed);
    feed();
    const bool answered = client.waitForResponses(1, 60000);
    // Either the server hung up or the client fed all it meant to: both end the feeding.
    QVERIFY(QTest::qWaitFor([&] { return client.closed || sent == 64 * megabyte.size(); }, 60000));
    client.socket.abort();
    const qint64 after = peakRssKb(serve.processId());
    qInfo("serve: VmHWM %lld kB before, %lld kB after; %lld MB of body sent", before, after,
          sent / megabyte.size());
    // The body must not be buffered: the peak grows by far less than what was sent before the
    // refusal (a buffering server grows by at least that), and, in a plain build, stays under
    // the 64 MB the issue promises. A sanitizer build starts near 64 MB on its own (shadow
    // memory, quarantine), so there only the growth is measured.
    QVERIFY2(after - before < 16 * 1024,
             qPrintable(QStringLiteral("peak RSS grew from %1 to %2 kB").arg(before).arg(after)));
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    QVERIFY2(after < 64 * 1024, qPrintable(QStringLiteral("peak RSS %1 kB").arg(after)));
#endif
    QVERIFY(answered);
    const RawResponse refusal = client.responses().front();
    QCOMPARE(refusal.status, 413);
    QCOMPARE(refusal.code(), QStringLiteral("PAYLOAD_TOO_LARGE"));
    QCOMPARE(refusal.headers.value("connection"), QByteArray("close"));

    // Still serving.
    RawClient health(port);
    QVERIFY(health.waitConnected());
    health.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(health.waitForResponses(1));
    QCOMPARE(health.responses().front().status, 200);
    serve.terminate();
    QVERIFY(serve.waitForFinished(30000));
}

void HttpLimitsTest::twoMegabyteHeaderLineIsRefused431()
{
    RawClient client(m_api->port());
    QVERIFY(client.waitConnected());
    client.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(2 << 20, 'a')
                        + "\r\n\r\n");
    QVERIFY(client.waitForResponses(1));
    const RawResponse refusal = client.responses().front();
    QCOMPARE(refusal.status, 431);
    QCOMPARE(refusal.code(), QStringLiteral("HEADERS_TOO_LARGE"));
    QVERIFY(client.waitForClose());
    QCOMPARE(client.responses().size(), 1); // Qt never got to read it
    QVERIFY(m_log.last().contains(QLatin1String(" 431 HEADERS_TOO_LARGE")));
}

void HttpLimitsTest::endlessChunkedBodyIsCutOffAtTheBodyLimit()
{
    // Chunks that never end: counted as they come, refused once past the body limit.
    RawClient client(m_api->port());
    QVERIFY(client.waitConnected());
    client.socket.write("POST /api/driver/orders/1/assign HTTP/1.1\r\nHost: x\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n");
    const QByteArray chunk = "2000\r\n" + QByteArray(0x2000, 'x') + "\r\n";
    for (int i = 0; i < 256; ++i) // 2 MB, no final chunk
        client.socket.write(chunk);
    QVERIFY(client.waitForResponses(1));
    QCOMPARE(client.responses().front().status, 413);
    QCOMPARE(client.responses().front().code(), QStringLiteral("PAYLOAD_TOO_LARGE"));
    QVERIFY(client.waitForClose());
}

void HttpLimitsTest::ambiguousFramingIsRefused_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const QByteArray start = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    // Controls: plain framings still work.
    QTest::newRow("no body") << start + "\r\n" << 200;
    QTest::newRow("small Content-Length body") << start + "Content-Length: 5\r\n\r\nhello" << 200;
    QTest::newRow("small chunked body")
        << start + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        << 200;
    QTest::newRow("two equal Content-Length")
        << start + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" << 200;
    // What a proxy in front may read differently (request smuggling).
    QTest::newRow("Content-Length and chunked")
        << start + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("two different Content-Length")
        << start + "Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello" << 400;
    QTest::newRow("space before the colon") << start + "Content-Length : 5\r\n\r\nhello" << 400;
    QTest::newRow("folded header line") << start + "X-A: b\r\n c\r\n\r\n" << 400;
    QTest::newRow("line without a colon") << start + "X-A b\r\n\r\n" << 400;
    QTest::newRow("negative Content-Length") << start + "Content-Length: -1\r\n\r\n" << 400;
    QTest::newRow("Content-Length list") << start + "Content-Length: 5, 5\r\n\r\nhello" << 400;
    QTest::newRow("twenty-digit Content-Length")
        << start + "Content-Length: 99999999999999999999\r\n\r\n"
        << 413;
    QTest::newRow("gzip, chunked") << start + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
                                   << 501;
    QTest::newRow("chunked twice")
        << start + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 501;
}

void HttpLimitsTest::ambiguousFramingIsRefused()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawClient client(m_api->port());
    QVERIFY(client.waitConnected());
    client.socket.write(request);
    QVERIFY(client.waitForResponses(1));
    QCOMPARE(client.responses().front().status, status);
    if (status != 200) {
        QCOMPARE(client.responses().front().headers.value("connection"), QByteArray("close"));
        QVERIFY(client.waitForClose());
        QCOMPARE(client.responses().size(), 1); // the route never saw it
    }
}

void HttpLimitsTest::slowlorisHeadersAreCutOffAfterTheRequestTimeout()
{
    HttpLimits limits;
    limits.requestTimeoutMs = 1000;
    std::unique_ptr<DriverApi> api = startApi(limits);
    QVERIFY(api);
    RawClient client(api->port());
    QVERIFY(client.waitConnected());
    // One header line every 100 ms, never the blank line: well within the header limit for
    // the whole run, so only the timeout can end it.
    client.socket.write("GET /healthz HTTP/1.1\r\n");
    QTimer trickle;
    int lines = 0;
    connect(&trickle, &QTimer::timeout, &client, [&] {
        if (!client.closed)
            client.socket.write("X-Trickle-" + QByteArray::number(++lines) + ": y\r\n");
    });
    trickle.start(100);
    QVERIFY(client.waitForClose());
    trickle.stop();
    QVERIFY(lines > 0);
    QCOMPARE(client.responses().size(), 1);
    QCOMPARE(client.responses().front().status, 408);
    QCOMPARE(client.responses().front().code(), QStringLiteral("REQUEST_TIMEOUT"));
}

void HttpLimitsTest::idleConnectionsAreClosedAfterTheIdleTimeout()
{
    HttpLimits limits;
    limits.idleTimeoutMs = 1000;
    std::unique_ptr<DriverApi> api = startApi(limits);
    QVERIFY(api);

    // Connected, never a byte: closed without an answer.
    RawClient silent(api->port());
    QVERIFY(silent.waitConnected());
    QVERIFY(silent.waitForClose());
    QVERIFY(silent.received.isEmpty());

    // Kept alive after one answer, then nothing: closed too.
    RawClient kept(api->port());
    QVERIFY(kept.waitConnected());
    kept.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    QVERIFY(kept.waitForResponses(1));
    QCOMPARE(kept.responses().front().status, 200);
    QCOMPARE(kept.responses().front().headers.value("connection"), QByteArray("keep-alive"));
    QVERIFY(kept.waitForClose());
    QCOMPARE(kept.responses().size(), 1);
}

void HttpLimitsTest::connectionOverTheCapIsRefused503UntilOneCloses()
{
    HttpLimits limits;
    limits.maxConnections = 3;
    std::unique_ptr<DriverApi> api = startApi(limits);
    QVERIFY(api);

    // Three connections that the server has accepted (each answered once, kept open).
    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < 3; ++i) {
        open.push_back(std::make_unique<RawClient>(api->port()));
        QVERIFY(open.back()->waitConnected());
        open.back()->socket.write(
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
        QVERIFY(open.back()->waitForResponses(1));
        QCOMPARE(open.back()->responses().front().status, 200);
    }

    RawClient fourth(api->port());
    QVERIFY(fourth.waitConnected());
    fourth.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(fourth.waitForResponses(1));
    QCOMPARE(fourth.responses().front().status, 503);
    QCOMPARE(fourth.responses().front().code(), QStringLiteral("SERVER_BUSY"));
    QCOMPARE(fourth.responses().front().headers.value("retry-after"), QByteArray("1"));
    QVERIFY(fourth.waitForClose());

    // One hangs up: a new connection is served again once the server has noticed.
    open.front()->socket.disconnectFromHost();
    open.erase(open.begin());
    QVERIFY(QTest::qWaitFor(
        [&] {
            RawClient next(api->port());
            if (!next.waitConnected())
                return false;
            next.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            return next.waitForResponses(1) && next.responses().front().status == 200;
        },
        60000));
}

void HttpLimitsTest::pipelinedRequestsAreAnsweredInRequestOrder()
{
    // The review's L1: a claim parked on a row lock, then /healthz and /metrics on the same
    // connection. They must come back assign, healthz, metrics.
    Parked parked = parkedClaim();
    QVERIFY(parked.blocker);
    RawClient client(m_api->port());
    QVERIFY(client.waitConnected());
    client.socket.write(parked.request
                        + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
                          "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    QVERIFY(waitUntilClaimBlocked(*m_api));
    // Nothing may overtake the parked claim; and nothing is lost: release it.
    QVERIFY2(client.received.isEmpty(), client.received.left(200).constData());
    QSqlQuery rollback(parked.blocker->database());
    QVERIFY_SQL(rollback, exec(QStringLiteral("ROLLBACK")));

    QVERIFY(client.waitForResponses(3));
    const QList<RawResponse> answers = client.responses();
    const QJsonObject claim = QJsonDocument::fromJson(answers.at(0).body).object();
    QCOMPARE(claim.value(QStringLiteral("order_id")).toInteger(), parked.order);
    QCOMPARE(answers.at(0).headers.value("connection"), QByteArray("keep-alive"));
    QCOMPARE(answers.at(1).status, 200);
    QCOMPARE(answers.at(1).code(), QStringLiteral("OK"));
    QVERIFY(answers.at(2).headers.value("content-type").startsWith("text/plain"));
    QVERIFY(answers.at(2).body.contains("dispatch_http_requests_total"));
    QCOMPARE(answers.at(2).headers.value("connection"), QByteArray("keep-alive"));
}

void HttpLimitsTest::pipelineDeeperThanTheLimitGets503InItsTurn()
{
    HttpLimits limits;
    limits.maxPipelinedRequests = 4;
    std::unique_ptr<DriverApi> api = startApi(limits);
    QVERIFY(api);
    Parked parked = parkedClaim();
    QVERIFY(parked.blocker);
    RawClient client(api->port());
    QVERIFY(client.waitConnected());
    // The parked claim and three more fill the pipeline; the fifth is refused in its turn,
    // the sixth is never read.
    QByteArray pipeline = parked.request;
    for (int i = 0; i < 5; ++i)
        pipeline += "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
    m_log.clear();
    client.socket.write(pipeline);
    QVERIFY(waitUntilClaimBlocked(*api));
    // The server reads one pipelined request per turn of its event loop: wait for its
    // decision on the fifth (logged when made), then for nothing to have overtaken the claim.
    QTRY_VERIFY_WITH_TIMEOUT(m_log.filter(QStringLiteral(" 503 SERVER_BUSY")).size() == 1, 60000);
    QVERIFY(client.received.isEmpty());
    QSqlQuery rollback(parked.blocker->database());
    QVERIFY_SQL(rollback, exec(QStringLiteral("ROLLBACK")));

    QVERIFY(client.waitForClose());
    const QList<RawResponse> answers = client.responses();
    QCOMPARE(answers.size(), 5);
    QCOMPARE(QJsonDocument::fromJson(answers.at(0).body)
                 .object()
                 .value(QStringLiteral("order_id"))
                 .toInteger(),
             parked.order);
    for (int i = 1; i < 4; ++i)
        QCOMPARE(answers.at(i).status, 200);
    QCOMPARE(answers.at(4).status, 503);
    QCOMPARE(answers.at(4).code(), QStringLiteral("SERVER_BUSY"));
    QCOMPARE(answers.at(3).headers.value("connection"), QByteArray("keep-alive"));
    QCOMPARE(answers.at(4).headers.value("connection"), QByteArray("close"));
}

QTEST_GUILESS_MAIN(HttpLimitsTest)
#include "tst_httplimits.moc"

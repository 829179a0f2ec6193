// The driver HTTP API (issue 6) from a real HTTP client: the server runs in-process on
// port 0 against a throwaway cluster, QNetworkAccessManager talks to it over loopback.
// Every status of the outcome table, the seed's Test 1 and Test 2 (as 32 drivers racing for
// one order, 100 rounds), bad input that must change nothing, idempotency keys, a saturated
// pool, a lost database, metrics and the access log.

#include "claims/drivertokens.h"
#include "http/driverapi.h"
#include "testcluster.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>

namespace {

struct Answer
{
    int status = 0; // 0: no HTTP answer at all
    QByteArray body;
    QJsonObject json;
    QMap<QByteArray, QByteArray> headers; // lower-case names

    QString code() const { return json.value(QStringLiteral("code")).toString(); }
};

// Waits (event loop, generous cap) until every reply finished. Not a timing assertion:
// the cap only turns a hang into a failure.
bool waitForAll(const QList<QNetworkReply *> &replies, int capMs = 120000)
{
    QEventLoop loop;
    QTimer cap;
    cap.setSingleShot(true);
    QObject::connect(&cap, &QTimer::timeout, &loop, &QEventLoop::quit);
    for (QNetworkReply *reply : replies) {
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&loop, &replies] {
            if (std::all_of(replies.cbegin(), replies.cend(),
                            [](QNetworkReply *r) { return r->isFinished(); }))
                loop.quit();
        });
    }
    if (std::all_of(replies.cbegin(), replies.cend(),
                    [](QNetworkReply *r) { return r->isFinished(); }))
        return true;
    cap.start(capMs);
    loop.exec();
    return std::all_of(replies.cbegin(), replies.cend(),
                       [](QNetworkReply *r) { return r->isFinished(); });
}

Answer answerOf(QNetworkReply *reply)
{
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.json = QJsonDocument::fromJson(answer.body).object();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        answer.headers.insert(name.toLower(), value);
    return answer;
}

} // namespace

class HttpApiTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void listensOnTheChosenPortAndIsHealthy();
    void outcomeTable_data();
    void outcomeTable();
    void seedTest1SequentialAssignmentIs200Then409();
    void releaseIsForTheHoldingDriverOnly();
    void availableListsReadyUnheldOrdersOnly();
    void raceOfThirtyTwoDriversHasOneWinnerPerRound();
    void badInputIsRefusedAndChangesNothing_data();
    void badInputIsRefusedAndChangesNothing();
    void garbageOnTheSocketDoesNotHurtTheServer();
    void idempotencyKeyReplaysTheOriginalAnswer();
    void idempotencyKeyForADifferentRequestIs422();
    void saturatedPoolAnswers503WithRetryAfter();
    void lostDatabaseAnswers503ThenRecovers();
    void metricsCountClaimsConflictsAndLatency();
    void accessLogHasOneLinePerRequestAndNoToken();
    void tokensAreStoredOnlyAsHashesAndCanBeRevoked();

    // The delivery after the claim, drivers' shift and capacity (issue 16, sql/015).
    void deliveryStepAnswers_data();
    void deliveryStepAnswers();
    void wholeDeliveryOverHttpWithIdempotencyKeys();
    void failNeedsAReasonInTheBody_data();
    void failNeedsAReasonInTheBody();
    void mineListsOnlyMyOrdersInDelivery();
    void shiftOffStopsClaimsAndIsReported();
    void capacityRefusesTheFourthClaimWith409();
    void everyRequestUpdatesLastSeen();
    void newRoutesRefuseWrongMethodsAndTokens();

private:
    Answer post(const QString &path, const QString &token, const QByteArray &body = {},
                const QList<QPair<QByteArray, QByteArray>> &headers = {});
    std::unique_ptr<DriverApi> startApi(int workers, int queueLimit);
    QNetworkReply *send(QNetworkAccessManager &client, const QByteArray &method,
                        const QString &pathAndQuery, const QByteArray &authorization,
                        const QByteArray &body = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {},
                        const DriverApi *api = nullptr);
    Answer call(const QByteArray &method, const QString &pathAndQuery,
                const QByteArray &authorization, const QByteArray &body = {},
                const QList<QPair<QByteArray, QByteArray>> &headers = {},
                const DriverApi *api = nullptr);
    Answer assign(qint64 order, const QString &token,
                  const QList<QPair<QByteArray, QByteArray>> &headers = {});
    QString issueToken(qint64 driver);
    static QByteArray bearer(const QString &token) { return "Bearer " + token.toLatin1(); }
    QString stateSnapshot();

    TestCluster m_cluster;
    std::unique_ptr<DatabaseConnection> m_tokens; // for DriverTokens::issue/revoke
    std::unique_ptr<DriverApi> m_api;
    QStringList m_log;
    QNetworkAccessManager m_client;
};

void HttpApiTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("httpapi"));
    m_tokens = m_cluster.connect(QStringLiteral("tokens"));
    m_api = startApi(4, 64);
    QVERIFY(m_api);
}

void HttpApiTest::cleanupTestCase()
{
    m_api.reset();
    m_tokens.reset();
}

std::unique_ptr<DriverApi> HttpApiTest::startApi(int workers, int queueLimit)
{
    DriverApi::Options options;
    options.port = 0;
    options.workers = workers;
    options.queueLimit = queueLimit;
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

QNetworkReply *HttpApiTest::send(QNetworkAccessManager &client, const QByteArray &method,
                                 const QString &pathAndQuery, const QByteArray &authorization,
                                 const QByteArray &body,
                                 const QList<QPair<QByteArray, QByteArray>> &headers,
                                 const DriverApi *api)
{
    const DriverApi *target = api ? api : m_api.get();
    QNetworkRequest request(QUrl(target->baseUrl() + pathAndQuery, QUrl::StrictMode));
    if (!authorization.isNull())
        request.setRawHeader("Authorization", authorization);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    if (!body.isNull())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    return client.sendCustomRequest(request, method, body);
}

Answer HttpApiTest::call(const QByteArray &method, const QString &pathAndQuery,
                         const QByteArray &authorization, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &headers, const DriverApi *api)
{
    std::unique_ptr<QNetworkReply> reply(
        send(m_client, method, pathAndQuery, authorization, body, headers, api));
    if (!waitForAll({ reply.get() }))
        return {};
    return answerOf(reply.get());
}

Answer HttpApiTest::assign(qint64 order, const QString &token,
                           const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return call("POST", QStringLiteral("/api/driver/orders/%1/assign").arg(order), bearer(token),
                QByteArray(), headers);
}

Answer HttpApiTest::post(const QString &path, const QString &token, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return call("POST", path, bearer(token), body, headers);
}

QString HttpApiTest::issueToken(qint64 driver)
{
    const DriverTokens::Result result = DriverTokens::issue(m_tokens->database(), driver);
    if (!result.ok)
        qWarning("token: %s", qPrintable(result.error));
    return result.token;
}

// Everything a refused request must leave alone (claim attempts are counted apart: a
// refusal by the claim itself is recorded, by design).
QString HttpApiTest::stateSnapshot()
{
    return m_cluster
        .scalar(QStringLiteral(
            "SELECT (SELECT count(*) FROM orders) || '/' || (SELECT count(*) FROM order_history)"
            " || '/'"
            " || (SELECT count(*) FROM http_idempotency) || '/'"
            " || (SELECT coalesce(string_agg(id || ':' || status || ':' || coalesce(driver_id, 0),"
            " ',' ORDER BY id), '') FROM orders)"))
        .toString();
}

void HttpApiTest::listensOnTheChosenPortAndIsHealthy()
{
    QVERIFY(m_api->port() != 0);
    QCOMPARE(m_api->baseUrl(), QStringLiteral("http://127.0.0.1:%1").arg(m_api->port()));
    const Answer health = call("GET", QStringLiteral("/healthz"), QByteArray());
    QCOMPARE(health.status, 200);
    QCOMPARE(health.code(), QStringLiteral("OK"));
}

void HttpApiTest::outcomeTable_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<int>("expectedStatus");
    QTest::addColumn<QString>("expectedCode");

    QTest::newRow("ready order: assigned") << "ready" << 200 << "ASSIGNED";
    QTest::newRow("another driver has it") << "assigned-other" << 409 << "ORDER_ALREADY_ASSIGNED";
    QTest::newRow("I already have it") << "assigned-me" << 409 << "ORDER_ALREADY_ASSIGNED";
    QTest::newRow("held by a dispatcher") << "held" << 409 << "ORDER_HELD";
    QTest::newRow("no such order") << "missing" << 404 << "ORDER_NOT_FOUND";
    QTest::newRow("still preparing") << "preparing" << 400 << "ORDER_NOT_READY";
    QTest::newRow("order not active") << "inactive-order" << 400 << "ORDER_NOT_ACTIVE";
    QTest::newRow("malformed id") << "malformed" << 400 << "INVALID_REQUEST";
    QTest::newRow("no token") << "no-token" << 401 << "UNAUTHORIZED";
    QTest::newRow("revoked token") << "revoked" << 401 << "UNAUTHORIZED";
    QTest::newRow("inactive driver") << "inactive-driver" << 403 << "DRIVER_INACTIVE";
}

void HttpApiTest::outcomeTable()
{
    QFETCH(QString, setup);
    QFETCH(int, expectedStatus);
    QFETCH(QString, expectedCode);

    const qint64 me = m_cluster.addDriver(QStringLiteral("Ada Me"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Bo Other"));
    const QString myToken = issueToken(me);
    const QString otherToken = issueToken(other);
    QVERIFY(!myToken.isEmpty() && !otherToken.isEmpty());
    qint64 order = m_cluster.addReadyOrder();
    QString path = QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    QByteArray authorization = bearer(myToken);

    if (setup == QLatin1String("assigned-other")) {
        QCOMPARE(assign(order, otherToken).status, 200);
    } else if (setup == QLatin1String("assigned-me")) {
        QCOMPARE(assign(order, myToken).status, 200);
    } else if (setup == QLatin1String("held")) {
        m_cluster.exec(QStringLiteral("SELECT * FROM hold_order(?, 'console:alice', 60)"),
                       { order });
    } else if (setup == QLatin1String("missing")) {
        order += 100000;
        path = QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    } else if (setup == QLatin1String("preparing")) {
        m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'preparing' WHERE id = ?"),
                       { order });
    } else if (setup == QLatin1String("inactive-order")) {
        m_cluster.exec(QStringLiteral("UPDATE orders SET is_active = false WHERE id = ?"),
                       { order });
    } else if (setup == QLatin1String("malformed")) {
        path = QStringLiteral("/api/driver/orders/abc/assign");
    } else if (setup == QLatin1String("no-token")) {
        authorization = QByteArray();
    } else if (setup == QLatin1String("revoked")) {
        QVERIFY(DriverTokens::revoke(m_tokens->database(), me).ok);
    } else if (setup == QLatin1String("inactive-driver")) {
        m_cluster.exec(QStringLiteral("UPDATE drivers SET is_active = false WHERE id = ?"), { me });
    }
    const QVariant holderBefore
        = m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order });

    const Answer answer = call("POST", path, authorization);
    QCOMPARE(answer.status, expectedStatus);
    QCOMPARE(answer.code(), expectedCode);
    QVERIFY(!answer.json.value(QStringLiteral("message")).toString().isEmpty());
    QVERIFY(answer.headers.value("content-type").startsWith("application/json"));

    const QVariant holderAfter
        = m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order });
    if (expectedStatus == 200) {
        QCOMPARE(holderAfter.toLongLong(), me);
        QCOMPARE(answer.json.value(QStringLiteral("driver_id")).toInteger(), me);
    } else {
        QCOMPARE(holderAfter, holderBefore);
    }
    if (expectedStatus == 401) {
        QVERIFY2(answer.headers.value("www-authenticate").startsWith("Bearer "),
                 answer.headers.value("www-authenticate").constData());
        QVERIFY(answer.headers.value("www-authenticate").contains("error=\"invalid_token\""));
    }
    if (expectedStatus == 200 || expectedStatus == 409 || expectedStatus == 404
        || setup == QLatin1String("preparing"))
        QCOMPARE(answer.json.value(QStringLiteral("order_id")).toInteger(), order);
    if (setup == QLatin1String("assigned-me"))
        QCOMPARE(answer.json.value(QStringLiteral("assigned_to_you")).toBool(), true);
    if (setup == QLatin1String("assigned-other")) {
        QCOMPARE(answer.json.value(QStringLiteral("assigned_to_you")).toBool(true), false);
        // Who has it, by the name the console shows (issue 17 item 9), and nothing more of
        // that driver: not their id (driver_id is the caller's own).
        QCOMPARE(answer.json.value(QStringLiteral("assigned_to")).toString(),
                 QStringLiteral("Bo Other"));
        QVERIFY2(answer.json.value(QStringLiteral("message"))
                     .toString()
                     .contains(QStringLiteral("Bo Other")),
                 answer.body.constData());
        QVERIFY(!answer.json.contains(QStringLiteral("holder_id")));
        QCOMPARE(answer.json.value(QStringLiteral("driver_id")).toInteger(), me);
    }
    if (setup == QLatin1String("held"))
        QVERIFY(!answer.json.value(QStringLiteral("held_until")).toString().isEmpty());
}

void HttpApiTest::seedTest1SequentialAssignmentIs200Then409()
{
    const qint64 driver1 = m_cluster.addDriver(QStringLiteral("Driver One"));
    const qint64 driver2 = m_cluster.addDriver(QStringLiteral("Driver Two"));
    const qint64 order = m_cluster.addReadyOrder();
    const Answer first = assign(order, issueToken(driver1));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.code(), QStringLiteral("ASSIGNED"));
    const Answer second = assign(order, issueToken(driver2));
    QCOMPARE(second.status, 409);
    QCOMPARE(second.code(), QStringLiteral("ORDER_ALREADY_ASSIGNED"));
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        driver1);
    // Both attempts are in the history support reads, recorded as coming over HTTP.
    QCOMPARE(
        m_cluster
            .scalar(QStringLiteral("SELECT string_agg(outcome || '@' || source || '@' || actor,"
                                   " ',' ORDER BY id) FROM claim_attempts WHERE order_id = ?"),
                    { order })
            .toString(),
        QStringLiteral("ASSIGNED@http@driver:%1,ORDER_ALREADY_ASSIGNED@http@driver:%2")
            .arg(driver1)
            .arg(driver2));
}

void HttpApiTest::releaseIsForTheHoldingDriverOnly()
{
    const qint64 holder = m_cluster.addDriver(QStringLiteral("Holder"));
    const qint64 intruder = m_cluster.addDriver(QStringLiteral("Intruder"));
    const QString holderToken = issueToken(holder);
    const QString intruderToken = issueToken(intruder);
    const qint64 order = m_cluster.addReadyOrder();
    QCOMPARE(assign(order, holderToken).status, 200);
    const QString path = QStringLiteral("/api/driver/orders/%1/release").arg(order);

    const Answer wrong = call("POST", path, bearer(intruderToken));
    QCOMPARE(wrong.status, 409);
    QCOMPARE(wrong.code(), QStringLiteral("ORDER_NOT_HELD_BY_DRIVER"));
    QVERIFY(!wrong.body.contains("Holder"));
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        holder);

    const Answer right = call("POST", path, bearer(holderToken));
    QCOMPARE(right.status, 200);
    QCOMPARE(right.code(), QStringLiteral("RELEASED"));
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                 .toString(),
             QStringLiteral("ready"));
    // And it can be won again, by anyone.
    QCOMPARE(assign(order, intruderToken).status, 200);
}

void HttpApiTest::availableListsReadyUnheldOrdersOnly()
{
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'cancelled' WHERE status = 'ready'"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Browser"));
    const QString token = issueToken(driver);
    const qint64 a = m_cluster.addReadyOrder(QStringLiteral("First"));
    const qint64 b = m_cluster.addReadyOrder(QStringLiteral("Second"));
    const qint64 held = m_cluster.addReadyOrder(QStringLiteral("Held"));
    const qint64 taken = m_cluster.addReadyOrder(QStringLiteral("Taken"));
    m_cluster.exec(QStringLiteral("SELECT * FROM hold_order(?, 'console:alice', 60)"), { held });
    QCOMPARE(assign(taken, token).status, 200);

    const Answer list = call("GET", QStringLiteral("/api/driver/orders/available"), bearer(token));
    QCOMPARE(list.status, 200);
    QList<qint64> ids;
    for (const QJsonValue &order : list.json.value(QStringLiteral("orders")).toArray())
        ids << order.toObject().value(QStringLiteral("order_id")).toInteger();
    QCOMPARE(ids, QList<qint64>({ a, b }));

    QCOMPARE(list.json.value(QStringLiteral("available")).toInteger(), 2);

    // A page says it is one: all that are ready, and how many are shown (issue 17 item 9).
    const Answer one
        = call("GET", QStringLiteral("/api/driver/orders/available?limit=1"), bearer(token));
    QCOMPARE(one.json.value(QStringLiteral("orders")).toArray().size(), 1);
    QCOMPARE(one.json.value(QStringLiteral("available")).toInteger(), 2);
    const QString message = one.json.value(QStringLiteral("message")).toString();
    QVERIFY2(message.startsWith(QLatin1String("2 order"))
                 && message.endsWith(QLatin1String(" Showing the oldest 1.")),
             qPrintable(message));
    QCOMPARE(
        call("GET", QStringLiteral("/api/driver/orders/available?limit=0"), bearer(token)).status,
        400);
    QCOMPARE(
        call("GET", QStringLiteral("/api/driver/orders/available?limit=abc"), bearer(token)).status,
        400);
    QCOMPARE(call("GET", QStringLiteral("/api/driver/orders/available"), QByteArray()).status, 401);
}

void HttpApiTest::raceOfThirtyTwoDriversHasOneWinnerPerRound()
{
    constexpr int kDrivers = 32;
    constexpr int kRounds = 100;
    QList<qint64> drivers;
    QList<QString> tokens;
    for (int i = 0; i < kDrivers; ++i) {
        drivers << m_cluster.addDriver(QStringLiteral("Racer %1").arg(i));
        tokens << issueToken(drivers.last());
        // A race for orders: 100 wins among 32 racers must not meet a capacity (sql/015).
        m_cluster.exec(
            QStringLiteral("UPDATE drivers SET max_concurrent_orders = NULL WHERE id = ?"),
            { drivers.last() });
    }
    // One client per driver: a single QNetworkAccessManager would send at most six at once.
    std::vector<std::unique_ptr<QNetworkAccessManager>> clients;
    for (int i = 0; i < kDrivers; ++i)
        clients.push_back(std::make_unique<QNetworkAccessManager>());

    int totalWins = 0;
    int totalConflicts = 0;
    for (int round = 0; round < kRounds; ++round) {
        const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Race %1").arg(round));
        QList<QNetworkReply *> replies;
        for (int i = 0; i < kDrivers; ++i) {
            replies << send(*clients[size_t(i)], "POST",
                            QStringLiteral("/api/driver/orders/%1/assign").arg(order),
                            bearer(tokens[i]));
        }
        QVERIFY2(waitForAll(replies), "a request got no answer");
        int wins = 0;
        qint64 winner = 0;
        for (int i = 0; i < kDrivers; ++i) {
            const Answer answer = answerOf(replies[i]);
            replies[i]->deleteLater();
            if (answer.status == 200) {
                ++wins;
                winner = drivers[i];
            } else {
                QCOMPARE(answer.status, 409);
                QCOMPARE(answer.code(), QStringLiteral("ORDER_ALREADY_ASSIGNED"));
                QCOMPARE(answer.json.value(QStringLiteral("assigned_to_you")).toBool(true), false);
                ++totalConflicts;
            }
        }
        QVERIFY2(wins == 1,
                 qPrintable(QStringLiteral("round %1: %2 winners").arg(round).arg(wins)));
        ++totalWins;
        QCOMPARE(
            m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
                .toLongLong(),
            winner);
    }
    QCOMPARE(totalWins, kRounds);
    QCOMPARE(totalConflicts, kRounds * (kDrivers - 1));
    qInfo("%d rounds x %d drivers: %d wins, %d conflicts", kRounds, kDrivers, totalWins,
          totalConflicts);
}

void HttpApiTest::badInputIsRefusedAndChangesNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path"); // {order} is replaced by a ready order's id
    QTest::addColumn<QString>("auth"); // mine, none, empty, basic, garbage, unknown, other
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("expectedStatus");

    const QString assign = QStringLiteral("/api/driver/orders/{order}/assign");
    const QByteArray none;
    QTest::newRow("non-numeric id") << QByteArray("POST") << "/api/driver/orders/abc/assign"
                                    << "mine" << none << 400;
    QTest::newRow("negative id") << QByteArray("POST") << "/api/driver/orders/-5/assign"
                                 << "mine" << none << 400;
    QTest::newRow("zero id") << QByteArray("POST") << "/api/driver/orders/0/assign"
                             << "mine" << none << 400;
    QTest::newRow("leading zero") << QByteArray("POST") << "/api/driver/orders/007/assign"
                                  << "mine" << none << 400;
    QTest::newRow("40-digit id") << QByteArray(
        "POST") << QStringLiteral("/api/driver/orders/%1/assign").arg(QString(40, QLatin1Char('9')))
                                 << "mine" << none << 400;
    QTest::newRow("just over bigint")
        << QByteArray("POST") << "/api/driver/orders/9223372036854775808/assign"
        << "mine" << none << 400;
    QTest::newRow("sql injection") << QByteArray("POST") << "/api/driver/orders/1%27;--/assign"
                                   << "mine" << none << 400;
    QTest::newRow("encoded slash") << QByteArray("POST") << "/api/driver/orders/1%2F2/assign"
                                   << "mine" << none << 400;
    QTest::newRow("exponent") << QByteArray("POST") << "/api/driver/orders/1e3/assign"
                              << "mine" << none << 400;
    QTest::newRow("empty body, order already mine")
        << QByteArray("POST") << "/api/driver/orders/{mine}/assign"
        << "mine" << QByteArray("") << 409;
    QTest::newRow("1 MB body") << QByteArray("POST") << assign << "mine"
                               << QByteArray(1024 * 1024, 'x') << 413;
    QTest::newRow("missing token") << QByteArray("POST") << assign << "none" << none << 401;
    QTest::newRow("empty token") << QByteArray("POST") << assign << "empty" << none << 401;
    QTest::newRow("wrong scheme") << QByteArray("POST") << assign << "basic" << none << 401;
    QTest::newRow("garbage token") << QByteArray("POST") << assign << "garbage" << none << 401;
    QTest::newRow("unknown token") << QByteArray("POST") << assign << "unknown" << none << 401;
    QTest::newRow("token in query string")
        << QByteArray("POST") << assign + QStringLiteral("?access_token={token}") << "none" << none
        << 401;
    QTest::newRow("token in query and header")
        << QByteArray("POST") << assign + QStringLiteral("?access_token={token}") << "mine" << none
        << 401;
    QTest::newRow("other driver releases mine")
        << QByteArray("POST") << "/api/driver/orders/{mine}/release"
        << "other" << none << 409;
    QTest::newRow("unknown route") << QByteArray("GET") << "/api/driver/orders"
                                   << "mine" << none << 404;
    QTest::newRow("unknown verb") << QByteArray("POST") << "/api/driver/orders/{order}/steal"
                                  << "mine" << none << 404;
    QTest::newRow("trailing slash")
        << QByteArray("POST") << assign + QStringLiteral("/") << "mine" << none << 404;
    QTest::newRow("root") << QByteArray("GET") << "/"
                          << "none" << none << 404;
    QTest::newRow("path traversal") << QByteArray("GET") << "/api/../etc/passwd"
                                    << "none" << none << 404;
    QTest::newRow("GET on assign") << QByteArray("GET") << assign << "mine" << none << 405;
    QTest::newRow("PUT on assign") << QByteArray("PUT") << assign << "mine" << none << 405;
    QTest::newRow("DELETE on assign") << QByteArray("DELETE") << assign << "mine" << none << 405;
    QTest::newRow("POST on healthz") << QByteArray("POST") << "/healthz"
                                     << "none" << none << 405;
    QTest::newRow("POST on available") << QByteArray("POST") << "/api/driver/orders/available"
                                       << "mine" << none << 405;
    QTest::newRow("bad idempotency key")
        << QByteArray("POST") << assign << "mine-badkey" << none << 400;
}

void HttpApiTest::badInputIsRefusedAndChangesNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, auth);
    QFETCH(QByteArray, body);
    QFETCH(int, expectedStatus);

    const qint64 me = m_cluster.addDriver(QStringLiteral("Careful"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Other"));
    const QString myToken = issueToken(me);
    const QString otherToken = issueToken(other);
    const qint64 order = m_cluster.addReadyOrder();
    const qint64 mine = m_cluster.addReadyOrder();
    QCOMPARE(assign(mine, myToken).status, 200);

    path.replace(QLatin1String("{order}"), QString::number(order));
    path.replace(QLatin1String("{mine}"), QString::number(mine));
    path.replace(QLatin1String("{missing}"), QString::number(order + 100000));
    path.replace(QLatin1String("{token}"), myToken);
    QByteArray authorization;
    QList<QPair<QByteArray, QByteArray>> headers;
    if (auth.startsWith(QLatin1String("mine")))
        authorization = bearer(myToken);
    else if (auth == QLatin1String("empty"))
        authorization = "Bearer ";
    else if (auth == QLatin1String("basic"))
        authorization = "Basic " + QByteArray("driver:secret").toBase64();
    else if (auth == QLatin1String("garbage"))
        authorization = "Bearer ' OR 1=1 --";
    else if (auth == QLatin1String("unknown"))
        authorization = bearer(DriverTokens::generate());
    else if (auth == QLatin1String("other"))
        authorization = bearer(otherToken);
    if (auth == QLatin1String("mine-badkey"))
        headers.append({ "Idempotency-Key", QByteArray(300, 'k') });

    const QString before = stateSnapshot();
    const int attemptsBefore
        = m_cluster.scalar(QStringLiteral("SELECT count(*) FROM claim_attempts")).toInt();
    const Answer answer = call(method, path, authorization, body, headers);
    QCOMPARE(answer.status, expectedStatus);
    QVERIFY2(!answer.json.value(QStringLiteral("code")).toString().isEmpty(),
             answer.body.constData());
    // Never a raw database error, never the token back.
    QVERIFY(!answer.body.contains("ERROR"));
    QVERIFY(!answer.body.contains("SQL"));
    QVERIFY(!answer.body.contains(myToken.toLatin1()));
    if (expectedStatus == 405)
        QVERIFY(!answer.headers.value("allow").isEmpty());
    // Only a request that reached the claim is recorded as an attempt (here: the driver's
    // own order again, 409 already yours); nothing else changes.
    const int attemptsAfter
        = m_cluster.scalar(QStringLiteral("SELECT count(*) FROM claim_attempts")).toInt();
    QCOMPARE(attemptsAfter - attemptsBefore,
             answer.json.value(QStringLiteral("assigned_to_you")).toBool() ? 1 : 0);
    QCOMPARE(stateSnapshot(), before);
    // The server is still there.
    QCOMPARE(call("GET", QStringLiteral("/healthz"), QByteArray()).status, 200);
}

void HttpApiTest::garbageOnTheSocketDoesNotHurtTheServer()
{
    const QString before = stateSnapshot();
    const QList<QByteArray> garbage = {
        QByteArrayLiteral("NOT-HTTP AT ALL\r\n\r\n"),
        QByteArrayLiteral("BREW /api/driver/orders/1/assign HTTP/1.1\r\nHost: x\r\n\r\n"),
        QByteArrayLiteral("POST /api/driver/orders/1/assign HTTP/1.1\r\nContent-Length: "
                          "99999999999999999999\r\n\r\n"),
        QByteArray("\x00\x01\x02\xff\r\n\r\n", 8),
    };
    for (const QByteArray &bytes : garbage) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_api->port());
        QVERIFY(socket.waitForConnected(10000));
        socket.write(bytes);
        socket.flush();
        // Whatever Qt's parser does with it (answer, or close): then we hang up.
        socket.waitForReadyRead(2000);
        socket.abort();
    }
    QCOMPARE(call("GET", QStringLiteral("/healthz"), QByteArray()).status, 200);
    QCOMPARE(stateSnapshot(), before);
}

void HttpApiTest::idempotencyKeyReplaysTheOriginalAnswer()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Retrier"));
    const qint64 rival = m_cluster.addDriver(QStringLiteral("Rival"));
    const QString token = issueToken(me);
    const qint64 order = m_cluster.addReadyOrder();
    const QList<QPair<QByteArray, QByteArray>> key = { { "Idempotency-Key", "retry-42" } };

    const Answer first = assign(order, token, key);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.code(), QStringLiteral("ASSIGNED"));
    QVERIFY(!first.headers.contains("idempotent-replayed"));

    // The response was lost; the app retries with the same key: the same answer, no new claim.
    const Answer again = assign(order, token, key);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json, first.json);
    QCOMPARE(again.headers.value("idempotent-replayed"), QByteArray("true"));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"),
                         { order })
                 .toInt(),
             1);

    // Without the key, the same driver gets the honest 409 (already yours).
    const Answer plain = assign(order, token);
    QCOMPARE(plain.status, 409);
    QCOMPARE(plain.json.value(QStringLiteral("assigned_to_you")).toBool(), true);

    // A rival using the same key string has its own key space: a real conflict.
    const Answer rivalAnswer = assign(order, issueToken(rival), key);
    QCOMPARE(rivalAnswer.status, 409);
    QCOMPARE(rivalAnswer.json.value(QStringLiteral("assigned_to_you")).toBool(true), false);

    // The key was stored with the claim, in the same transaction.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT response_status FROM http_idempotency"
                                        " WHERE driver_id = ? AND idempotency_key = 'retry-42'"),
                         { me })
                 .toInt(),
             200);
    // After 24 hours the key is forgotten: a retry is a new request (here: already yours).
    m_cluster.exec(QStringLiteral("UPDATE http_idempotency SET created_at = now() - interval "
                                  "'25 hours' WHERE driver_id = ?"),
                   { me });
    const Answer late = assign(order, token, key);
    QCOMPARE(late.status, 409);
    QVERIFY(!late.headers.contains("idempotent-replayed"));
}

void HttpApiTest::idempotencyKeyForADifferentRequestIs422()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Reuser"));
    const QString token = issueToken(me);
    const qint64 a = m_cluster.addReadyOrder();
    const qint64 b = m_cluster.addReadyOrder();
    const QList<QPair<QByteArray, QByteArray>> key = { { "Idempotency-Key", "same-key" } };
    QCOMPARE(assign(a, token, key).status, 200);
    const QString before = stateSnapshot();
    const Answer reused = assign(b, token, key);
    QCOMPARE(reused.status, 422);
    QCOMPARE(reused.code(), QStringLiteral("IDEMPOTENCY_KEY_REUSED"));
    QCOMPARE(stateSnapshot(), before);
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { b })
                 .toString(),
             QStringLiteral("ready"));
}

void HttpApiTest::saturatedPoolAnswers503WithRetryAfter()
{
    // One worker, two places in the queue. The order's row is locked by the fixture, so the
    // first claim waits inside the database and the next two wait for the worker: a fourth
    // finds no room. Each step waits for the server's own count, not for a clock.
    std::unique_ptr<DriverApi> small = startApi(1, 2);
    QVERIFY(small);
    const qint64 order = m_cluster.addReadyOrder();
    QList<QString> tokens;
    for (int i = 0; i < 4; ++i)
        tokens << issueToken(m_cluster.addDriver(QStringLiteral("Queued %1").arg(i)));
    auto blocker = m_cluster.connect(QStringLiteral("blocker"));
    QSqlQuery lock(blocker->database());
    QVERIFY_SQL(lock, exec(QStringLiteral("BEGIN")));
    QVERIFY_SQL(lock,
                exec(QStringLiteral("SELECT id FROM orders WHERE id = %1 FOR UPDATE").arg(order)));

    std::vector<std::unique_ptr<QNetworkAccessManager>> clients;
    QList<QNetworkReply *> waiting;
    const QString path = QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    for (int i = 0; i < 2; ++i) {
        clients.push_back(std::make_unique<QNetworkAccessManager>());
        waiting << send(*clients.back(), "POST", path, bearer(tokens[i]), {}, {}, small.get());
        QTRY_COMPARE_WITH_TIMEOUT(small->inFlight(), i + 1, 60000);
    }
    // A client that gives up while its request waits must not bring the server down.
    clients.push_back(std::make_unique<QNetworkAccessManager>());
    QNetworkReply *quitter
        = send(*clients.back(), "POST", path, bearer(tokens[3]), {}, {}, small.get());
    QTRY_COMPARE_WITH_TIMEOUT(small->inFlight(), 3, 60000);

    const Answer refused = call("POST", path, bearer(tokens[2]), {}, {}, small.get());
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.code(), QStringLiteral("SERVER_BUSY"));
    QCOMPARE(refused.headers.value("retry-after"), QByteArray("1"));
    quitter->abort();
    delete quitter;
    for (QNetworkReply *reply : waiting)
        QVERIFY(!reply->isFinished());

    QVERIFY_SQL(lock, exec(QStringLiteral("COMMIT")));
    QVERIFY(waitForAll(waiting));
    QList<int> statuses;
    for (QNetworkReply *reply : waiting) {
        statuses << answerOf(reply).status;
        delete reply;
    }
    std::sort(statuses.begin(), statuses.end());
    QCOMPARE(statuses, QList<int>({ 200, 409 }));
    QCOMPARE(call("GET", QStringLiteral("/healthz"), QByteArray(), {}, {}, small.get()).status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(small->inFlight(), 0, 60000);
    QVERIFY(small->metrics().render(1, 2, 0).contains("dispatch_http_saturated_total 1"));
}

void HttpApiTest::lostDatabaseAnswers503ThenRecovers()
{
    std::unique_ptr<DriverApi> single = startApi(1, 4);
    QVERIFY(single);
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Cut Off"));
    const QString token = issueToken(driver);
    const qint64 order = m_cluster.addReadyOrder();
    const QString path = QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    QCOMPARE(call("GET", QStringLiteral("/healthz"), QByteArray(), {}, {}, single.get()).status,
             200);

    // The server goes away under the worker (as on a restart or failover).
    QVERIFY(
        m_cluster
            .scalar(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                   " WHERE application_name = ?"),
                    { QStringLiteral("dispatch-console/http-%1-worker-0").arg(single->port()) })
            .toInt()
        == 1);
    const Answer cut = call("POST", path, bearer(token), {}, {}, single.get());
    QCOMPARE(cut.status, 503);
    QCOMPARE(cut.code(), QStringLiteral("DATABASE_UNAVAILABLE"));
    QCOMPARE(cut.headers.value("retry-after"), QByteArray("1"));
    QVERIFY(!cut.body.contains("terminat")); // no server text
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                 .toString(),
             QStringLiteral("ready"));

    // The next request reconnects, prepares again, and wins.
    const Answer back = call("POST", path, bearer(token), {}, {}, single.get());
    QCOMPARE(back.status, 200);
    QCOMPARE(back.code(), QStringLiteral("ASSIGNED"));
}

void HttpApiTest::metricsCountClaimsConflictsAndLatency()
{
    std::unique_ptr<DriverApi> fresh = startApi(2, 8);
    QVERIFY(fresh);
    const qint64 a = m_cluster.addDriver(QStringLiteral("Metric A"));
    const qint64 b = m_cluster.addDriver(QStringLiteral("Metric B"));
    const QString tokenA = issueToken(a);
    const QString tokenB = issueToken(b);
    const qint64 order = m_cluster.addReadyOrder();
    const QString path = QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    QCOMPARE(call("POST", path, bearer(tokenA), {}, {}, fresh.get()).status, 200);
    QCOMPARE(call("POST", path, bearer(tokenB), {}, {}, fresh.get()).status, 409);
    QCOMPARE(call("POST", path, bearer(tokenA), {}, {}, fresh.get()).status, 409);

    const Answer metrics
        = call("GET", QStringLiteral("/metrics"), QByteArray(), {}, {}, fresh.get());
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.headers.value("content-type").startsWith("text/plain"));
    const QByteArray text = metrics.body;
    QVERIFY2(text.contains("\ndriver_assignment_conflict_total 2\n"), text.constData());
    QVERIFY(
        text.contains("dispatch_claim_attempts_total{source=\"http\",outcome=\"ASSIGNED\"} 1\n"));
    QVERIFY(text.contains(
        "dispatch_claim_attempts_total{source=\"http\",outcome=\"ORDER_ALREADY_ASSIGNED\"} 1\n"));
    QVERIFY(text.contains(
        "dispatch_claim_attempts_total{source=\"http\",outcome=\"ORDER_ALREADY_YOURS\"} 1\n"));
    QVERIFY(text.contains("dispatch_claim_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
    QVERIFY(text.contains("dispatch_claim_duration_seconds_count 3\n"));
    QVERIFY(text.contains("# TYPE dispatch_claim_duration_seconds histogram\n"));
    QVERIFY(text.contains("dispatch_http_requests_total{route=\"assign\",status=\"409\"} 2\n"));
}

void HttpApiTest::accessLogHasOneLinePerRequestAndNoToken()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Logged"));
    const QString token = issueToken(driver);
    const qint64 order = m_cluster.addReadyOrder();
    m_log.clear();
    const QString path = QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    QCOMPARE(call("POST", path, bearer(token)).status, 200);
    QCOMPARE(call("POST", path + QStringLiteral("?access_token=") + token, bearer(token)).status,
             401);
    QCOMPARE(m_log.size(), 2);
    QVERIFY2(m_log[0].contains(QStringLiteral(" POST %1 200 ASSIGNED ").arg(path)),
             qPrintable(m_log[0]));
    QVERIFY(m_log[0].endsWith(QLatin1String("ms")));
    QVERIFY2(m_log[1].contains(QStringLiteral(" POST %1 401 ").arg(path)), qPrintable(m_log[1]));
    for (const QString &line : std::as_const(m_log)) {
        QVERIFY(!line.contains(token));
        QVERIFY(!line.contains(QLatin1Char('?')));
        QVERIFY(!line.contains(QLatin1Char('\n')));
    }
}

void HttpApiTest::tokensAreStoredOnlyAsHashesAndCanBeRevoked()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Tokened"));
    const QString first = issueToken(driver);
    QCOMPARE(first.size(), 43);
    QVERIFY(DriverTokens::looksLikeToken(first.toLatin1()));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT encode(api_token_hash, 'hex') FROM drivers"
                                        " WHERE id = ?"),
                         { driver })
                 .toString(),
             QString::fromLatin1(
                 QCryptographicHash::hash(first.toLatin1(), QCryptographicHash::Sha256).toHex()));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM drivers WHERE position(? in"
                                        " encode(api_token_hash, 'escape')) > 0"),
                         { first })
                 .toInt(),
             0);
    const QString available = QStringLiteral("/api/driver/orders/available");
    QCOMPARE(call("GET", available, bearer(first)).status, 200);

    // A new token replaces the old one at once.
    const QString second = issueToken(driver);
    QVERIFY(second != first);
    QCOMPARE(call("GET", available, bearer(first)).status, 401);
    QCOMPARE(call("GET", available, bearer(second)).status, 200);

    QVERIFY(DriverTokens::revoke(m_tokens->database(), driver).ok);
    QCOMPARE(call("GET", available, bearer(second)).status, 401);
    QVERIFY(!DriverTokens::issue(m_tokens->database(), driver + 100000).ok);

    // A token for an inactive driver is issued (it works once they are active again), with a
    // warning that it will be refused until then (issue 17 item 9).
    const qint64 resting = m_cluster.addDriver(QStringLiteral("Resting"), false);
    const DriverTokens::Result inactive = DriverTokens::issue(m_tokens->database(), resting);
    QVERIFY(inactive.ok);
    QVERIFY(inactive.driverInactive);
    QVERIFY2(inactive.warning.contains(QLatin1String("inactive")), qPrintable(inactive.warning));
    QVERIFY(!inactive.warning.contains(inactive.token));
    QCOMPARE(call("GET", available, bearer(inactive.token)).status, 403);
    QVERIFY(DriverTokens::issue(m_tokens->database(), driver).warning.isEmpty());
}

namespace {

QString orderPath(qint64 order, const char *step)
{
    return QStringLiteral("/api/driver/orders/%1/%2").arg(order).arg(QLatin1String(step));
}

} // namespace

void HttpApiTest::deliveryStepAnswers_data()
{
    // Where the order stands (reached over HTTP by its holder), the step "me" posts, and the
    // answer: every transition and refusal of the lifecycle.
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("holder"); // me | other | none
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("expectedStatus");
    QTest::addColumn<QString>("expectedCode");
    QTest::addColumn<QString>("statusAfter");

    QTest::newRow("pick up") << "driver_assigned"
                             << "me"
                             << "pickup" << 200 << "PICKED_UP"
                             << "picked_up";
    QTest::newRow("set off") << "picked_up"
                             << "me"
                             << "transit" << 200 << "IN_TRANSIT"
                             << "in_transit";
    QTest::newRow("deliver") << "in_transit"
                             << "me"
                             << "deliver" << 200 << "DELIVERED"
                             << "delivered";
    QTest::newRow("deliver after pickup") << "picked_up"
                                          << "me"
                                          << "deliver" << 200 << "DELIVERED"
                                          << "delivered";
    QTest::newRow("fail") << "in_transit"
                          << "me"
                          << "fail" << 200 << "FAILED"
                          << "failed";
    QTest::newRow("pick up twice") << "picked_up"
                                   << "me"
                                   << "pickup" << 409 << "ORDER_WRONG_STATUS"
                                   << "picked_up";
    QTest::newRow("deliver before pickup") << "driver_assigned"
                                           << "me"
                                           << "deliver" << 409 << "ORDER_WRONG_STATUS"
                                           << "driver_assigned";
    QTest::newRow("deliver twice") << "delivered"
                                   << "me"
                                   << "deliver" << 409 << "ORDER_WRONG_STATUS"
                                   << "delivered";
    QTest::newRow("fail a delivered order") << "delivered"
                                            << "me"
                                            << "fail" << 409 << "ORDER_WRONG_STATUS"
                                            << "delivered";
    QTest::newRow("another driver's order") << "driver_assigned"
                                            << "other"
                                            << "pickup" << 409 << "ORDER_NOT_HELD_BY_DRIVER"
                                            << "driver_assigned";
    QTest::newRow("an order nobody claimed") << "ready"
                                             << "none"
                                             << "pickup" << 409 << "ORDER_NOT_HELD_BY_DRIVER"
                                             << "ready";
    QTest::newRow("no such order") << "missing"
                                   << "none"
                                   << "deliver" << 404 << "ORDER_NOT_FOUND"
                                   << "";
    QTest::newRow("malformed id") << "malformed"
                                  << "none"
                                  << "pickup" << 400 << "INVALID_REQUEST"
                                  << "";
}

void HttpApiTest::deliveryStepAnswers()
{
    QFETCH(QString, status);
    QFETCH(QString, holder);
    QFETCH(QString, step);
    QFETCH(int, expectedStatus);
    QFETCH(QString, expectedCode);
    QFETCH(QString, statusAfter);

    const qint64 me = m_cluster.addDriver(QStringLiteral("Ada Me"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Bo Other"));
    const QString myToken = issueToken(me);
    const QString otherToken = issueToken(other);
    qint64 order = m_cluster.addReadyOrder();
    const QString holderToken = holder == QLatin1String("me") ? myToken : otherToken;
    if (holder != QLatin1String("none")) {
        QCOMPARE(assign(order, holderToken).status, 200);
        const QStringList path = { QStringLiteral("driver_assigned"), QStringLiteral("picked_up"),
                                   QStringLiteral("in_transit"), QStringLiteral("delivered") };
        const char *steps[] = { "pickup", "transit", "deliver" };
        for (qsizetype i = 0; i < path.indexOf(status); ++i)
            QCOMPARE(post(orderPath(order, steps[i]), holderToken).status, 200);
    }
    if (status == QLatin1String("missing"))
        order += 1000;
    const QString target = status == QLatin1String("malformed")
        ? QStringLiteral("/api/driver/orders/12abc/%1").arg(step)
        : orderPath(order, qPrintable(step));
    const QString before = stateSnapshot();

    const QByteArray body = step == QLatin1String("fail")
        ? QByteArray(R"({"reason": "customer not home"})")
        : QByteArray();
    const Answer answer = post(target, myToken, body);
    QCOMPARE(answer.status, expectedStatus);
    QCOMPARE(answer.code(), expectedCode);
    QVERIFY(!answer.json.value(QStringLiteral("message")).toString().isEmpty());
    if (!statusAfter.isEmpty())
        QCOMPARE(
            m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                .toString(),
            statusAfter);
    if (expectedStatus == 200) {
        QCOMPARE(answer.json.value(QStringLiteral("order_status")).toString(), statusAfter);
        QVERIFY(!answer.json.value(QStringLiteral("status_since")).toString().isEmpty());
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT source || ' ' || actor FROM order_history"
                                            " WHERE order_id = ? ORDER BY id DESC LIMIT 1"),
                             { order })
                     .toString(),
                 QStringLiteral("http driver:%1").arg(me));
    } else {
        QCOMPARE(stateSnapshot(), before); // a refusal changes nothing
    }
    if (expectedCode == QLatin1String("ORDER_WRONG_STATUS"))
        QCOMPARE(answer.json.value(QStringLiteral("order_status")).toString(), statusAfter);
    if (expectedCode == QLatin1String("ORDER_NOT_HELD_BY_DRIVER")) {
        // Who holds it is the console's business, not another driver's.
        QVERIFY(!answer.body.contains("Bo Other"));
    }
}

void HttpApiTest::wholeDeliveryOverHttpWithIdempotencyKeys()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Whole Way"));
    const QString token = issueToken(me);
    const qint64 order = m_cluster.addReadyOrder();
    const auto keyed = [](const char *key) {
        return QList<QPair<QByteArray, QByteArray>> { { "Idempotency-Key", key } };
    };
    QCOMPARE(assign(order, token, keyed("a-1")).status, 200);
    const Answer picked = post(orderPath(order, "pickup"), token, {}, keyed("p-1"));
    QCOMPARE(picked.code(), QStringLiteral("PICKED_UP"));
    // The answer was lost: the app retries with the same key and gets the same answer, not a
    // 409 for a second pickup.
    const Answer again = post(orderPath(order, "pickup"), token, {}, keyed("p-1"));
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json, picked.json);
    QCOMPARE(again.headers.value("idempotent-replayed"), QByteArray("true"));
    // The same key for another step is another request.
    QCOMPARE(post(orderPath(order, "deliver"), token, {}, keyed("p-1")).status, 422);
    QCOMPARE(post(orderPath(order, "transit"), token, {}, keyed("t-1")).code(),
             QStringLiteral("IN_TRANSIT"));
    QCOMPARE(post(orderPath(order, "deliver"), token, {}, keyed("d-1")).code(),
             QStringLiteral("DELIVERED"));
    QCOMPARE(post(orderPath(order, "deliver"), token, {}, keyed("d-1")).code(),
             QStringLiteral("DELIVERED"));
    QCOMPARE(post(orderPath(order, "deliver"), token).code(), QStringLiteral("ORDER_WRONG_STATUS"));

    QSqlQuery history = m_cluster.exec(
        QStringLiteral("SELECT string_agg(new_status, ' ' ORDER BY id) FROM order_history"
                       " WHERE order_id = ? AND operation = 'UPDATE'"),
        { order });
    QVERIFY(history.next());
    QCOMPARE(history.value(0).toString(),
             QStringLiteral("driver_assigned picked_up in_transit delivered"));
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT active_orders FROM drivers WHERE id = ?"), { me })
            .toInt(),
        0);
}

void HttpApiTest::failNeedsAReasonInTheBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("expectedStatus");
    QTest::newRow("no body") << QByteArray() << 400;
    QTest::newRow("not JSON") << QByteArray("reason=flat tyre") << 400;
    QTest::newRow("no reason") << QByteArray(R"({"why": "flat tyre"})") << 400;
    QTest::newRow("reason not a string") << QByteArray(R"({"reason": 42})") << 400;
    QTest::newRow("reason too short") << QByteArray(R"({"reason": " x "})") << 400;
    QTest::newRow("reason too long")
        << QByteArray(R"({"reason": ")" + QByteArray(501, 'x') + R"("})") << 400;
    QTest::newRow("a reason") << QByteArray(R"({"reason": "flat tyre"})") << 200;
}

void HttpApiTest::failNeedsAReasonInTheBody()
{
    QFETCH(QByteArray, body);
    QFETCH(int, expectedStatus);
    const qint64 me = m_cluster.addDriver(QStringLiteral("Flat Tyre"));
    const QString token = issueToken(me);
    const qint64 order = m_cluster.addReadyOrder();
    QCOMPARE(assign(order, token).status, 200);
    const QString before = stateSnapshot();

    const Answer answer = post(orderPath(order, "fail"), token, body);
    QCOMPARE(answer.status, expectedStatus);
    if (expectedStatus == 400) {
        QCOMPARE(answer.code(), QStringLiteral("INVALID_REQUEST"));
        QCOMPARE(stateSnapshot(), before);
    } else {
        QCOMPARE(answer.code(), QStringLiteral("FAILED"));
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT status || ': ' || status_reason FROM orders"
                                            " WHERE id = ?"),
                             { order })
                     .toString(),
                 QStringLiteral("failed: flat tyre"));
    }
}

void HttpApiTest::mineListsOnlyMyOrdersInDelivery()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Mine Me"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Mine Other"));
    const QString myToken = issueToken(me);
    const QString otherToken = issueToken(other);
    const qint64 first = m_cluster.addReadyOrder(QStringLiteral("First customer"));
    const qint64 second = m_cluster.addReadyOrder(QStringLiteral("Second customer"));
    const qint64 done = m_cluster.addReadyOrder(QStringLiteral("Done customer"));
    const qint64 theirs = m_cluster.addReadyOrder(QStringLiteral("Their customer"));
    m_cluster.exec(
        QStringLiteral("UPDATE orders SET customer_phone = '+49 30 1234567',"
                       " notes = 'ring twice', items = '[{\"name\": \"Pizza\", \"qty\": 2}]'"
                       " WHERE id = ?"),
        { first });
    for (qint64 order : { first, second, done })
        QCOMPARE(assign(order, myToken).status, 200);
    QCOMPARE(assign(theirs, otherToken).status, 200);
    QCOMPARE(post(orderPath(second, "pickup"), myToken).status, 200);
    QCOMPARE(post(orderPath(done, "pickup"), myToken).status, 200);
    QCOMPARE(post(orderPath(done, "deliver"), myToken).status, 200);

    const Answer mine = call("GET", QStringLiteral("/api/driver/orders/mine"), bearer(myToken));
    QCOMPARE(mine.status, 200);
    QCOMPARE(mine.json.value(QStringLiteral("driver_id")).toInteger(), me);
    const QJsonArray orders = mine.json.value(QStringLiteral("orders")).toArray();
    QCOMPARE(orders.size(), 2);
    QCOMPARE(orders[0].toObject().value(QStringLiteral("order_id")).toInteger(), first);
    QCOMPARE(orders[0].toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("driver_assigned"));
    QCOMPARE(orders[0].toObject().value(QStringLiteral("customer_phone")).toString(),
             QStringLiteral("+49 30 1234567"));
    QCOMPARE(orders[0].toObject().value(QStringLiteral("notes")).toString(),
             QStringLiteral("ring twice"));
    QCOMPARE(orders[0]
                 .toObject()
                 .value(QStringLiteral("items"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("name"))
                 .toString(),
             QStringLiteral("Pizza"));
    QCOMPARE(orders[1].toObject().value(QStringLiteral("order_id")).toInteger(), second);
    QCOMPARE(orders[1].toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("picked_up"));
    QVERIFY(!mine.body.contains("Their customer"));
}

void HttpApiTest::shiftOffStopsClaimsAndIsReported()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Shift Worker"));
    const QString token = issueToken(me);
    const qint64 order = m_cluster.addReadyOrder();
    const QString shift = QStringLiteral("/api/driver/shift");

    const Answer off
        = post(shift, token, R"({"on_shift": false})", { { "Idempotency-Key", "shift-off-1" } });
    QCOMPARE(off.status, 200);
    QCOMPARE(off.code(), QStringLiteral("SHIFT_ENDED"));
    QCOMPARE(off.json.value(QStringLiteral("on_shift")).toBool(true), false);
    QCOMPARE(off.json.value(QStringLiteral("state")).toString(), QStringLiteral("off_shift"));
    QCOMPARE(off.json.value(QStringLiteral("max_concurrent_orders")).toInt(), 3);
    QCOMPARE(post(shift, token, R"({"on_shift": false})", { { "Idempotency-Key", "shift-off-1" } })
                 .headers.value("idempotent-replayed"),
             QByteArray("true"));

    const QString before = stateSnapshot();
    const Answer refused = assign(order, token);
    QCOMPARE(refused.status, 409);
    QCOMPARE(refused.code(), QStringLiteral("DRIVER_OFF_SHIFT"));
    QCOMPARE(stateSnapshot(), before);

    const Answer on = post(shift, token, R"({"on_shift": true})");
    QCOMPARE(on.code(), QStringLiteral("SHIFT_STARTED"));
    QCOMPARE(on.json.value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    QCOMPARE(assign(order, token).status, 200);

    for (const QByteArray &bad :
         { QByteArray(), QByteArray(R"({"on_shift": "yes"})"), QByteArray("[true]") }) {
        const Answer answer = post(shift, token, bad);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.code(), QStringLiteral("INVALID_REQUEST"));
    }
    QVERIFY(m_cluster.scalar(QStringLiteral("SELECT on_shift FROM drivers WHERE id = ?"), { me })
                .toBool());
}

void HttpApiTest::capacityRefusesTheFourthClaimWith409()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Full Hands"));
    const QString token = issueToken(me);
    QList<qint64> orders;
    for (int i = 0; i < 4; ++i)
        orders << m_cluster.addReadyOrder();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(assign(orders[i], token).status, 200);
    const Answer full = assign(orders[3], token);
    QCOMPARE(full.status, 409);
    QCOMPARE(full.code(), QStringLiteral("DRIVER_AT_CAPACITY"));
    const Answer busy = post(QStringLiteral("/api/driver/shift"), token, R"({"on_shift": true})");
    QCOMPARE(busy.json.value(QStringLiteral("state")).toString(), QStringLiteral("busy"));
    QCOMPARE(busy.json.value(QStringLiteral("active_orders")).toInt(), 3);
    QCOMPARE(post(orderPath(orders[0], "fail"), token, R"({"reason": "restaurant closed"})").status,
             200);
    QCOMPARE(assign(orders[3], token).status, 200);
}

void HttpApiTest::everyRequestUpdatesLastSeen()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Seen"));
    const QString token = issueToken(me);
    QVERIFY(
        m_cluster
            .scalar(QStringLiteral("SELECT count(*) = 0 FROM driver_last_seen WHERE driver_id = ?"),
                    { me })
            .toBool());
    QCOMPARE(call("GET", QStringLiteral("/api/driver/orders/available"), bearer(token)).status,
             200);
    QVERIFY(m_cluster
                .scalar(QStringLiteral("SELECT seen_at > now() - interval '1 minute'"
                                       " FROM driver_last_seen WHERE driver_id = ?"),
                        { me })
                .toBool());
}

void HttpApiTest::newRoutesRefuseWrongMethodsAndTokens()
{
    const qint64 me = m_cluster.addDriver(QStringLiteral("Routes"));
    const QString token = issueToken(me);
    const qint64 order = m_cluster.addReadyOrder();
    const Answer get = call("GET", orderPath(order, "pickup"), bearer(token));
    QCOMPARE(get.status, 405);
    QCOMPARE(get.headers.value("allow"), QByteArray("POST"));
    QCOMPARE(call("POST", QStringLiteral("/api/driver/orders/mine"), bearer(token)).status, 405);
    QCOMPARE(call("GET", QStringLiteral("/api/driver/shift"), bearer(token)).status, 405);
    QCOMPARE(call("POST", orderPath(order, "teleport"), bearer(token)).status, 404);
    QCOMPARE(call("POST", orderPath(order, "pickup"), QByteArray()).status, 401);
    QCOMPARE(call("GET", QStringLiteral("/api/driver/orders/mine"), "Bearer nope").status, 401);
    m_cluster.exec(QStringLiteral("UPDATE drivers SET is_active = false WHERE id = ?"), { me });
    QCOMPARE(call("GET", QStringLiteral("/api/driver/orders/mine"), bearer(token)).status, 403);
    QCOMPARE(post(QStringLiteral("/api/driver/shift"), token, R"({"on_shift": true})").status, 403);
}

QTEST_GUILESS_MAIN(HttpApiTest)
#include "tst_httpapi.moc"

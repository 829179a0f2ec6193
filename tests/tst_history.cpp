// A year of history (issue 15 item 4, sql/017): claim_attempts and order_history are
// partitioned by month, `maintain --keep` drops the months older than kept (and nothing
// else), claims and their attempt ids keep working across it, a second run changes nothing,
// bad input changes nothing; and the per-driver rate limit of the HTTP claim route (429 with
// Retry-After, nothing recorded, an injected clock).

#include "claims/drivertokens.h"
#include "db/historymaintenance.h"
#include "http/driverapi.h"
#include "testcluster.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTimer>
#include <atomic>

class HistoryTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keepIsParsedStrictly_data();
    void keepIsParsedStrictly();
    void migratedTablesArePartitionedByMonth();
    void maintainDropsOnlyMonthsOlderThanKept();
    void attemptIdStaysUniqueAcrossMonths();
    void maintainCommandRefusesBadKeepAndChangesNothing_data();
    void maintainCommandRefusesBadKeepAndChangesNothing();
    void maintainCommandRunsAsTheOwner();
    void claimsOverTheBurstAre429UntilTheClockMoves();

private:
    QString fingerprint();
    TestCluster m_cluster;
};

void HistoryTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("history"));
}

void HistoryTest::keepIsParsedStrictly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::newRow("13months") << "13months"
                              << "13 months";
    QTest::newRow("with a space") << " 13 Months "
                                  << "13 months";
    QTest::newRow("one month") << "1month"
                               << "1 months";
    QTest::newRow("400days") << "400days"
                             << "400 days";
    QTest::newRow("2years") << "2years"
                            << "2 years";
    QTest::newRow("6 weeks") << "6 weeks"
                             << "6 weeks";
    QTest::newRow("less than a month") << "29days"
                                       << "";
    QTest::newRow("zero") << "0months"
                          << "";
    QTest::newRow("no unit") << "13"
                             << "";
    QTest::newRow("negative") << "-13months"
                              << "";
    QTest::newRow("sql") << "13 months'; DROP TABLE orders; --"
                         << "";
    QTest::newRow("more than 100 years") << "101years"
                                         << "";
    QTest::newRow("empty") << ""
                           << "";
}

void HistoryTest::keepIsParsedStrictly()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(HistoryMaintenance::parseKeep(text).value_or(QString()), expected);
}

void HistoryTest::migratedTablesArePartitionedByMonth()
{
    for (const char *table : { "claim_attempts", "order_history" }) {
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT relkind FROM pg_class WHERE relname = ?"),
                             { QString::fromLatin1(table) })
                     .toString(),
                 QStringLiteral("p"));
        // This month and three ahead, and the DEFAULT partition.
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT count(*) FROM pg_inherits"
                                            " WHERE inhparent = ?::regclass"),
                             { QString::fromLatin1(table) })
                     .toInt(),
                 5);
    }
    // The ids' uniqueness is where the claim path looks for it (OrderRepository, 23505).
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT conrelid::regclass::text FROM pg_constraint"
                                        " WHERE conname = 'claim_attempts_attempt_id_key'"))
                 .toString(),
             QStringLiteral("claim_attempt_ids"));
}

QString HistoryTest::fingerprint()
{
    return m_cluster
        .scalar(QStringLiteral("SELECT (SELECT count(*) FROM claim_attempts) || '/'"
                               " || (SELECT count(*) FROM order_history) || '/'"
                               " || (SELECT count(*) FROM claim_attempt_ids) || '/'"
                               " || (SELECT count(*) FROM http_idempotency) || '/'"
                               " || (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class"
                               "      WHERE relname ~ '^(claim_attempts|order_history)_')"))
        .toString();
}

void HistoryTest::maintainDropsOnlyMonthsOlderThanKept()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Keeper"));
    const qint64 order = m_cluster.addReadyOrder();
    const auto insertAttempts = [&](const QString &age, int count) {
        m_cluster.exec(
            QStringLiteral("INSERT INTO claim_attempts (order_id, driver_id, source, latency_us,"
                           "                            outcome, attempted_at, attempt_id)"
                           " SELECT ?, ?, 'sql', 1, 'ORDER_ALREADY_ASSIGNED',"
                           "        now() - CAST(? AS interval) + g * interval '1 second',"
                           "        gen_random_uuid() FROM generate_series(1, ?) g"),
            { order, driver, age, count });
        m_cluster.exec(
            QStringLiteral("INSERT INTO order_history (order_id, changed_at, operation, source,"
                           "                           actor)"
                           " SELECT ?, now() - CAST(? AS interval) + g * interval '1 second',"
                           "        'UPDATE', 'direct SQL', 'test' FROM generate_series(1, ?) g"),
            { order, age, count });
    };
    // 20 months ago: a month that was created back then (the rows move in with it);
    // 16 months ago: a month nobody created, in the DEFAULT partition; 2 months ago: kept.
    insertAttempts(QStringLiteral("20 months"), 50);
    insertAttempts(QStringLiteral("16 months"), 7);
    insertAttempts(QStringLiteral("2 months"), 10);
    for (const char *age : { "20 months", "2 months" }) {
        m_cluster.exec(QStringLiteral("SELECT history_create_month('claim_attempts',"
                                      " 'attempted_at', now() - CAST(? AS interval)),"
                                      " history_create_month('order_history', 'changed_at',"
                                      " now() - CAST(? AS interval))"),
                       { QString::fromLatin1(age), QString::fromLatin1(age) });
    }
    const QString oldMonth
        = m_cluster
              .scalar(QStringLiteral("SELECT to_char(now() AT TIME ZONE 'UTC' - interval "
                                     "'20 months', '\"_y\"YYYY\"m\"MM')"))
              .toString();
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT count(*) FROM claim_attempts").append(oldMonth))
            .toInt(),
        50);
    // An expired Idempotency-Key of a driver who never stores again, and a live one.
    m_cluster.exec(
        QStringLiteral("INSERT INTO http_idempotency (driver_id, idempotency_key, request_hash,"
                       "  response_status, response_body, created_at)"
                       " VALUES (?, 'old', sha256('x'), 200, '{}', now() - interval '2 days'),"
                       "        (?, 'new', sha256('y'), 200, '{}', now())"),
        { driver, driver });
    const qint64 attemptsBefore
        = m_cluster.scalar(QStringLiteral("SELECT count(*) FROM claim_attempts")).toLongLong();

    auto connection = m_cluster.connect(QStringLiteral("maintain"));
    const HistoryMaintenance::Result result
        = HistoryMaintenance::run(connection->database(), QStringLiteral("13 months"));
    QVERIFY2(result.ok, qPrintable(result.error));
    QStringList steps;
    for (const HistoryMaintenance::Step &step : result.steps)
        steps << QStringLiteral("%1 %2 %3").arg(step.action, step.relation).arg(step.rows);
    QCOMPARE(steps,
             QStringList({ QStringLiteral("dropped claim_attempts%1 50").arg(oldMonth),
                           QStringLiteral("dropped order_history%1 50").arg(oldMonth),
                           QStringLiteral("deleted claim_attempts_default 7"),
                           QStringLiteral("deleted order_history_default 7"),
                           QStringLiteral("deleted claim_attempt_ids 57"),
                           QStringLiteral("deleted http_idempotency 1") }));
    // Older than kept: gone everywhere. Newer: all there.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts"
                                        " WHERE attempted_at < now() - interval '13 months'"))
                 .toInt(),
             0);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM order_history"
                                        " WHERE changed_at < now() - interval '13 months'"))
                 .toInt(),
             0);
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT count(*) FROM claim_attempts")).toLongLong(),
             attemptsBefore - 57);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts"
                                        " WHERE attempted_at > now() - interval '3 months'"))
                 .toInt(),
             10);
    QVERIFY(m_cluster
                .scalar(QStringLiteral("SELECT to_regclass(?) IS NULL"),
                        { QString(QStringLiteral("claim_attempts") + oldMonth) })
                .toBool());
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT string_agg(idempotency_key, ',')"
                                        " FROM http_idempotency"))
                 .toString(),
             QStringLiteral("new"));

    // Claims go on, recorded in this month's partition.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT outcome FROM claim_order(?, ?, 'sql', 'test',"
                                        " gen_random_uuid())"),
                         { order, driver })
                 .toString(),
             QStringLiteral("ASSIGNED"));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT tableoid::regclass::text FROM claim_attempts"
                                        " ORDER BY id DESC LIMIT 1"))
                 .toString(),
             QString(QStringLiteral("claim_attempts")
                     + m_cluster
                           .scalar(QStringLiteral(
                               "SELECT to_char(now() AT TIME ZONE 'UTC', '\"_y\"YYYY\"m\"MM')"))
                           .toString()));

    // A second run: nothing to do, nothing changed.
    const QString before = fingerprint();
    const HistoryMaintenance::Result again
        = HistoryMaintenance::run(connection->database(), QStringLiteral("13 months"));
    QVERIFY2(again.ok, qPrintable(again.error));
    QCOMPARE(again.steps.size(), 0);
    QCOMPARE(fingerprint(), before);
}

void HistoryTest::attemptIdStaysUniqueAcrossMonths()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Twice"));
    const qint64 first = m_cluster.addReadyOrder();
    const qint64 second = m_cluster.addReadyOrder();
    const QString id
        = m_cluster.scalar(QStringLiteral("SELECT gen_random_uuid()::text")).toString();
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT outcome FROM claim_order(?, ?, 'sql', 't',"
                                        " CAST(? AS uuid))"),
                         { first, driver, id })
                 .toString(),
             QStringLiteral("ASSIGNED"));
    // The same id once more, even in another month of claim_attempts: refused by the index
    // the claim path knows by name, and the second claim did not happen.
    const QSqlQuery refused = m_cluster.execExpectingError(
        QStringLiteral("INSERT INTO claim_attempts (order_id, driver_id, source, latency_us,"
                       " outcome, attempted_at, attempt_id)"
                       " VALUES (?, ?, 'sql', 1, 'ASSIGNED', now() - interval '1 month',"
                       " CAST(? AS uuid))"),
        { second, driver, id });
    QCOMPARE(refused.lastError().nativeErrorCode(), QStringLiteral("23505"));
    QVERIFY2(
        refused.lastError().databaseText().contains(QLatin1String("claim_attempts_attempt_id_key")),
        qPrintable(refused.lastError().databaseText()));
    const QSqlQuery resend = m_cluster.execExpectingError(
        QStringLiteral("SELECT * FROM claim_order(?, ?, 'sql', 't', CAST(? AS uuid))"),
        { second, driver, id });
    QCOMPARE(resend.lastError().nativeErrorCode(), QStringLiteral("23505"));
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { second })
                 .toString(),
             QStringLiteral("ready"));
    // The lost-answer lookup finds the one attempt.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT outcome || ':' || holds_now FROM"
                                        " claim_attempt_result(CAST(? AS uuid))"),
                         { id })
                 .toString(),
             QStringLiteral("ASSIGNED:true"));
}

void HistoryTest::maintainCommandRefusesBadKeepAndChangesNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no --keep") << QStringList { QStringLiteral("maintain") };
    QTest::newRow("two weeks") << QStringList { QStringLiteral("maintain"),
                                                QStringLiteral("--keep"),
                                                QStringLiteral("2weeks") };
    QTest::newRow("no unit") << QStringList { QStringLiteral("maintain"),
                                              QStringLiteral("--keep=13") };
    QTest::newRow("sql") << QStringList { QStringLiteral("maintain"), QStringLiteral("--keep"),
                                          QStringLiteral("1 month'::interval); DROP TABLE x; --") };
    QTest::newRow("--keep without maintain")
        << QStringList { QStringLiteral("--migrate-only"), QStringLiteral("--keep=13months") };
}

void HistoryTest::maintainCommandRefusesBadKeepAndChangesNothing()
{
    QFETCH(QStringList, arguments);
    const QString before = fingerprint();
    QProcess process;
    process.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                  arguments << QStringLiteral("--database")
                            << m_cluster.settings().toConnectionString());
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError()).trimmed();
    QVERIFY2(!err.isEmpty() && !err.contains(QLatin1Char('\n')), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("--keep")), qPrintable(err));
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QCOMPARE(fingerprint(), before);
}

void HistoryTest::maintainCommandRunsAsTheOwner()
{
    // The months exist and nothing is old (the first case dropped it): up to date.
    QProcess process;
    process.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                  { QStringLiteral("maintain"), QStringLiteral("--keep"),
                    QStringLiteral("13months"), QStringLiteral("--database"),
                    m_cluster.settings().toConnectionString() });
    QVERIFY(process.waitForFinished(60000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitCode() == 0, qPrintable(err));
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()).trimmed(),
             QStringLiteral("History is up to date: nothing to create or drop."));
    // A login that is not the owner may not drop history (EXECUTE is the owner's only).
    for (const char *function :
         { "maintain_history(interval)", "ensure_history_partitions(integer)",
           "history_create_month(text, text, timestamptz)" }) {
        for (const char *role : { "dispatch_support", "dispatch_dispatcher", "dispatch_driver" }) {
            QVERIFY2(!m_cluster
                          .scalar(QStringLiteral("SELECT has_function_privilege(?, ?, 'EXECUTE')"),
                                  { QString::fromLatin1(role), QString::fromLatin1(function) })
                          .toBool(),
                     function);
        }
    }
}

namespace {

struct Reply
{
    int status = 0;
    QJsonObject json;
    QByteArray retryAfter;
};

Reply post(QNetworkAccessManager &client, const QString &url, const QString &token,
           const QByteArray &idempotencyKey = {})
{
    QNetworkRequest request { QUrl(url) };
    request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", idempotencyKey);
    std::unique_ptr<QNetworkReply> reply(client.post(request, QByteArray()));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit); // a hang guard, not a timing
    if (!reply->isFinished())
        loop.exec();
    Reply answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.json = QJsonDocument::fromJson(reply->readAll()).object();
    answer.retryAfter = reply->rawHeader("Retry-After");
    return answer;
}

} // namespace

void HistoryTest::claimsOverTheBurstAre429UntilTheClockMoves()
{
    const qint64 driverA = m_cluster.addDriver(QStringLiteral("Fast Fingers"));
    const qint64 driverB = m_cluster.addDriver(QStringLiteral("Calm Hands"));
    QList<qint64> orders;
    for (int i = 0; i < 4; ++i)
        orders << m_cluster.addReadyOrder();
    auto tokens = m_cluster.connect(QStringLiteral("tokens"));
    const QString tokenA = DriverTokens::issue(tokens->database(), driverA).token;
    const QString tokenB = DriverTokens::issue(tokens->database(), driverB).token;
    QVERIFY(!tokenA.isEmpty() && !tokenB.isEmpty());

    // One claim a second, two at once (a driver holds at most three orders by default); the clock
    // moves only when the test says so.
    auto clock = std::make_shared<std::atomic<qint64>>(1000000);
    DriverApi::Options options;
    options.port = 0;
    options.workers = 2;
    options.rateLimit = { 1.0, 2, [clock] {
                             return clock->load();
                         } };
    options.accessLog = [](const QString &) {
    };
    DriverApi api(m_cluster.settings(), options);
    QString error;
    QVERIFY2(api.start(&error), qPrintable(error));
    QNetworkAccessManager client;
    const auto assignUrl = [&](qint64 order) -> QString {
        return api.baseUrl() + QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    };

    // The burst: two claims in one tick of the clock, both answered.
    for (int i = 0; i < 2; ++i)
        QCOMPARE(post(client, assignUrl(orders[i]), tokenA).status, 200);
    // The third: 429 with Retry-After, with or without a key; nothing recorded for it.
    const Reply limited = post(client, assignUrl(orders[2]), tokenA);
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.json.value(QStringLiteral("code")).toString(), QStringLiteral("RATE_LIMITED"));
    QCOMPARE(limited.retryAfter, QByteArray("1"));
    QCOMPARE(limited.json.value(QStringLiteral("driver_id")).toInteger(), driverA);
    const Reply keyed = post(client, assignUrl(orders[2]), tokenA, "retry-me");
    QCOMPARE(keyed.status, 429);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"),
                         { orders[2] })
                 .toInt(),
             0);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { orders[2] })
            .toString(),
        QStringLiteral("ready"));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM http_idempotency"
                                        " WHERE driver_id = ?"),
                         { driverA })
                 .toInt(),
             0);

    // Another driver has a bucket of its own.
    QCOMPARE(post(client, assignUrl(orders[3]), tokenB).status, 200);

    // A second later there is one claim again (the key was not spent on the 429): one.
    clock->fetch_add(1000);
    QCOMPARE(post(client, assignUrl(orders[2]), tokenA, "retry-me").status, 200);
    QCOMPARE(post(client, assignUrl(orders[2]), tokenA).status, 429);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"),
                         { orders[2] })
                 .toInt(),
             1);
}

QTEST_GUILESS_MAIN(HistoryTest)
#include "tst_history.moc"

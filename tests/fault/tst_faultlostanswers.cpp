// Lost answers, as the outside review of 79db06d broke them (shared/audit, findings C1, H1,
// H2, M3, L4, L6): a claim's backend is terminated while it waits on a row lock, and what
// the claimant is told must be the truth about that very claim. Every scenario waits for
// its events (a backend seen waiting on a lock, a reply finished), never for time.
#include "claims/drivertokens.h"
#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "db/migrator.h"
#include "http/driverapi.h"
#include "http/driverapisession.h"
#include "socatproxy.h"
#include "testcluster.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QUuid>
#include <atomic>

namespace {

constexpr int kWaitMs = 60000; // only turns a hang into a failure

struct Reply
{
    int status = 0;
    QJsonObject json;
    QByteArray replayed;
    QString code() const { return json.value(QStringLiteral("code")).toString(); }
};

} // namespace

class FaultLostAnswersTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void lostClaimBesideAnotherSessionOfTheSameDriverIsNeverAWin();
    void settledWinCountsOnlyWhileTheDriverStillHoldsTheOrder();
    void holdMadeLateInALongTransactionIsNotBornExpired();
    void workerServesAgainAfterAKeyedClaimLostItsAnswer();
    void keyedRetryUnderRepeatableReadDefaultReplaysTheStoredAnswer();
    void fiveHundredsAreNeverStoredUnderAKey();
    void committedWinAfterARolledBackAttemptIsSettledAsAWin();
    void concurrentFirstMigrationsUnderRepeatableReadDefaultBothSucceed();

private:
    // Backends of application_name `app` that wait on a lock of the given type ("" = any).
    int waiting(const QString &app, const QString &lockType = {});
    int terminate(const QString &app);
    Reply finished(QNetworkReply *reply);
    QNetworkReply *post(const DriverApi &api, const QString &path, const QString &token,
                        const QByteArray &key);
    QNetworkReply *get(const DriverApi &api, const QString &path, const QString &token);
    static QByteArray fingerprint(const QString &path);
    void setRepeatableReadDefault(const QString &database);

    TestCluster m_cluster;
    QNetworkAccessManager m_client;
};

void FaultLostAnswersTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

int FaultLostAnswersTest::waiting(const QString &app, const QString &lockType)
{
    QString sql = QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name"
                                 " = ? AND wait_event_type = 'Lock'");
    QVariantList values { app };
    if (!lockType.isEmpty()) {
        sql += QStringLiteral(" AND wait_event = ?");
        values << lockType;
    }
    return m_cluster.scalar(sql, values).toInt();
}

int FaultLostAnswersTest::terminate(const QString &app)
{
    return m_cluster
        .scalar(QStringLiteral("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                               " FROM pg_stat_activity WHERE application_name = ?"),
                { app })
        .toInt();
}

Reply FaultLostAnswersTest::finished(QNetworkReply *reply)
{
    Reply answer;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, kWaitMs))
        return answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.json = QJsonDocument::fromJson(reply->readAll()).object();
    answer.replayed = reply->rawHeader("Idempotent-Replayed");
    reply->deleteLater();
    return answer;
}

QNetworkReply *FaultLostAnswersTest::post(const DriverApi &api, const QString &path,
                                          const QString &token, const QByteArray &key)
{
    QNetworkRequest request(QUrl(api.baseUrl() + path, QUrl::StrictMode));
    request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!key.isEmpty())
        request.setRawHeader("Idempotency-Key", key);
    return m_client.sendCustomRequest(request, "POST", QByteArray());
}

QNetworkReply *FaultLostAnswersTest::get(const DriverApi &api, const QString &path,
                                         const QString &token)
{
    QNetworkRequest request(QUrl(api.baseUrl() + path, QUrl::StrictMode));
    request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    return m_client.get(request);
}

void FaultLostAnswersTest::setRepeatableReadDefault(const QString &database)
{
    // A utility statement: not through the fixture's prepared exec().
    std::unique_ptr<DatabaseConnection> admin = m_cluster.connect(QStringLiteral("rr-admin"));
    QSqlQuery alter(admin->database());
    QVERIFY_SQL(alter,
                exec(QStringLiteral("ALTER DATABASE %1 SET default_transaction_isolation"
                                    " = 'repeatable read'")
                         .arg(database)));
}

QByteArray FaultLostAnswersTest::fingerprint(const QString &path)
{
    // What the API hashes for "the same request": method, path and (empty) body.
    const QByteArray request = "POST\n" + path.toUtf8() + "\n";
    return QCryptographicHash::hash(request, QCryptographicHash::Sha256);
}

// C1 (harness h1): two sessions claim as the same driver with the same source and actor
// (two HTTP workers). Session B claims and releases order 1; a rival's uncommitted claim
// then holds order 1 while A's claim of it waits; A's backend is killed, the rival commits.
// 79db06d counted B's old row as A's and answered ASSIGNED while the rival held the order.
void FaultLostAnswersTest::lostClaimBesideAnotherSessionOfTheSameDriverIsNeverAWin()
{
    m_cluster.freshDatabase(QStringLiteral("lost_c1"));
    const qint64 seven = m_cluster.addDriver(QStringLiteral("Seven"));
    const qint64 nine = m_cluster.addDriver(QStringLiteral("Nine"));
    const qint64 contested = m_cluster.addReadyOrder();
    const qint64 warmUp = m_cluster.addReadyOrder();
    const QString actor = QStringLiteral("driver:%1").arg(seven);

    // A's session starts first (its first claim), then B claims and releases the order.
    const ConnectionSettings settings = m_cluster.settings();
    ClaimOutcome first;
    ClaimOutcome lost;
    std::atomic<int> step = 0;
    std::unique_ptr<QThread> a(QThread::create([&] {
        DatabaseConnection connection(settings, QStringLiteral("c1-a"));
        connection.open();
        OrderRepository repository(connection);
        first = repository.claim(warmUp, seven, ClaimSource::Http, actor);
        step = 1;
        if (!QTest::qWaitFor([&] { return step == 2; }, kWaitMs)) {
            step = -1; // the test gave up on us: fail there, not hang here
            return;
        }
        lost = repository.claim(contested, seven, ClaimSource::Http, actor);
        step = 3;
    }));
    a->start();
    QTRY_COMPARE_WITH_TIMEOUT(step.load(), 1, kWaitMs);

    std::unique_ptr<DatabaseConnection> connectionB = m_cluster.connect(QStringLiteral("c1-b"));
    OrderRepository b(*connectionB);
    QCOMPARE(b.claim(contested, seven, ClaimSource::Http, actor).code, OutcomeCode::Assigned);
    QCOMPARE(b.release(contested, seven, ClaimSource::Http, actor).code, OutcomeCode::Released);

    std::unique_ptr<DatabaseConnection> rival = m_cluster.connect(QStringLiteral("c1-rival"));
    QSqlQuery rivalClaim(rival->database());
    QVERIFY_SQL(rivalClaim, exec(QStringLiteral("BEGIN")));
    QVERIFY_SQL(rivalClaim,
                exec(QStringLiteral("SELECT outcome FROM claim_order(%1, %2, 'sql',"
                                    " 'rival')")
                         .arg(contested)
                         .arg(nine)));
    QVERIFY(rivalClaim.next());
    QCOMPARE(rivalClaim.value(0).toString(), QStringLiteral("ASSIGNED"));
    step = 2;
    QTRY_COMPARE_WITH_TIMEOUT(waiting(QStringLiteral("dispatch-console/c1-a")), 1, kWaitMs);
    QCOMPARE(terminate(QStringLiteral("dispatch-console/c1-a")), 1);
    QVERIFY_SQL(rivalClaim, exec(QStringLiteral("COMMIT")));
    QTRY_COMPARE_WITH_TIMEOUT(step.load(), 3, kWaitMs);
    a->wait();

    QCOMPARE(first.code, OutcomeCode::Assigned);
    QVERIFY2(lost.code != OutcomeCode::Assigned, qPrintable(lost.detail));
    // Settled: never committed, sent again with the same attempt id, which lost to Nine.
    QCOMPARE(lost.codeName(), QStringLiteral("ORDER_ALREADY_ASSIGNED"));
    QCOMPARE(lost.holderId.value_or(0), nine);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { contested })
            .toLongLong(),
        nine);
    // One attempt row for A's claim, not two: the resend is the same attempt.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"
                                        " AND driver_id = ? AND outcome <> 'ASSIGNED'"),
                         { contested, seven })
                 .toInt(),
             1);
}

// A settle reports ASSIGNED only while the order is still that driver's: the attempt's
// row says "won", the order row says whether it still holds.
void FaultLostAnswersTest::settledWinCountsOnlyWhileTheDriverStillHoldsTheOrder()
{
    m_cluster.freshDatabase(QStringLiteral("lost_settle"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Holder"));
    const qint64 order = m_cluster.addReadyOrder();
    const QString attempt = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT outcome FROM claim_order(?, ?, 'sql', 'me',"
                                        " CAST(? AS uuid))"),
                         { order, driver, attempt })
                 .toString(),
             QStringLiteral("ASSIGNED"));
    const QString result = QStringLiteral(
        "SELECT outcome || '/' || holds_now FROM claim_attempt_result(CAST(? AS uuid))");
    QCOMPARE(m_cluster.scalar(result, { attempt }).toString(), QStringLiteral("ASSIGNED/true"));
    m_cluster.exec(QStringLiteral("SELECT release_order(?, ?, 'sql', 'me')"), { order, driver });
    QCOMPARE(m_cluster.scalar(result, { attempt }).toString(), QStringLiteral("ASSIGNED/false"));
    // An id never sent has no row: "never committed".
    QVERIFY(
        m_cluster.scalar(result, { QUuid::createUuid().toString(QUuid::WithoutBraces) }).isNull());
}

// L3: now() is the transaction's start. 79db06d computed a hold's end from it, so a hold
// made 1.5 s into a transaction for 1 s was already over when it was made, and reported
// HELD. Expiry now counts from clock_timestamp(), the moment of the statement's work.
void FaultLostAnswersTest::holdMadeLateInALongTransactionIsNotBornExpired()
{
    m_cluster.freshDatabase(QStringLiteral("lost_l3"));
    const qint64 order = m_cluster.addReadyOrder();
    std::unique_ptr<DatabaseConnection> connection = m_cluster.connect(QStringLiteral("l3"));
    QSqlQuery query(connection->database());
    QVERIFY_SQL(query, exec(QStringLiteral("BEGIN")));
    QVERIFY_SQL(query, exec(QStringLiteral("SELECT pg_sleep(1.5)")));
    QVERIFY_SQL(query,
                exec(QStringLiteral("SELECT outcome, held_until > clock_timestamp()"
                                    " FROM hold_order(%1, 'console:l3', 1)")
                         .arg(order)));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("HELD"));
    QVERIFY2(query.value(1).toBool(), "the hold ended before it was made");
    QVERIFY_SQL(query, exec(QStringLiteral("ROLLBACK")));
}

// H1 and H2 (harness h2), over HTTP against the API `serve` runs: a keyed claim waits on a
// row lock and its backend is killed. 79db06d re-sent it in autocommit outside the keyed
// transaction (committed, answered 503, nothing stored, a retry got 409 for 24 h) and the
// worker then answered 503 to everything: its statements belonged to the dead session.
void FaultLostAnswersTest::workerServesAgainAfterAKeyedClaimLostItsAnswer()
{
    m_cluster.freshDatabase(QStringLiteral("lost_h2"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Keyed"));
    const qint64 warmUp = m_cluster.addReadyOrder();
    const qint64 locked = m_cluster.addReadyOrder();
    const qint64 later = m_cluster.addReadyOrder();
    std::unique_ptr<DatabaseConnection> tokens = m_cluster.connect(QStringLiteral("tokens"));
    const DriverTokens::Result token = DriverTokens::issue(tokens->database(), driver);
    QVERIFY2(token.ok, qPrintable(token.error));

    DriverApi::Options options;
    options.port = 0;
    options.workers = 1;
    options.accessLog = [](const QString &) {
    };
    DriverApi api(m_cluster.settings(), options);
    QString error;
    QVERIFY2(api.start(&error), qPrintable(error));
    const QString worker = QStringLiteral("dispatch-console/http-%1-worker-0").arg(api.port());
    const auto assignPath = [](qint64 order) {
        return QStringLiteral("/api/driver/orders/%1/assign").arg(order);
    };

    QCOMPARE(finished(post(api, assignPath(warmUp), token.token, "k0")).status, 200);

    std::unique_ptr<DatabaseConnection> lock = m_cluster.connect(QStringLiteral("h2-lock"));
    QSqlQuery rowLock(lock->database());
    QVERIFY_SQL(rowLock, exec(QStringLiteral("BEGIN")));
    QVERIFY_SQL(rowLock,
                exec(QStringLiteral("SELECT 1 FROM orders WHERE id = %1 FOR UPDATE").arg(locked)));
    QNetworkReply *pending = post(api, assignPath(locked), token.token, "k1");
    QTRY_COMPARE_WITH_TIMEOUT(waiting(worker), 1, kWaitMs);
    QCOMPARE(terminate(worker), 1);
    QVERIFY_SQL(rowLock, exec(QStringLiteral("ROLLBACK")));

    // The keyed unit ran again, whole, on a fresh session: one claim, committed with its
    // stored answer, and answered as what it is.
    const Reply lostAnswer = finished(pending);
    QCOMPARE(lostAnswer.status, 200);
    QCOMPARE(lostAnswer.code(), QStringLiteral("ASSIGNED"));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT response_status FROM http_idempotency"
                                        " WHERE driver_id = ? AND idempotency_key = 'k1'"),
                         { driver })
                 .toInt(),
             200);
    const Reply retried = finished(post(api, assignPath(locked), token.token, "k1"));
    QCOMPARE(retried.status, 200);
    QCOMPARE(retried.replayed, QByteArray("true"));

    // The same worker serves every route again.
    const Reply available
        = finished(get(api, QStringLiteral("/api/driver/orders/available"), token.token));
    QCOMPARE(available.status, 200);
    QCOMPARE(finished(post(api, assignPath(later), token.token, {})).status, 200);
    QNetworkRequest health(QUrl(api.baseUrl() + QStringLiteral("/healthz")));
    QCOMPARE(finished(m_client.get(health)).status, 200);
    QCOMPARE(
        m_cluster
            .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE driver_id = ?"), { driver })
            .toInt(),
        3);
}

// M3 (isolation spec idem-rr): with default_transaction_isolation = repeatable read, a
// retry that waited on the key's advisory lock must see the answer the first request
// stored meanwhile. 79db06d's snapshot predated the lock: no row, then 40001, then 503.
void FaultLostAnswersTest::keyedRetryUnderRepeatableReadDefaultReplaysTheStoredAnswer()
{
    const ConnectionSettings settings = m_cluster.freshDatabase(QStringLiteral("lost_rr"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Serial"));
    const qint64 order = m_cluster.addReadyOrder();
    std::unique_ptr<DatabaseConnection> tokens = m_cluster.connect(QStringLiteral("tokens"));
    const DriverTokens::Result token = DriverTokens::issue(tokens->database(), driver);
    QVERIFY2(token.ok, qPrintable(token.error));
    setRepeatableReadDefault(QStringLiteral("lost_rr"));

    DriverApi::Options options;
    options.port = 0;
    options.workers = 1;
    options.accessLog = [](const QString &) {
    };
    DriverApi api(settings, options);
    QString error;
    QVERIFY2(api.start(&error), qPrintable(error));
    const QString worker = QStringLiteral("dispatch-console/http-%1-worker-0").arg(api.port());
    const QString path = QStringLiteral("/api/driver/orders/%1/assign").arg(order);

    // The first request with the key, by hand: lock, claim, store, commit.
    std::unique_ptr<DatabaseConnection> first = m_cluster.connect(QStringLiteral("rr-first"));
    QSqlQuery unit(first->database());
    QVERIFY_SQL(unit, exec(QStringLiteral("BEGIN")));
    QVERIFY_SQL(
        unit, exec(QStringLiteral("SELECT * FROM http_idempotency_begin(%1, 'k-rr')").arg(driver)));
    QNetworkReply *retry = post(api, path, token.token, "k-rr");
    QTRY_COMPARE_WITH_TIMEOUT(waiting(worker, QStringLiteral("advisory")), 1, kWaitMs);
    QVERIFY_SQL(unit,
                exec(QStringLiteral("SELECT claim_order(%1, %2, 'http', 'driver:%2')")
                         .arg(order)
                         .arg(driver)));
    unit.prepare(QStringLiteral("SELECT http_idempotency_store(?, 'k-rr', ?, 200,"
                                " '{\"code\":\"ASSIGNED\",\"stored\":true}'::jsonb)"));
    unit.addBindValue(driver);
    unit.addBindValue(fingerprint(path));
    QVERIFY_SQL(unit, exec());
    QVERIFY_SQL(unit, exec(QStringLiteral("COMMIT")));

    const Reply replayed = finished(retry);
    QCOMPARE(replayed.status, 200);
    QCOMPARE(replayed.replayed, QByteArray("true"));
    QVERIFY(replayed.json.value(QStringLiteral("stored")).toBool());
}

// L6: an answer of 500 or more says "we do not know"; stored under a key it would be
// replayed for 24 hours and the key could never learn the truth.
void FaultLostAnswersTest::fiveHundredsAreNeverStoredUnderAKey()
{
    const ConnectionSettings settings = m_cluster.freshDatabase(QStringLiteral("lost_l6"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Unknown"));
    std::unique_ptr<DatabaseConnection> tokens = m_cluster.connect(QStringLiteral("tokens"));
    const DriverTokens::Result token = DriverTokens::issue(tokens->database(), driver);
    QVERIFY2(token.ok, qPrintable(token.error));
    DriverApiSession session(settings, QStringLiteral("l6"));
    const DriverApiSession::Driver holder = session.authenticate(token.token.toLatin1());
    QCOMPARE(holder.status, DriverApiSession::Driver::Status::Active);
    const auto unknown = [](DriverApiSession &) {
        ClaimOutcome outcome;
        outcome.code = OutcomeCode::ResultUnknown;
        return outcome;
    };
    const auto render = [](const ClaimOutcome &outcome) {
        return std::pair<int, QJsonObject>(
            outcome.httpStatus(), QJsonObject { { QStringLiteral("code"), outcome.codeName() } });
    };
    const DriverApiSession::StoredAnswer answer = session.withIdempotencyKey(
        holder, QStringLiteral("k-503"), fingerprint(QStringLiteral("/x")), unknown, render);
    QCOMPARE(answer.status, 503);
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT count(*) FROM http_idempotency")).toInt(), 0);
}

// L7: 79db06d counted the answers a session received, including one from a transaction
// that later rolled back. A committed win whose answer was then lost (the network cut while
// the claim waited on a row lock) looked "never committed", was sent again and answered
// ORDER_ALREADY_YOURS: a 409 for a win. The attempt id settles it as the win it is.
void FaultLostAnswersTest::committedWinAfterARolledBackAttemptIsSettledAsAWin()
{
    if (QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty())
        QSKIP("socat is not installed (scripts/bootstrap.sh installs it)");
    const ConnectionSettings direct = m_cluster.freshDatabase(QStringLiteral("lost_l7"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Counted"));
    const qint64 order = m_cluster.addReadyOrder();
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    QString parseError;
    const auto viaProxy = ConnectionSettings::parse(
        QStringLiteral("host=127.0.0.1 port=%1 user=%2 dbname=%3 connect_timeout=5")
            .arg(port)
            .arg(LocalPostgres::superuser(), direct.database()),
        &parseError);
    QVERIFY2(viaProxy, qPrintable(parseError));

    QProcess proxy;
    QVERIFY(startSocatProxy(proxy, port, m_cluster.server().socketDir(), false));
    std::unique_ptr<DatabaseConnection> locker = m_cluster.connect(QStringLiteral("l7-lock"));
    QSqlQuery rowLock(locker->database());
    std::atomic<int> step = 0;
    ClaimOutcome rolledBack;
    ClaimOutcome lost;
    std::unique_ptr<QThread> claimer(QThread::create([&] {
        DatabaseConnection connection(*viaProxy, QStringLiteral("l7-claimer"));
        if (connection.open().isValid()) {
            step = -1;
            return;
        }
        OrderRepository repository(connection);
        // An attempt inside a transaction that is then rolled back (a keyed unit whose
        // store failed): answered, but never committed.
        QSqlQuery unit(connection.database());
        unit.exec(QStringLiteral("BEGIN"));
        rolledBack = repository.claim(order, driver, ClaimSource::Http, QStringLiteral("l7"));
        unit.exec(QStringLiteral("ROLLBACK"));
        step = 1;
        if (!QTest::qWaitFor([&] { return step == 2; }, kWaitMs)) {
            step = -1; // the test gave up on us: fail there, not hang here
            return;
        }
        lost = repository.claim(order, driver, ClaimSource::Http, QStringLiteral("l7"));
        step = 3;
    }));
    claimer->start();
    QTRY_VERIFY_WITH_TIMEOUT(step != 0, kWaitMs);
    QCOMPARE(step.load(), 1);
    QCOMPARE(rolledBack.code, OutcomeCode::Assigned);
    QVERIFY_SQL(rowLock, exec(QStringLiteral("BEGIN")));
    QVERIFY_SQL(rowLock,
                exec(QStringLiteral("SELECT 1 FROM orders WHERE id = %1 FOR UPDATE").arg(order)));
    step = 2;
    QTRY_COMPARE_WITH_TIMEOUT(waiting(QStringLiteral("dispatch-console/l7-claimer")), 1, kWaitMs);
    proxy.kill(); // the cut: the answer will be lost
    proxy.waitForFinished(5000);
    QVERIFY_SQL(rowLock, exec(QStringLiteral("ROLLBACK"))); // the claim goes on and commits
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster
                                  .scalar(QStringLiteral("SELECT coalesce(driver_id, 0)"
                                                         " FROM orders WHERE id = ?"),
                                          { order })
                                  .toLongLong(),
                              driver, kWaitMs);
    QProcess back; // the network comes back
    QVERIFY(startSocatProxy(back, port, m_cluster.server().socketDir(), true));
    QTRY_COMPARE_WITH_TIMEOUT(step.load(), 3, kWaitMs);
    claimer->wait();
    back.kill();
    back.waitForFinished(5000);

    QCOMPARE(lost.codeName(), QStringLiteral("ASSIGNED"));
    QCOMPARE(lost.holderId.value_or(0), driver);
}

// L4: two consoles start together on a fresh database whose default is REPEATABLE READ.
// The second waited on the migration lock with a snapshot from before the first committed
// and failed with "relation drivers already exists".
void FaultLostAnswersTest::concurrentFirstMigrationsUnderRepeatableReadDefaultBothSucceed()
{
    m_cluster.freshDatabase(QStringLiteral("lost_l4"), false);
    setRepeatableReadDefault(QStringLiteral("lost_l4"));
    const ConnectionSettings settings = m_cluster.settings();
    // Hold the migration lock so that both first starts wait on it, then let them go.
    std::unique_ptr<DatabaseConnection> gate = m_cluster.connect(QStringLiteral("l4-gate"));
    QSqlQuery hold(gate->database());
    QVERIFY_SQL(hold, exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(0x4449535041544348)));

    Migrator::Result results[2];
    std::atomic<int> done = 0;
    std::unique_ptr<QThread> starts[2];
    for (int i = 0; i < 2; ++i) {
        starts[i].reset(QThread::create([&, i] {
            DatabaseConnection connection(settings, QStringLiteral("l4-start"));
            if (!connection.open().isValid())
                results[i] = Migrator::migrate(connection.database());
            ++done;
        }));
        starts[i]->start();
    }
    QTRY_COMPARE_WITH_TIMEOUT(
        waiting(QStringLiteral("dispatch-console/l4-start"), QStringLiteral("advisory")), 2,
        kWaitMs);
    QVERIFY_SQL(hold,
                exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(0x4449535041544348)));
    QTRY_COMPARE_WITH_TIMEOUT(done.load(), 2, kWaitMs);
    for (auto &start : starts)
        start->wait();
    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QVERIFY2(results[1].ok, qPrintable(results[1].error));
    QCOMPARE(Migrator::currentVersion(gate->database()), Migrator::latestVersion());
}

QTEST_GUILESS_MAIN(FaultLostAnswersTest)
#include "tst_faultlostanswers.moc"

// The outcome table: every code a claim, release or hold can answer, each produced for
// real against a migrated database, with its HTTP status, and the seed's Test 1.

#include "claims/orderrepository.h"
#include "core/claimoutcome.h"
#include "testcluster.h"

#include <QThread>

class ClaimOutcomesTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void outcomeTableIsComplete();
    void claimAnswers_data();
    void claimAnswers();
    void seedTest1SequentialAssignmentIs200Then409();
    void conflictNamesTheHolderAndSince();
    void everyAttemptIsRecordedWithSourceAndLatency();
    void heldOrderIsRefusedUntilTheHoldExpires();
    void theHolderCanAssignItsHeldOrder();
    void releaseAnswers_data();
    void releaseAnswers();
    void releaseByTheWrongDriverChangesNothing();
    void lostConnectionAnswersDatabaseUnavailable();
    void lockedOrderAnswersBusyNotConflict();
    void sqlStatesMapToOutcomes_data();
    void sqlStatesMapToOutcomes();
    void reassignNeedsTheShownDriverAndAReason();

private:
    TestCluster m_cluster;
    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<OrderRepository> m_repository;
    int m_databaseSerial = 0;
};

void ClaimOutcomesTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

void ClaimOutcomesTest::init()
{
    m_repository.reset();
    m_connection.reset();
    m_cluster.freshDatabase(QStringLiteral("outcomes_%1").arg(++m_databaseSerial));
    m_connection = m_cluster.connect(QStringLiteral("claimer"));
    m_repository = std::make_unique<OrderRepository>(*m_connection);
}

void ClaimOutcomesTest::outcomeTableIsComplete()
{
    // Every code has a unique wire name and one of the statuses the API promises.
    QSet<QString> names;
    for (int i = 0; i <= int(OutcomeCode::DatabaseUnavailable); ++i) {
        const OutcomeInfo &info = outcomeInfo(OutcomeCode(i));
        QCOMPARE(int(info.code), i);
        QVERIFY(!names.contains(QLatin1String(info.name)));
        names.insert(QLatin1String(info.name));
        QVERIFY(QList<int>({ 200, 400, 403, 404, 409, 500, 503 }).contains(info.httpStatus));
        QCOMPARE(outcomeCodeFromName(QString::fromLatin1(info.name)), OutcomeCode(i));
    }
    QCOMPARE(outcomeInfo(OutcomeCode::AlreadyAssigned).httpStatus, 409);
    QCOMPARE(outcomeInfo(OutcomeCode::NotFound).httpStatus, 404);
    QCOMPARE(outcomeInfo(OutcomeCode::NotReady).httpStatus, 400);
    QCOMPARE(outcomeInfo(OutcomeCode::DatabaseUnavailable).httpStatus, 503);
}

void ClaimOutcomesTest::claimAnswers_data()
{
    // How the order (and driver) is set up before the claim, and what the claim must say.
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("expectedCode");
    QTest::addColumn<int>("expectedHttp");

    QTest::newRow("ready order, active driver") << "ready"
                                                << "ASSIGNED" << 200;
    QTest::newRow("already assigned to another") << "assigned-other"
                                                 << "ORDER_ALREADY_ASSIGNED" << 409;
    QTest::newRow("already assigned to me") << "assigned-me"
                                            << "ORDER_ALREADY_YOURS" << 409;
    QTest::newRow("held by a dispatcher") << "held"
                                          << "ORDER_HELD" << 409;
    QTest::newRow("order does not exist") << "missing"
                                          << "ORDER_NOT_FOUND" << 404;
    QTest::newRow("order still preparing") << "preparing"
                                           << "ORDER_NOT_READY" << 400;
    QTest::newRow("order cancelled") << "cancelled"
                                     << "ORDER_NOT_READY" << 400;
    QTest::newRow("order delivered by another") << "delivered"
                                                << "ORDER_NOT_READY" << 400;
    QTest::newRow("order not active") << "inactive-order"
                                      << "ORDER_NOT_ACTIVE" << 400;
    QTest::newRow("driver does not exist") << "missing-driver"
                                           << "DRIVER_NOT_FOUND" << 404;
    QTest::newRow("driver inactive") << "inactive-driver"
                                     << "DRIVER_INACTIVE" << 403;
    QTest::newRow("order id zero") << "zero-order"
                                   << "INVALID_REQUEST" << 400;
    QTest::newRow("negative driver id") << "negative-driver"
                                        << "INVALID_REQUEST" << 400;
}

void ClaimOutcomesTest::claimAnswers()
{
    QFETCH(QString, setup);
    QFETCH(QString, expectedCode);
    QFETCH(int, expectedHttp);

    qint64 me = m_cluster.addDriver(QStringLiteral("Ada Me"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Bo Other"));
    qint64 order = m_cluster.addReadyOrder();

    if (setup == QLatin1String("assigned-other"))
        QCOMPARE(m_repository->claim(order, other, ClaimSource::Console).codeName(),
                 QStringLiteral("ASSIGNED"));
    else if (setup == QLatin1String("assigned-me"))
        QCOMPARE(m_repository->claim(order, me, ClaimSource::Console).codeName(),
                 QStringLiteral("ASSIGNED"));
    else if (setup == QLatin1String("held"))
        QCOMPARE(m_repository->hold(order, QStringLiteral("console:alice"), 30).codeName(),
                 QStringLiteral("HELD"));
    else if (setup == QLatin1String("missing"))
        order += 1000;
    else if (setup == QLatin1String("preparing"))
        m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'preparing' WHERE id = ?"),
                       { order });
    else if (setup == QLatin1String("cancelled"))
        m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'cancelled' WHERE id = ?"),
                       { order });
    else if (setup == QLatin1String("delivered")) {
        QVERIFY(m_repository->claim(order, other, ClaimSource::Console).isSuccess());
        m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'delivered' WHERE id = ?"),
                       { order });
    } else if (setup == QLatin1String("inactive-order"))
        m_cluster.exec(QStringLiteral("UPDATE orders SET is_active = false WHERE id = ?"),
                       { order });
    else if (setup == QLatin1String("missing-driver"))
        me += 1000;
    else if (setup == QLatin1String("inactive-driver"))
        m_cluster.exec(QStringLiteral("UPDATE drivers SET is_active = false WHERE id = ?"), { me });
    else if (setup == QLatin1String("zero-order"))
        order = 0;
    else if (setup == QLatin1String("negative-driver"))
        me = -5;

    const QVariant holderBefore
        = m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order });
    const ClaimOutcome outcome
        = m_repository->claim(order, me, ClaimSource::Console, QStringLiteral("driver:me"));
    QCOMPARE(outcome.codeName(), expectedCode);
    QCOMPARE(outcome.httpStatus(), expectedHttp);
    QVERIFY(!outcome.message().isEmpty());
    QCOMPARE(outcome.orderId, order);

    const QVariant holderAfter
        = m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order });
    if (expectedCode == QLatin1String("ASSIGNED")) {
        QCOMPARE(holderAfter.toLongLong(), me);
        QCOMPARE(
            m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                .toString(),
            QStringLiteral("driver_assigned"));
        QCOMPARE(outcome.holderName, QStringLiteral("Ada Me"));
    } else {
        QCOMPARE(holderAfter, holderBefore); // a refusal changes nothing
    }
    if (expectedCode == QLatin1String("ORDER_NOT_READY"))
        QVERIFY(outcome.message().contains(outcome.orderStatus));
}

void ClaimOutcomesTest::seedTest1SequentialAssignmentIs200Then409()
{
    const qint64 driver1 = m_cluster.addDriver(QStringLiteral("Driver One"));
    const qint64 driver2 = m_cluster.addDriver(QStringLiteral("Driver Two"));
    const qint64 order = m_cluster.addReadyOrder();

    const ClaimOutcome first = m_repository->claim(order, driver1, ClaimSource::Http);
    QCOMPARE(first.httpStatus(), 200);
    const ClaimOutcome second = m_repository->claim(order, driver2, ClaimSource::Http);
    QCOMPARE(second.httpStatus(), 409);
    QCOMPARE(second.code, OutcomeCode::AlreadyAssigned);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        driver1);
}

void ClaimOutcomesTest::conflictNamesTheHolderAndSince()
{
    const qint64 winner = m_cluster.addDriver(QStringLiteral("Grace Winner"));
    const qint64 loser = m_cluster.addDriver(QStringLiteral("Lou Loser"));
    const qint64 order = m_cluster.addReadyOrder();
    QVERIFY(m_repository->claim(order, winner, ClaimSource::Console).isSuccess());
    const ClaimOutcome lost = m_repository->claim(order, loser, ClaimSource::Console);
    QCOMPARE(lost.code, OutcomeCode::AlreadyAssigned);
    QVERIFY(lost.isConflict());
    QCOMPARE(lost.holderId, std::optional<qint64>(winner));
    QCOMPARE(lost.holderName, QStringLiteral("Grace Winner"));
    QVERIFY(lost.since.isValid());
    QVERIFY(qAbs(lost.since.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    QVERIFY2(lost.message().contains(QStringLiteral("Grace Winner")), qPrintable(lost.message()));
    QVERIFY(lost.message().startsWith(QStringLiteral("409 Conflict")));
}

void ClaimOutcomesTest::everyAttemptIsRecordedWithSourceAndLatency()
{
    const qint64 a = m_cluster.addDriver(QStringLiteral("A"));
    const qint64 b = m_cluster.addDriver(QStringLiteral("B"));
    const qint64 order = m_cluster.addReadyOrder();
    m_repository->claim(order, a, ClaimSource::Simulation);
    m_repository->claim(order, b, ClaimSource::Http);
    m_repository->claim(order + 99, b, ClaimSource::Console); // not found: recorded too

    QSqlQuery rows = m_cluster.exec(
        QStringLiteral("SELECT order_id, driver_id, source, outcome, latency_us, holder_id"
                       "  FROM claim_attempts ORDER BY id"));
    QVERIFY(rows.next());
    QCOMPARE(rows.value(1).toLongLong(), a);
    QCOMPARE(rows.value(2).toString(), QStringLiteral("simulation"));
    QCOMPARE(rows.value(3).toString(), QStringLiteral("ASSIGNED"));
    QVERIFY(rows.value(4).toLongLong() >= 0);
    QVERIFY(rows.value(5).isNull());
    QVERIFY(rows.next());
    QCOMPARE(rows.value(1).toLongLong(), b);
    QCOMPARE(rows.value(2).toString(), QStringLiteral("http"));
    QCOMPARE(rows.value(3).toString(), QStringLiteral("ORDER_ALREADY_ASSIGNED"));
    QCOMPARE(rows.value(5).toLongLong(), a);
    QVERIFY(rows.next());
    QCOMPARE(rows.value(0).toLongLong(), order + 99);
    QCOMPARE(rows.value(3).toString(), QStringLiteral("ORDER_NOT_FOUND"));
    QVERIFY(!rows.next());

    // The history (trigger) names the source of the assignment.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT source FROM order_history WHERE order_id = ?"
                                        " AND new_status = 'driver_assigned'"),
                         { order })
                 .toString(),
             QStringLiteral("simulation"));
}

void ClaimOutcomesTest::heldOrderIsRefusedUntilTheHoldExpires()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Hopeful"));
    const qint64 order = m_cluster.addReadyOrder();
    const ClaimOutcome held = m_repository->hold(order, QStringLiteral("console:alice"), 30);
    QCOMPARE(held.code, OutcomeCode::Held);

    const ClaimOutcome refused
        = m_repository->claim(order, driver, ClaimSource::Http, QStringLiteral("driver:1"));
    QCOMPARE(refused.code, OutcomeCode::OrderHeld);
    QCOMPARE(refused.httpStatus(), 409);
    QCOMPARE(refused.heldBy, QStringLiteral("console:alice"));
    QVERIFY(refused.heldUntil.isValid());

    // Another dispatcher cannot take over a live hold either.
    QCOMPARE(m_repository->hold(order, QStringLiteral("console:bob")).code, OutcomeCode::OrderHeld);
    // Let the hold run out (moved into the past rather than waited for). After expiry anyone
    // can claim: the claim's WHERE ignores an expired hold, so no sweeper job is needed.
    m_cluster.exec(QStringLiteral("UPDATE orders SET reserved_until = now() - interval '1 second'"
                                  " WHERE id = ?"),
                   { order });
    const ClaimOutcome won
        = m_repository->claim(order, driver, ClaimSource::Http, QStringLiteral("driver:1"));
    QCOMPARE(won.code, OutcomeCode::Assigned);
}

void ClaimOutcomesTest::theHolderCanAssignItsHeldOrder()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Chosen"));
    const qint64 order = m_cluster.addReadyOrder();
    QCOMPARE(m_repository->hold(order, QStringLiteral("console:alice"), 30).code,
             OutcomeCode::Held);
    const ClaimOutcome won
        = m_repository->claim(order, driver, ClaimSource::Console, QStringLiteral("console:alice"));
    QCOMPARE(won.code, OutcomeCode::Assigned);
    QVERIFY(m_cluster
                .scalar(QStringLiteral("SELECT reserved_by IS NULL FROM orders WHERE id = ?"),
                        { order })
                .toBool());
}

void ClaimOutcomesTest::releaseAnswers_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("expectedCode");
    QTest::newRow("held by me") << "mine"
                                << "RELEASED";
    QTest::newRow("held by another") << "other"
                                     << "ORDER_NOT_HELD_BY_DRIVER";
    QTest::newRow("never assigned") << "ready"
                                    << "ORDER_NOT_HELD_BY_DRIVER";
    QTest::newRow("picked up already") << "picked_up"
                                       << "ORDER_NOT_RELEASABLE";
    QTest::newRow("missing") << "missing"
                             << "ORDER_NOT_FOUND";
}

void ClaimOutcomesTest::releaseAnswers()
{
    QFETCH(QString, setup);
    QFETCH(QString, expectedCode);
    const qint64 me = m_cluster.addDriver(QStringLiteral("Me"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Other"));
    qint64 order = m_cluster.addReadyOrder();
    if (setup == QLatin1String("mine") || setup == QLatin1String("picked_up"))
        QVERIFY(m_repository->claim(order, me, ClaimSource::Console).isSuccess());
    if (setup == QLatin1String("other"))
        QVERIFY(m_repository->claim(order, other, ClaimSource::Console).isSuccess());
    if (setup == QLatin1String("picked_up"))
        m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'picked_up' WHERE id = ?"),
                       { order });
    if (setup == QLatin1String("missing"))
        order += 500;

    const ClaimOutcome outcome
        = m_repository->release(order, me, ClaimSource::Console, QStringLiteral("console:test"),
                                QStringLiteral("wrong driver"));
    QCOMPARE(outcome.codeName(), expectedCode);
    if (expectedCode == QLatin1String("RELEASED")) {
        QCOMPARE(
            m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                .toString(),
            QStringLiteral("ready"));
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT reason FROM order_history WHERE order_id = ?"
                                            " ORDER BY id DESC LIMIT 1"),
                             { order })
                     .toString(),
                 QStringLiteral("wrong driver"));
    }
}

void ClaimOutcomesTest::releaseByTheWrongDriverChangesNothing()
{
    const qint64 holder = m_cluster.addDriver(QStringLiteral("Holder"));
    const qint64 intruder = m_cluster.addDriver(QStringLiteral("Intruder"));
    const qint64 order = m_cluster.addReadyOrder();
    QVERIFY(m_repository->claim(order, holder, ClaimSource::Console).isSuccess());
    const ClaimOutcome outcome = m_repository->release(order, intruder, ClaimSource::Http);
    QCOMPARE(outcome.code, OutcomeCode::NotHeldByDriver);
    QCOMPARE(outcome.httpStatus(), 409);
    QCOMPARE(outcome.holderName, QStringLiteral("Holder"));
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        holder);
}

void ClaimOutcomesTest::lostConnectionAnswersDatabaseUnavailable()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Cut Off"));
    const qint64 order = m_cluster.addReadyOrder();
    QSqlQuery pid(m_connection->database());
    QVERIFY_SQL(pid, exec(QStringLiteral("SELECT pg_backend_pid()")));
    QVERIFY(pid.next());
    m_cluster.exec(QStringLiteral("SELECT pg_terminate_backend(?)"), { pid.value(0) });

    const ClaimOutcome cut = m_repository->claim(order, driver, ClaimSource::Console);
    QCOMPARE(cut.code, OutcomeCode::DatabaseUnavailable);
    QCOMPARE(cut.httpStatus(), 503);
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                 .toString(),
             QStringLiteral("ready"));
    // The next call reconnects and prepares its statement again.
    QCOMPARE(m_repository->claim(order, driver, ClaimSource::Console).code, OutcomeCode::Assigned);
}

void ClaimOutcomesTest::lockedOrderAnswersBusyNotConflict()
{
    // Another session holds the row lock (BEGIN; SELECT … FOR UPDATE) and waits: the claim
    // gives up after the server's lock_timeout (2 s here) with "busy, try again".
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Patient"));
    const qint64 order = m_cluster.addReadyOrder();
    auto locker = m_cluster.connect(QStringLiteral("locker"));
    QSqlDatabase lockDb = locker->database();
    QVERIFY(lockDb.transaction());
    QSqlQuery lock(lockDb);
    lock.prepare(QStringLiteral("SELECT id FROM orders WHERE id = ? FOR UPDATE"));
    lock.addBindValue(order);
    QVERIFY_SQL(lock, exec());

    const ClaimOutcome busy = m_repository->claim(order, driver, ClaimSource::Console);
    QCOMPARE(busy.code, OutcomeCode::Busy);
    QCOMPARE(busy.httpStatus(), 503);
    QVERIFY(!busy.isConflict());
    QVERIFY2(busy.message().contains(QStringLiteral("try again")), qPrintable(busy.message()));
    QVERIFY(lockDb.rollback());

    // Other orders are untouched by the lock, and this one can be claimed once it is free.
    QCOMPARE(m_repository->claim(order, driver, ClaimSource::Console).code, OutcomeCode::Assigned);
}

void ClaimOutcomesTest::sqlStatesMapToOutcomes_data()
{
    QTest::addColumn<QString>("sqlState");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("retry");
    QTest::newRow("serialization failure") << "40001"
                                           << "ORDER_BUSY" << true;
    QTest::newRow("deadlock") << "40P01"
                              << "ORDER_BUSY" << true;
    QTest::newRow("lock not available") << "55P03"
                                        << "ORDER_BUSY" << false;
    QTest::newRow("statement timeout") << "57014"
                                       << "ORDER_BUSY" << false;
    QTest::newRow("admin shutdown") << "57P01"
                                    << "DATABASE_UNAVAILABLE" << false;
    QTest::newRow("connection failure") << "08006"
                                        << "DATABASE_UNAVAILABLE" << false;
    QTest::newRow("no sqlstate") << ""
                                 << "DATABASE_UNAVAILABLE" << false;
    QTest::newRow("check violation") << "23514"
                                     << "INTEGRITY_ALERT" << false;
    QTest::newRow("unique violation") << "23505"
                                      << "INTEGRITY_ALERT" << false;
    QTest::newRow("insufficient privilege") << "42501"
                                            << "PERMISSION_DENIED" << false;
    QTest::newRow("invalid parameter") << "22023"
                                       << "INVALID_REQUEST" << false;
}

void ClaimOutcomesTest::sqlStatesMapToOutcomes()
{
    QFETCH(QString, sqlState);
    QFETCH(QString, code);
    QFETCH(bool, retry);
    const SqlStateRule rule = classifySqlState(sqlState);
    QCOMPARE(QString::fromLatin1(outcomeInfo(rule.code).name), code);
    QCOMPARE(rule.retry, retry);
}

void ClaimOutcomesTest::reassignNeedsTheShownDriverAndAReason()
{
    const qint64 first = m_cluster.addDriver(QStringLiteral("First"));
    const qint64 second = m_cluster.addDriver(QStringLiteral("Second"));
    const qint64 third = m_cluster.addDriver(QStringLiteral("Third"));
    const qint64 order = m_cluster.addReadyOrder();
    QVERIFY(m_repository->claim(order, first, ClaimSource::Console).isSuccess());

    QCOMPARE(m_repository
                 ->reassign(order, first, second, ClaimSource::Console, QStringLiteral("console:a"),
                            QStringLiteral(""))
                 .code,
             OutcomeCode::InvalidRequest);
    // The dispatcher saw "third" holding it, but it is "first": a conflict, nothing changes.
    const ClaimOutcome stale
        = m_repository->reassign(order, third, second, ClaimSource::Console,
                                 QStringLiteral("console:a"), QStringLiteral("van broke down"));
    QCOMPARE(stale.code, OutcomeCode::NotHeldByDriver);
    QCOMPARE(stale.holderName, QStringLiteral("First"));
    const ClaimOutcome moved
        = m_repository->reassign(order, first, second, ClaimSource::Console,
                                 QStringLiteral("console:a"), QStringLiteral("van broke down"));
    QCOMPARE(moved.code, OutcomeCode::Reassigned);
    QCOMPARE(moved.holderName, QStringLiteral("Second"));
    QSqlQuery history = m_cluster.exec(
        QStringLiteral("SELECT old_driver_id, new_driver_id, reason FROM order_history WHERE "
                       "order_id = ? ORDER BY id DESC LIMIT 1"),
        { order });
    QVERIFY(history.next());
    QCOMPARE(history.value(0).toLongLong(), first);
    QCOMPARE(history.value(1).toLongLong(), second);
    QCOMPARE(history.value(2).toString(), QStringLiteral("van broke down"));
}

QTEST_GUILESS_MAIN(ClaimOutcomesTest)
#include "tst_claimoutcomes.moc"

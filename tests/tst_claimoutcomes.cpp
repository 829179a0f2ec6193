// The outcome table: every code a claim, release or hold can answer, each produced for
// real against a migrated database, with its HTTP status, and the seed's Test 1.

#include "claims/orderrepository.h"
#include "core/claimoutcome.h"
#include "testcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDriver>
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
    void claimOnAnEndedSessionIsSettledAndMadeOnce();
    void lockedOrderAnswersBusyNotConflict();
    void sqlStatesMapToOutcomes_data();
    void sqlStatesMapToOutcomes();
    void reassignNeedsTheShownDriverAndAReason();

    // The delivery after the claim (sql/015).
    void lifecycleAnswers_data();
    void lifecycleAnswers();
    void cancelAnswers_data();
    void cancelAnswers();
    void wholeDeliveryIsRecordedStepByStepAndNotified();
    void driverLoadFollowsEveryPathIncludingPsql();
    void shiftAnswersAndOffShiftDriverCannotClaim();
    void capacityRefusesTheFourthOrderUntilOneIsDelivered();
    void reassignRespectsShiftAndCapacity();

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
    QTest::newRow("driver off shift") << "off-shift"
                                      << "DRIVER_OFF_SHIFT" << 409;
    QTest::newRow("driver at capacity") << "at-capacity"
                                        << "DRIVER_AT_CAPACITY" << 409;
    QTest::newRow("at capacity, and it is mine already") << "at-capacity-mine"
                                                         << "ORDER_ALREADY_YOURS" << 409;
    QTest::newRow("off shift, and another has it") << "off-shift-taken"
                                                   << "ORDER_ALREADY_ASSIGNED" << 409;
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
    else if (setup == QLatin1String("off-shift"))
        QCOMPARE(m_repository->setShift(me, false, QStringLiteral("console:test")).outcome.code,
                 OutcomeCode::ShiftEnded);
    else if (setup == QLatin1String("off-shift-taken")) {
        QVERIFY(m_repository->claim(order, other, ClaimSource::Console).isSuccess());
        QVERIFY(
            m_repository->setShift(me, false, QStringLiteral("console:test")).outcome.isSuccess());
    } else if (setup == QLatin1String("at-capacity")
               || setup == QLatin1String("at-capacity-mine")) {
        QCOMPARE(m_repository->setCapacity(me, 1).code, OutcomeCode::CapacitySet);
        const qint64 first = setup == QLatin1String("at-capacity-mine")
            ? order
            : m_cluster.addReadyOrder(QStringLiteral("First"));
        QVERIFY(m_repository->claim(first, me, ClaimSource::Console).isSuccess());
    }

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

void ClaimOutcomesTest::claimOnAnEndedSessionIsSettledAndMadeOnce()
{
    // The server ended the session (a restart, pg_terminate_backend) before the claim: the
    // claim is sent into a dead connection, its answer is lost, and it is settled (sql/022:
    // no transaction of it runs, no row) and sent once more on a new connection.
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Cut Off"));
    const qint64 order = m_cluster.addReadyOrder();
    QSqlQuery pid(m_connection->database());
    QVERIFY_SQL(pid, exec(QStringLiteral("SELECT pg_backend_pid()")));
    QVERIFY(pid.next());
    m_cluster.exec(QStringLiteral("SELECT pg_terminate_backend(?)"), { pid.value(0) });

    const ClaimOutcome cut = m_repository->claim(order, driver, ClaimSource::Console);
    QCOMPARE(cut.code, OutcomeCode::Assigned);
    QCOMPARE(cut.httpStatus(), 200);
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        driver);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE order_id = ?"),
                         { order })
                 .toInt(),
             1);
    // The next call runs on the new connection.
    QCOMPARE(m_repository->claim(order, driver, ClaimSource::Console).code,
             OutcomeCode::AlreadyYours);
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

namespace {

QString statusOf(TestCluster &cluster, qint64 order)
{
    return cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
        .toString();
}

int loadOf(TestCluster &cluster, qint64 driver)
{
    return cluster
        .scalar(QStringLiteral("SELECT active_orders FROM drivers WHERE id = ?"), { driver })
        .toInt();
}

// The load the counter must equal: counted from the orders themselves.
int countedLoadOf(TestCluster &cluster, qint64 driver)
{
    return cluster
        .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE driver_id = ? AND is_active"
                               " AND status IN ('driver_assigned', 'picked_up', 'in_transit')"),
                { driver })
        .toInt();
}

// Moves a freshly claimed order of driver along to the given status through the real steps.
bool bringTo(OrderRepository &repository, qint64 order, qint64 driver, const QString &status)
{
    const auto step = [&](DeliveryStep s, const QString &reason = {}) {
        return repository
            .advance(order, driver, s, ClaimSource::Console, QStringLiteral("console:setup"),
                     reason)
            .isSuccess();
    };
    if (!repository.claim(order, driver, ClaimSource::Console).isSuccess())
        return false;
    if (status == QLatin1String("driver_assigned"))
        return true;
    if (status == QLatin1String("failed"))
        return step(DeliveryStep::Fail, QStringLiteral("customer not home"));
    if (!step(DeliveryStep::PickUp))
        return false;
    if (status == QLatin1String("picked_up"))
        return true;
    if (!step(DeliveryStep::StartTransit))
        return false;
    if (status == QLatin1String("in_transit"))
        return true;
    return status == QLatin1String("delivered") && step(DeliveryStep::Deliver);
}

} // namespace

void ClaimOutcomesTest::lifecycleAnswers_data()
{
    // Where the order stands (status, and whose), the step tried by "me", and the answer.
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("holder"); // me | other | none
    QTest::addColumn<int>("step");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expectedCode");
    QTest::addColumn<int>("expectedHttp");
    QTest::addColumn<QString>("statusAfter");

    const int pickUp = int(DeliveryStep::PickUp);
    const int transit = int(DeliveryStep::StartTransit);
    const int deliver = int(DeliveryStep::Deliver);
    const int fail = int(DeliveryStep::Fail);
    const QString none;
    QTest::newRow("pick up an assigned order")
        << "driver_assigned"
        << "me" << pickUp << none << "PICKED_UP" << 200 << "picked_up";
    QTest::newRow("set off with a picked-up order")
        << "picked_up"
        << "me" << transit << none << "IN_TRANSIT" << 200 << "in_transit";
    QTest::newRow("deliver an order in transit")
        << "in_transit"
        << "me" << deliver << none << "DELIVERED" << 200 << "delivered";
    QTest::newRow("deliver straight after pickup")
        << "picked_up"
        << "me" << deliver << none << "DELIVERED" << 200 << "delivered";
    QTest::newRow("fail before pickup, with a reason") << "driver_assigned"
                                                       << "me" << fail << "kitchen closed"
                                                       << "FAILED" << 200 << "failed";
    QTest::newRow("fail in transit, with a reason") << "in_transit"
                                                    << "me" << fail << "customer not home"
                                                    << "FAILED" << 200 << "failed";
    QTest::newRow("fail without a reason") << "in_transit"
                                           << "me" << fail << "  "
                                           << "INVALID_REQUEST" << 400 << "in_transit";
    QTest::newRow("pick up twice")
        << "picked_up"
        << "me" << pickUp << none << "ORDER_WRONG_STATUS" << 409 << "picked_up";
    QTest::newRow("deliver before pickup")
        << "driver_assigned"
        << "me" << deliver << none << "ORDER_WRONG_STATUS" << 409 << "driver_assigned";
    QTest::newRow("set off before pickup")
        << "driver_assigned"
        << "me" << transit << none << "ORDER_WRONG_STATUS" << 409 << "driver_assigned";
    QTest::newRow("deliver twice")
        << "delivered"
        << "me" << deliver << none << "ORDER_WRONG_STATUS" << 409 << "delivered";
    QTest::newRow("fail a delivered order") << "delivered"
                                            << "me" << fail << "too late"
                                            << "ORDER_WRONG_STATUS" << 409 << "delivered";
    QTest::newRow("pick up a failed order")
        << "failed"
        << "me" << pickUp << none << "ORDER_WRONG_STATUS" << 409 << "failed";
    QTest::newRow("pick up another driver's order")
        << "driver_assigned"
        << "other" << pickUp << none << "ORDER_NOT_HELD_BY_DRIVER" << 409 << "driver_assigned";
    QTest::newRow("deliver another driver's order")
        << "in_transit"
        << "other" << deliver << none << "ORDER_NOT_HELD_BY_DRIVER" << 409 << "in_transit";
    QTest::newRow("pick up an order nobody claimed")
        << "ready"
        << "none" << pickUp << none << "ORDER_NOT_HELD_BY_DRIVER" << 409 << "ready";
    QTest::newRow("pick up an order that does not exist")
        << "missing"
        << "none" << pickUp << none << "ORDER_NOT_FOUND" << 404 << "";
    QTest::newRow("pick up an inactive order")
        << "inactive"
        << "me" << pickUp << none << "ORDER_NOT_ACTIVE" << 400 << "driver_assigned";
}

void ClaimOutcomesTest::lifecycleAnswers()
{
    QFETCH(QString, status);
    QFETCH(QString, holder);
    QFETCH(int, step);
    QFETCH(QString, reason);
    QFETCH(QString, expectedCode);
    QFETCH(int, expectedHttp);
    QFETCH(QString, statusAfter);

    const qint64 me = m_cluster.addDriver(QStringLiteral("Ada Me"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Bo Other"));
    qint64 order = m_cluster.addReadyOrder();
    if (status == QLatin1String("missing")) {
        order += 1000;
    } else if (status == QLatin1String("inactive")) {
        QVERIFY(bringTo(*m_repository, order, me, QStringLiteral("driver_assigned")));
        m_cluster.exec(QStringLiteral("UPDATE orders SET is_active = false WHERE id = ?"),
                       { order });
    } else if (holder != QLatin1String("none")) {
        QVERIFY(bringTo(*m_repository, order, holder == QLatin1String("me") ? me : other, status));
    }
    const QString statusBefore = status == QLatin1String("missing") ? QString()
        : status == QLatin1String("inactive") ? QStringLiteral("driver_assigned")
                                              : status;
    QCOMPARE(statusOf(m_cluster, order), statusBefore);
    const QVariant historyBefore = m_cluster.scalar(
        QStringLiteral("SELECT count(*) FROM order_history WHERE order_id = ?"), { order });

    const ClaimOutcome outcome = m_repository->advance(
        order, me, DeliveryStep(step), ClaimSource::Http, QStringLiteral("driver:me"), reason);
    QCOMPARE(outcome.codeName(), expectedCode);
    QCOMPARE(outcome.httpStatus(), expectedHttp);
    QCOMPARE(outcome.orderId, order);
    QVERIFY(!outcome.message().isEmpty());
    QCOMPARE(statusOf(m_cluster, order), statusAfter);
    QCOMPARE(countedLoadOf(m_cluster, me), loadOf(m_cluster, me));
    QCOMPARE(countedLoadOf(m_cluster, other), loadOf(m_cluster, other));

    const qint64 historyAdded
        = m_cluster
              .scalar(QStringLiteral("SELECT count(*) FROM order_history WHERE order_id = ?"),
                      { order })
              .toLongLong()
        - historyBefore.toLongLong();
    if (outcome.isSuccess()) {
        QCOMPARE(outcome.orderStatus, statusAfter);
        QCOMPARE(outcome.holderName, QStringLiteral("Ada Me"));
        QVERIFY(outcome.since.isValid());
        QCOMPARE(historyAdded, qint64(1));
        QSqlQuery last = m_cluster.exec(
            QStringLiteral("SELECT new_status, source, actor, reason FROM order_history"
                           " WHERE order_id = ? ORDER BY id DESC LIMIT 1"),
            { order });
        QVERIFY(last.next());
        QCOMPARE(last.value(0).toString(), statusAfter);
        QCOMPARE(last.value(1).toString(), QStringLiteral("http"));
        QCOMPARE(last.value(2).toString(), QStringLiteral("driver:me"));
        if (DeliveryStep(step) == DeliveryStep::Fail) {
            QCOMPARE(last.value(3).toString(), reason);
            QCOMPARE(m_cluster
                         .scalar(QStringLiteral("SELECT status_reason FROM orders WHERE id = ?"),
                                 { order })
                         .toString(),
                     reason);
        }
    } else {
        QCOMPARE(historyAdded, qint64(0)); // a refusal changes nothing
    }
    if (expectedCode == QLatin1String("ORDER_WRONG_STATUS")) {
        QCOMPARE(outcome.orderStatus, statusAfter);
        QVERIFY2(outcome.message().contains(statusAfter), qPrintable(outcome.message()));
    }
    if (expectedCode == QLatin1String("ORDER_NOT_HELD_BY_DRIVER")
        && holder == QLatin1String("other"))
        QCOMPARE(outcome.holderName, QStringLiteral("Bo Other"));
}

void ClaimOutcomesTest::cancelAnswers_data()
{
    // Where the order stands, what the dispatcher's board showed, and the answer.
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("shownStatus");
    QTest::addColumn<QString>("shownDriver"); // me | other | none
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expectedCode");
    QTest::addColumn<QString>("statusAfter");

    QTest::newRow("cancel a ready order") << "ready"
                                          << "ready"
                                          << "none"
                                          << "customer called"
                                          << "CANCELLED"
                                          << "cancelled";
    QTest::newRow("cancel an order in transit") << "in_transit"
                                                << "in_transit"
                                                << "me"
                                                << "wrong address"
                                                << "CANCELLED"
                                                << "cancelled";
    QTest::newRow("board showed it ready, it was claimed since") << "driver_assigned"
                                                                 << "ready"
                                                                 << "none"
                                                                 << "customer called"
                                                                 << "ORDER_WRONG_STATUS"
                                                                 << "driver_assigned";
    QTest::newRow("board showed another driver") << "driver_assigned"
                                                 << "driver_assigned"
                                                 << "other"
                                                 << "customer called"
                                                 << "ORDER_NOT_HELD_BY_DRIVER"
                                                 << "driver_assigned";
    QTest::newRow("too late: delivered") << "delivered"
                                         << "delivered"
                                         << "me"
                                         << "customer called"
                                         << "ORDER_WRONG_STATUS"
                                         << "delivered";
    QTest::newRow("no reason") << "ready"
                               << "ready"
                               << "none"
                               << "no"
                               << "INVALID_REQUEST"
                               << "ready";
    QTest::newRow("order does not exist") << "missing"
                                          << "ready"
                                          << "none"
                                          << "customer called"
                                          << "ORDER_NOT_FOUND"
                                          << "";
}

void ClaimOutcomesTest::cancelAnswers()
{
    QFETCH(QString, status);
    QFETCH(QString, shownStatus);
    QFETCH(QString, shownDriver);
    QFETCH(QString, reason);
    QFETCH(QString, expectedCode);
    QFETCH(QString, statusAfter);

    const qint64 me = m_cluster.addDriver(QStringLiteral("Ada Me"));
    const qint64 other = m_cluster.addDriver(QStringLiteral("Bo Other"));
    qint64 order = m_cluster.addReadyOrder();
    if (status == QLatin1String("missing"))
        order += 1000;
    else if (status != QLatin1String("ready"))
        QVERIFY(bringTo(*m_repository, order, me, status));

    std::optional<qint64> shown;
    if (shownDriver == QLatin1String("me"))
        shown = me;
    else if (shownDriver == QLatin1String("other"))
        shown = other;
    const ClaimOutcome outcome = m_repository->cancel(
        order, shownStatus, shown, ClaimSource::Console, QStringLiteral("console:alice"), reason);
    QCOMPARE(outcome.codeName(), expectedCode);
    QVERIFY(!outcome.message().isEmpty());
    QCOMPARE(statusOf(m_cluster, order), statusAfter);
    QCOMPARE(loadOf(m_cluster, me), countedLoadOf(m_cluster, me));
    if (outcome.isSuccess()) {
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT reason FROM order_history WHERE order_id = ?"
                                            " ORDER BY id DESC LIMIT 1"),
                             { order })
                     .toString(),
                 reason);
        QCOMPARE(loadOf(m_cluster, me), 0);
    }
}

void ClaimOutcomesTest::wholeDeliveryIsRecordedStepByStepAndNotified()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Dee Liver"));
    const qint64 order = m_cluster.addReadyOrder();
    auto listener = m_cluster.connect(QStringLiteral("listener"));
    QSqlDriver *sqlDriver = listener->database().driver();
    QVERIFY(sqlDriver->subscribeToNotification(QStringLiteral("orders_changed")));
    QSignalSpy notified(
        sqlDriver,
        qOverload<const QString &, QSqlDriver::NotificationSource, const QVariant &>(
            &QSqlDriver::notification));
    // Since sql/019 the change feed sends the changes (a console's listener calls it every
    // ~10 ms; none runs here, so the test is the feed): first what earlier cases left.
    m_cluster.scalar(QStringLiteral("SELECT count(*) FROM change_feed_poll(1000000)"));
    QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), 10000);
    notified.clear();

    QVERIFY(m_repository->claim(order, driver, ClaimSource::Http).isSuccess());
    for (DeliveryStep step :
         { DeliveryStep::PickUp, DeliveryStep::StartTransit, DeliveryStep::Deliver }) {
        const ClaimOutcome outcome = m_repository->advance(order, driver, step, ClaimSource::Http,
                                                           QStringLiteral("driver:dee"));
        QVERIFY2(outcome.isSuccess(), qPrintable(outcome.message()));
    }
    QSqlQuery history = m_cluster.exec(
        QStringLiteral("SELECT string_agg(coalesce(old_status, '-') || '>' || new_status, ' '"
                       "                  ORDER BY id)"
                       "  FROM order_history WHERE order_id = ? AND operation = 'UPDATE'"),
        { order });
    QVERIFY(history.next());
    QCOMPARE(history.value(0).toString(),
             QStringLiteral("ready>driver_assigned driver_assigned>picked_up"
                            " picked_up>in_transit in_transit>delivered"));
    // One change per step, in order, each naming the status it moved to (no NOTIFY came
    // from the steps' own transactions: the feed's one payload is an array).
    QVERIFY(m_cluster.scalar(QStringLiteral("SELECT count(*) FROM change_feed_poll(1000)")).toInt()
            >= 4);
    QTRY_VERIFY_WITH_TIMEOUT(notified.size() >= 1, 10000);
    QCOMPARE(notified.size(), 1);
    QStringList statuses;
    const QJsonArray changes
        = QJsonDocument::fromJson(notified.first().at(2).toString().toUtf8()).array();
    for (const QJsonValue &change : changes)
        if (change.toObject().value(QStringLiteral("id")).toInteger() == order)
            statuses << change.toObject().value(QStringLiteral("status")).toString();
    QCOMPARE(statuses,
             QStringList({ QStringLiteral("driver_assigned"), QStringLiteral("picked_up"),
                           QStringLiteral("in_transit"), QStringLiteral("delivered") }));
    QCOMPARE(loadOf(m_cluster, driver), 0);
}

void ClaimOutcomesTest::driverLoadFollowsEveryPathIncludingPsql()
{
    const qint64 a = m_cluster.addDriver(QStringLiteral("A"));
    const qint64 b = m_cluster.addDriver(QStringLiteral("B"));
    QList<qint64> orders;
    for (int i = 0; i < 4; ++i)
        orders << m_cluster.addReadyOrder();
    const auto check = [&](int loadA, int loadB) {
        return loadOf(m_cluster, a) == loadA && countedLoadOf(m_cluster, a) == loadA
            && loadOf(m_cluster, b) == loadB && countedLoadOf(m_cluster, b) == loadB;
    };
    QVERIFY(m_repository->claim(orders[0], a, ClaimSource::Console).isSuccess());
    QVERIFY(m_repository->claim(orders[1], a, ClaimSource::Console).isSuccess());
    QVERIFY(check(2, 0));
    QVERIFY(m_repository->release(orders[1], a, ClaimSource::Console).isSuccess());
    QVERIFY(check(1, 0));
    QVERIFY(m_repository
                ->reassign(orders[0], a, b, ClaimSource::Console, QStringLiteral("console:x"),
                           QStringLiteral("van broke down"))
                .isSuccess());
    QVERIFY(check(0, 1));
    QVERIFY(m_repository
                ->advance(orders[0], b, DeliveryStep::Fail, ClaimSource::Console,
                          QStringLiteral("console:x"), QStringLiteral("road closed"))
                .isSuccess());
    QVERIFY(check(0, 0));
    // Plain SQL edits keep the counter too: it is kept by a trigger, not by the functions.
    m_cluster.exec(QStringLiteral("UPDATE orders SET status = 'driver_assigned', driver_id = ?"
                                  " WHERE id = ?"),
                   { a, orders[2] });
    m_cluster.exec(QStringLiteral("INSERT INTO orders (status, driver_id, customer, pickup,"
                                  " dropoff) VALUES ('picked_up', ?, 'c', 'p', 'd')"),
                   { b });
    QVERIFY(check(1, 1));
    m_cluster.exec(QStringLiteral("UPDATE orders SET is_active = false WHERE id = ?"),
                   { orders[2] });
    m_cluster.exec(
        QStringLiteral("DELETE FROM orders WHERE driver_id = ? AND status = 'picked_up'"), { b });
    QVERIFY(check(0, 0));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM deactivate_driver(?, 'test',"
                                        " 'left the company')"),
                         { a })
                 .toInt(),
             1);
    QVERIFY(check(0, 0));
}

void ClaimOutcomesTest::shiftAnswersAndOffShiftDriverCannotClaim()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Shifty"));
    const qint64 gone = m_cluster.addDriver(QStringLiteral("Gone"), false);
    const qint64 first = m_cluster.addReadyOrder();
    const qint64 second = m_cluster.addReadyOrder();
    QVERIFY(m_repository->claim(first, driver, ClaimSource::Console).isSuccess());

    const DriverShift off = m_repository->setShift(driver, false, QStringLiteral("console:x"));
    QCOMPARE(off.outcome.codeName(), QStringLiteral("SHIFT_ENDED"));
    QVERIFY(!off.onShift);
    QVERIFY(off.since.isValid());
    QCOMPARE(off.activeOrders, 1); // the order in hand stays
    QCOMPARE(off.capacity, std::optional<int>(3)); // the default
    const ClaimOutcome refused = m_repository->claim(second, driver, ClaimSource::Console);
    QCOMPARE(refused.codeName(), QStringLiteral("DRIVER_OFF_SHIFT"));
    QCOMPARE(refused.httpStatus(), 409);
    QCOMPARE(statusOf(m_cluster, second), QStringLiteral("ready"));
    // Off shift, the order in hand can still be delivered.
    QVERIFY(m_repository
                ->advance(first, driver, DeliveryStep::PickUp, ClaimSource::Console,
                          QStringLiteral("console:x"))
                .isSuccess());
    // Ending a shift twice is not a second change.
    QCOMPARE(m_repository->setShift(driver, false, QStringLiteral("console:x")).since, off.since);

    const DriverShift on = m_repository->setShift(driver, true, QStringLiteral("console:x"));
    QCOMPARE(on.outcome.codeName(), QStringLiteral("SHIFT_STARTED"));
    QVERIFY(on.onShift);
    QCOMPARE(m_repository->claim(second, driver, ClaimSource::Console).code, OutcomeCode::Assigned);

    QCOMPARE(m_repository->setShift(gone, true, QStringLiteral("console:x")).outcome.code,
             OutcomeCode::DriverInactive);
    QCOMPARE(m_repository->setShift(gone + 100, true, QStringLiteral("console:x")).outcome.code,
             OutcomeCode::DriverNotFound);
    QCOMPARE(m_repository->setShift(0, true, QStringLiteral("console:x")).outcome.code,
             OutcomeCode::InvalidRequest);
}

void ClaimOutcomesTest::capacityRefusesTheFourthOrderUntilOneIsDelivered()
{
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Loaded"));
    QList<qint64> orders;
    for (int i = 0; i < 4; ++i)
        orders << m_cluster.addReadyOrder();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m_repository->claim(orders[i], driver, ClaimSource::Console).code,
                 OutcomeCode::Assigned);
    const ClaimOutcome full = m_repository->claim(orders[3], driver, ClaimSource::Console);
    QCOMPARE(full.codeName(), QStringLiteral("DRIVER_AT_CAPACITY"));
    QCOMPARE(statusOf(m_cluster, orders[3]), QStringLiteral("ready"));
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT outcome FROM claim_attempts WHERE order_id = ?"),
                         { orders[3] })
                 .toString(),
             QStringLiteral("DRIVER_AT_CAPACITY")); // recorded like any refused claim

    QVERIFY(m_repository->advance(orders[0], driver, DeliveryStep::PickUp, ClaimSource::Console, {})
                .isSuccess());
    QVERIFY(
        m_repository->advance(orders[0], driver, DeliveryStep::Deliver, ClaimSource::Console, {})
            .isSuccess());
    QCOMPARE(m_repository->claim(orders[3], driver, ClaimSource::Console).code,
             OutcomeCode::Assigned);

    // Per driver: more room, and lowering it below the load takes nothing away.
    QCOMPARE(m_repository->setCapacity(driver, 5).code, OutcomeCode::CapacitySet);
    QCOMPARE(m_repository->setCapacity(driver, 1).code, OutcomeCode::CapacitySet);
    QCOMPARE(loadOf(m_cluster, driver), 3);
    QCOMPARE(m_repository->setCapacity(driver, 0).code, OutcomeCode::InvalidRequest);
    QCOMPARE(m_repository->setCapacity(driver + 100, 2).code, OutcomeCode::DriverNotFound);
}

void ClaimOutcomesTest::reassignRespectsShiftAndCapacity()
{
    const qint64 from = m_cluster.addDriver(QStringLiteral("From"));
    const qint64 resting = m_cluster.addDriver(QStringLiteral("Resting"));
    const qint64 full = m_cluster.addDriver(QStringLiteral("Full"));
    const qint64 order = m_cluster.addReadyOrder();
    QVERIFY(m_repository->claim(order, from, ClaimSource::Console).isSuccess());
    QVERIFY(
        m_repository->setShift(resting, false, QStringLiteral("console:x")).outcome.isSuccess());
    QVERIFY(m_repository->setCapacity(full, 1).isSuccess());
    QVERIFY(m_repository->claim(m_cluster.addReadyOrder(), full, ClaimSource::Console).isSuccess());

    const QString why = QStringLiteral("van broke down");
    QCOMPARE(
        m_repository->reassign(order, from, resting, ClaimSource::Console, QStringLiteral("c"), why)
            .codeName(),
        QStringLiteral("DRIVER_OFF_SHIFT"));
    QCOMPARE(
        m_repository->reassign(order, from, full, ClaimSource::Console, QStringLiteral("c"), why)
            .codeName(),
        QStringLiteral("DRIVER_AT_CAPACITY"));
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { order })
            .toLongLong(),
        from);
}

QTEST_GUILESS_MAIN(ClaimOutcomesTest)
#include "tst_claimoutcomes.moc"

// The seed's Test 2, for real: N threads, each with its own connection, released together
// by a barrier so their claims overlap on the server. Exactly one winner per trial, no
// order ever assigned twice, and every attempt made is an attempt recorded.
//
// Weaken the claim's WHERE clause (sql/004) and this test goes red.

#include "claims/orderrepository.h"
#include "testcluster.h"

#include <QMutex>
#include <atomic>
#include <barrier>
#include <thread>
#include <vector>

class ConcurrentClaimsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void raceHasExactlyOneWinner_data();
    void raceHasExactlyOneWinner();
    void seedTest2TwoDriversAtOnceOneGets200OtherGets409();
    void raceForOneDriversCapacity_data();
    void raceForOneDriversCapacity();

private:
    TestCluster m_cluster;
};

void ConcurrentClaimsTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("races"));
}

void ConcurrentClaimsTest::raceHasExactlyOneWinner_data()
{
    QTest::addColumn<int>("racers");
    QTest::addColumn<int>("trials");
    QTest::newRow("2 racers") << 2 << 300;
    QTest::newRow("8 racers") << 8 << 300;
    QTest::newRow("32 racers") << 32 << 300;
}

void ConcurrentClaimsTest::raceHasExactlyOneWinner()
{
    QFETCH(int, racers);
    QFETCH(int, trials);

    QList<qint64> drivers;
    for (int i = 0; i < racers; ++i) {
        drivers << m_cluster.addDriver(QStringLiteral("Racer %1 of %2").arg(i + 1).arg(racers));
        // This race is for orders: a racer winning its fourth order must not meet its own
        // capacity (sql/015; the capacity race is raceForOneDriversCapacity).
        m_cluster.exec(
            QStringLiteral("UPDATE drivers SET max_concurrent_orders = NULL WHERE id = ?"),
            { drivers.last() });
    }
    QList<qint64> orders;
    for (int t = 0; t < trials; ++t)
        orders << m_cluster.addReadyOrder(QStringLiteral("Race %1/%2").arg(t).arg(racers));
    const qint64 attemptsBefore
        = m_cluster.scalar(QStringLiteral("SELECT count(*) FROM claim_attempts")).toLongLong();

    // outcomes[trial][racer]
    std::vector<std::vector<ClaimOutcome>> outcomes(trials, std::vector<ClaimOutcome>(racers));
    std::atomic<int> connectFailures = 0;
    std::barrier start(racers);
    std::vector<std::thread> threads;
    const ConnectionSettings settings = m_cluster.settings();
    for (int r = 0; r < racers; ++r) {
        threads.emplace_back([&, r] {
            DatabaseConnection connection(settings, QStringLiteral("racer-%1").arg(r));
            if (connection.open().isValid())
                ++connectFailures;
            OrderRepository repository(connection);
            for (int t = 0; t < trials; ++t) {
                start.arrive_and_wait(); // every racer fires at the same instant
                outcomes[t][r] = repository.claim(orders[t], drivers[r], ClaimSource::Simulation);
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(connectFailures.load(), 0);

    int totalWins = 0;
    for (int t = 0; t < trials; ++t) {
        int wins = 0;
        qint64 winner = 0;
        for (int r = 0; r < racers; ++r) {
            const ClaimOutcome &outcome = outcomes[t][r];
            if (outcome.code == OutcomeCode::Assigned) {
                ++wins;
                winner = drivers[r];
            } else {
                // A loser is told who won: a 409, never a silent success or another error.
                QVERIFY2(outcome.code == OutcomeCode::AlreadyAssigned,
                         qPrintable(QStringLiteral("trial %1 racer %2: %3 %4")
                                        .arg(t)
                                        .arg(r)
                                        .arg(outcome.codeName(), outcome.message())));
                QCOMPARE(outcome.httpStatus(), 409);
            }
        }
        QVERIFY2(wins == 1, qPrintable(QStringLiteral("trial %1 had %2 winners").arg(t).arg(wins)));
        totalWins += wins;
        for (int r = 0; r < racers; ++r) {
            if (outcomes[t][r].code == OutcomeCode::AlreadyAssigned)
                QCOMPARE(outcomes[t][r].holderId, std::optional<qint64>(winner));
        }
        QCOMPARE(
            m_cluster
                .scalar(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"), { orders[t] })
                .toLongLong(),
            winner);
    }
    QCOMPARE(totalWins, trials);

    // Counted from the database itself.
    const QVariantList range { orders.first(), orders.last() };
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE id BETWEEN ? AND ? AND "
                                        "status = 'driver_assigned'"),
                         range)
                 .toInt(),
             trials);
    // Zero double assignment: no order was ever handed to a driver twice.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral(
                             "SELECT count(*) FROM (SELECT order_id FROM order_history"
                             "  WHERE order_id BETWEEN ? AND ? AND new_status = 'driver_assigned'"
                             "  GROUP BY order_id HAVING count(*) > 1) AS twice"),
                         range)
                 .toInt(),
             0);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral(
                             "SELECT count(*) FROM order_history WHERE order_id BETWEEN ? AND ?"
                             "  AND new_status = 'driver_assigned'"),
                         range)
                 .toInt(),
             trials);
    // Attempts recorded = attempts made; wins recorded = wins reported.
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT count(*) FROM claim_attempts")).toLongLong()
                 - attemptsBefore,
             qint64(racers) * trials);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM claim_attempts WHERE outcome = "
                                        "'ASSIGNED' AND order_id BETWEEN ? AND ?"),
                         range)
                 .toInt(),
             trials);
}

void ConcurrentClaimsTest::seedTest2TwoDriversAtOnceOneGets200OtherGets409()
{
    const qint64 driver1 = m_cluster.addDriver(QStringLiteral("Driver 1"));
    const qint64 driver2 = m_cluster.addDriver(QStringLiteral("Driver 2"));
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Order 123"));
    const ConnectionSettings settings = m_cluster.settings();

    std::barrier start(2);
    int status[2] = { 0, 0 };
    const auto race = [&](int slot, qint64 driver) {
        DatabaseConnection connection(settings, QStringLiteral("seed-driver-%1").arg(slot));
        connection.open();
        OrderRepository repository(connection);
        start.arrive_and_wait();
        status[slot] = repository.claim(order, driver, ClaimSource::Http).httpStatus();
    };
    std::thread a(race, 0, driver1);
    std::thread b(race, 1, driver2);
    a.join();
    b.join();
    QVERIFY2((status[0] == 200 && status[1] == 409) || (status[0] == 409 && status[1] == 200),
             qPrintable(QStringLiteral("got %1 and %2").arg(status[0]).arg(status[1])));
}

void ConcurrentClaimsTest::raceForOneDriversCapacity_data()
{
    // The second race (issue 16): phones of the same driver claiming different orders at once.
    // Racer r's j-th claim is its own order, for driver r % drivers; all racers fire each
    // round together. A count(*) of the driver's orders would let them all win.
    QTest::addColumn<int>("racers");
    QTest::addColumn<int>("drivers");
    QTest::addColumn<int>("claimsPerRacer");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("trials");
    QTest::newRow("one driver, two phones, three orders each, capacity 3")
        << 2 << 1 << 3 << 3 << 40;
    QTest::newRow("one driver, five orders at once, capacity 3") << 5 << 1 << 1 << 3 << 40;
    QTest::newRow("8 racers, one driver, capacity 3") << 8 << 1 << 2 << 3 << 30;
    QTest::newRow("32 racers, one driver, capacity 3") << 32 << 1 << 1 << 3 << 20;
    QTest::newRow("32 racers, 8 drivers, capacity 2") << 32 << 8 << 2 << 2 << 20;
    QTest::newRow("8 racers, 2 drivers, capacity 5") << 8 << 2 << 2 << 5 << 30;
}

void ConcurrentClaimsTest::raceForOneDriversCapacity()
{
    QFETCH(int, racers);
    QFETCH(int, drivers);
    QFETCH(int, claimsPerRacer);
    QFETCH(int, capacity);
    QFETCH(int, trials);

    const ConnectionSettings settings = m_cluster.settings();
    const int perDriver = racers / drivers * claimsPerRacer; // attempts on each driver
    const int expectedWins = std::min(capacity, perDriver);
    for (int t = 0; t < trials; ++t) {
        QList<qint64> driverIds;
        for (int d = 0; d < drivers; ++d) {
            driverIds << m_cluster.addDriver(QStringLiteral("Capacity %1/%2").arg(t).arg(d));
            m_cluster.exec(
                QStringLiteral("UPDATE drivers SET max_concurrent_orders = ? WHERE id = ?"),
                { capacity, driverIds.last() });
        }
        QList<qint64> orders;
        for (int i = 0; i < racers * claimsPerRacer; ++i)
            orders << m_cluster.addReadyOrder(QStringLiteral("Capacity race %1").arg(t));

        std::vector<std::vector<ClaimOutcome>> outcomes(racers,
                                                        std::vector<ClaimOutcome>(claimsPerRacer));
        std::atomic<int> connectFailures = 0;
        std::barrier round(racers);
        std::vector<std::thread> threads;
        for (int r = 0; r < racers; ++r) {
            threads.emplace_back([&, r] {
                DatabaseConnection connection(settings, QStringLiteral("phone-%1").arg(r));
                if (connection.open().isValid())
                    ++connectFailures;
                OrderRepository repository(connection);
                for (int j = 0; j < claimsPerRacer; ++j) {
                    round.arrive_and_wait();
                    outcomes[r][j] = repository.claim(orders[j * racers + r],
                                                      driverIds[r % drivers], ClaimSource::Http);
                }
            });
        }
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(connectFailures.load(), 0);

        QList<int> wins(drivers, 0);
        for (int r = 0; r < racers; ++r) {
            for (int j = 0; j < claimsPerRacer; ++j) {
                const ClaimOutcome &outcome = outcomes[r][j];
                if (outcome.code == OutcomeCode::Assigned) {
                    ++wins[r % drivers];
                } else {
                    QVERIFY2(outcome.code == OutcomeCode::DriverAtCapacity,
                             qPrintable(QStringLiteral("trial %1 racer %2 claim %3: %4")
                                            .arg(t)
                                            .arg(r)
                                            .arg(j)
                                            .arg(outcome.codeName())));
                    QCOMPARE(outcome.httpStatus(), 409);
                }
            }
        }
        for (int d = 0; d < drivers; ++d) {
            QVERIFY2(wins[d] == expectedWins,
                     qPrintable(QStringLiteral("trial %1 driver %2: %3 wins, capacity %4")
                                    .arg(t)
                                    .arg(d)
                                    .arg(wins[d])
                                    .arg(capacity)));
            // The database agrees: orders held, and the counter the claims checked.
            QCOMPARE(m_cluster
                         .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE driver_id = ?"
                                                " AND status = 'driver_assigned'"),
                                 { driverIds[d] })
                         .toInt(),
                     expectedWins);
            QCOMPARE(m_cluster
                         .scalar(QStringLiteral("SELECT active_orders FROM drivers WHERE id = ?"),
                                 { driverIds[d] })
                         .toInt(),
                     expectedWins);
        }
    }
}

QTEST_GUILESS_MAIN(ConcurrentClaimsTest)
#include "tst_concurrentclaims.moc"

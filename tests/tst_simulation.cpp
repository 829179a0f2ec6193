// The trainer's simulation against a real cluster: races that really overlap on the server,
// a drained board where every order is assigned exactly once, the old read-then-write bug
// caught by the consistency check (and the fix passing it on the same seed), a stop that
// leaves no thread and no connection behind, and the trainer kept off databases not marked
// for training, its trainees inactive however a run ends.

#include "simulation/simulationboard.h"
#include "simulation/simulationrun.h"
#include "simulation/simulationscenario.h"
#include "simulation/simulationview.h"
#include "simulation/timelinewidget.h"
#include "simulation/vulnerableclaim.h"
#include "testcluster.h"

#include <QDir>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <algorithm>

namespace {

constexpr int kGenerousMs = 120000; // only so a hang fails instead of blocking ctest

// What a trainer (or the database owner) runs to mark a database for training (sql/007).
const char kMarkForTraining[]
    = "UPDATE training_settings SET is_training = true, marked_by = 'tst_simulation'";

// The database is not a training database for the scope of one test, marked again after.
class NotMarkedForTraining
{
public:
    explicit NotMarkedForTraining(TestCluster &cluster)
        : m_cluster(cluster)
    {
        m_cluster.exec(QStringLiteral("UPDATE training_settings SET is_training = false"));
    }
    ~NotMarkedForTraining() { m_cluster.exec(QString::fromLatin1(kMarkForTraining)); }
    Q_DISABLE_COPY_MOVE(NotMarkedForTraining)

private:
    TestCluster &m_cluster;
};

qint64 median(QList<qint64> values)
{
    return SimulationStats::percentile(std::move(values), 50);
}

} // namespace

class SimulationTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void raceOfThirtyTwoLanesHasOneWinnerTwoHundredTimes();
    void drainOfTwoThousandOrdersAssignsEachExactlyOnce();
    void phonesOfOneDriverWinOnlyWhatItsCapacityAllows_data();
    void phonesOfOneDriverWinOnlyWhatItsCapacityAllows();
    void lanesThatDeliverTakeEveryOrderToTheDoor();
    void oldReadThenWriteLosesUpdatesTheAtomicClaimDoesNot();
    void oldReadThenWriteRefusedOnADatabaseNotMarkedForTraining();
    void trainerLoginRunsBothMethodsOnATrainingDatabase();
    void trainerLoginChangesNothingOnADatabaseNotMarkedForTraining_data();
    void trainerLoginChangesNothingOnADatabaseNotMarkedForTraining();
    void trainerLoginsDemoNeverTouchesAProductionOrder();
    void broadcastOfferHasOneWinnerPerOffer();
    void scriptedHoldLetsOnlyTheHolderWin();
    void stopMidRunLeavesNoLaneThreadOrConnection();
    void sixteenLaneRaceInTheViewFillsTimelineScoreboardAndBadge();
    void atomicRunRefusedOnADatabaseNotMarkedForTrainingWritesNothing();
    void viewIsBuiltWithoutWritingAndStartNeverMarksTheDatabase();
    void viewOnADatabaseNotMarkedForTrainingSaysHowToGetOne();
    void finishedRunLeavesItsTraineesAndBoardInactive();
    void stoppedRunLeavesItsTraineesInactive();
    void destroyedRunLeavesItsTraineesInactive();
    void startFailingHalfWayLeavesItsTraineesInactive();
    void twoRunsAtOnceNeverShareATrainee();
    void readyMadeScenariosLoad();
    void newScenarioClearsThePreviousRunsFailBadge();
    void timelinePngHasLaneNamesAxisAndLegend();
    void timelineInAShortTabStillNamesEveryLane();
    void badScenarioNamesTheLineAndTheField_data();
    void badScenarioNamesTheLineAndTheField();

private:
    // Starts the run and waits for its consistency check.
    SimulationConsistency runToEnd(SimulationRun &run, const SimulationConfig &config);
    int laneBackends();
    // A LOGIN role of the given group roles (sql/008, 018), made by the owner as the embedded
    // console's setup makes dispatch_console; its settings on this database.
    ConnectionSettings loginIn(const QString &login, const QStringList &groups);
    int activeTrainees();
    // Rows a run could add anywhere: drivers, orders, history.
    QList<qint64> rowCounts();

    TestCluster m_cluster;
};

void SimulationTest::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_cluster.freshDatabase(QStringLiteral("simulation"));
    SimulationRun run(m_cluster.settings());
    QCOMPARE(run.isTrainingDatabase(), false); // a migrated database starts unmarked
    // Not the embedded default: marked the way sql/007 tells a trainer to.
    m_cluster.exec(QString::fromLatin1(kMarkForTraining));
    QVERIFY(run.isTrainingDatabase());
}

ConnectionSettings SimulationTest::loginIn(const QString &login, const QStringList &groups)
{
    auto owner = m_cluster.connect(QStringLiteral("roles"));
    QString error;
    if (!LocalPostgres::ensureLogin(owner->database(), login, groups, &error))
        qWarning("%s", qPrintable(error));
    const ConnectionSettings admin = m_cluster.settings();
    return ConnectionSettings::localSocket(admin.host(), admin.port(), login, admin.database());
}

SimulationConsistency SimulationTest::runToEnd(SimulationRun &run, const SimulationConfig &config)
{
    QSignalSpy finished(&run, &SimulationRun::finished);
    QString error;
    if (!run.start(config, &error)) {
        qWarning("start failed: %s", qPrintable(error));
        return {};
    }
    if (!finished.wait(kGenerousMs))
        return {};
    return finished.first().first().value<SimulationConsistency>();
}

int SimulationTest::laneBackends()
{
    return m_cluster
        .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                               " WHERE application_name LIKE 'dispatch-console/%lane%'"))
        .toInt();
}

int SimulationTest::activeTrainees()
{
    return m_cluster
        .scalar(QStringLiteral(
            "SELECT count(*) FROM drivers WHERE name LIKE 'Trainee %' AND is_active"))
        .toInt();
}

QList<qint64> SimulationTest::rowCounts()
{
    QSqlQuery query = m_cluster.exec(QStringLiteral(
        "SELECT (SELECT count(*) FROM drivers), (SELECT count(*) FROM orders),"
        "       (SELECT count(*) FROM order_history),"
        "       (SELECT count(*) FROM orders WHERE pickup = 'Trainer kitchen' AND is_active),"
        "       (SELECT count(*) FROM drivers WHERE name LIKE 'Trainee %' AND is_active)"));
    if (!query.next())
        return {};
    QList<qint64> counts;
    for (int i = 0; i < 5; ++i)
        counts << query.value(i).toLongLong();
    return counts;
}

void SimulationTest::raceOfThirtyTwoLanesHasOneWinnerTwoHundredTimes()
{
    constexpr int lanes = 32;
    constexpr int races = 200;
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = lanes;
    config.mode = SimulationConfig::Mode::RaceOneOrder;
    config.rounds = races;
    config.seed = 7;
    const SimulationConsistency consistency = runToEnd(run, config);
    QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
    QCOMPARE(consistency.attemptsMade, qint64(lanes) * races);
    QCOMPARE(consistency.ordersAssigned, qint64(races));

    QList<QList<SimulationAttempt>> byRound(races);
    for (const SimulationAttempt &attempt : run.attempts())
        byRound[attempt.round].append(attempt);

    QList<qint64> sendSpreads;
    int overlapped = 0;
    for (int r = 0; r < races; ++r) {
        QList<SimulationAttempt> &round = byRound[r];
        QCOMPARE(round.size(), lanes);
        const auto wins = std::count_if(round.cbegin(), round.cend(),
                                        [](const SimulationAttempt &a) { return a.isWin(); });
        const auto conflicts = std::count_if(round.cbegin(), round.cend(), [](const auto &a) {
            return a.code == OutcomeCode::AlreadyAssigned && a.httpStatus == 409;
        });
        QVERIFY2(wins == 1, qPrintable(QStringLiteral("race %1: %2 winners").arg(r).arg(wins)));
        QCOMPARE(conflicts, lanes - 1);

        // Overlap, from the lanes' own clock: sorted by send time, every claim was sent
        // before some earlier claim had its answer — no claim ran alone.
        std::sort(round.begin(), round.end(),
                  [](const auto &a, const auto &b) { return a.sentUs < b.sentUs; });
        qint64 latestAnswer = round.first().answeredUs;
        bool chained = true;
        for (qsizetype i = 1; i < round.size(); ++i) {
            chained = chained && round.at(i).sentUs <= latestAnswer;
            latestAnswer = std::max(latestAnswer, round.at(i).answeredUs);
        }
        overlapped += chained ? 1 : 0;
        sendSpreads << round.last().sentUs - round.first().sentUs;
    }

    // The server's view: statement start times of the 32 claims of each order.
    QSqlQuery spreads = m_cluster.exec(
        QStringLiteral("SELECT (extract(epoch FROM max(attempted_at) - min(attempted_at)) * 1e6)"
                       "::bigint FROM claim_attempts WHERE actor LIKE ? GROUP BY order_id"),
        { QString(run.actorPrefix() + QLatin1Char('%')) });
    QList<qint64> serverSpreads;
    while (spreads.next())
        serverSpreads << spreads.value(0).toLongLong();
    QCOMPARE(serverSpreads.size(), races);

    qInfo("32-lane races: %d of %d fully overlapped; send spread p50 %lld µs p95 %lld µs;"
          " server attempted_at spread p50 %lld µs p95 %lld µs",
          overlapped, races, median(sendSpreads), SimulationStats::percentile(sendSpreads, 95),
          median(serverSpreads), SimulationStats::percentile(serverSpreads, 95));
    // Overlap, not speed: a race in which every claim was sent before an earlier one was
    // answered shows the lanes are released together, not one after another. How many of
    // them overlapped (idle: nearly all; a loaded two-core box 88 %, sanitizers 60–75 %) and
    // the server's spread are figures for the log above: they measure the machine's load.
    QVERIFY2(overlapped >= 1, "no race ran as one overlapping burst");
}

void SimulationTest::drainOfTwoThousandOrdersAssignsEachExactlyOnce()
{
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = 16;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.pick = SimulationConfig::Pick::Random;
    config.orders = 2000;
    config.seed = 11;
    const SimulationConsistency consistency = runToEnd(run, config);
    QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
    QCOMPARE(consistency.ordersAssigned, 2000);
    QCOMPARE(consistency.ordersAssignedTwice, 0);

    int wins = 0;
    for (const LaneScore &score : run.scores())
        wins += score.wins;
    QCOMPARE(wins, 2000);
    const QString board = SimulationBoard::idArray(run.board());
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE id = ANY(CAST(? AS "
                                        "bigint[])) AND status = 'driver_assigned'"),
                         { board })
                 .toInt(),
             2000);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE id = ANY(CAST(? AS "
                                        "bigint[])) AND status = 'ready'"),
                         { board })
                 .toInt(),
             0);
    qInfo("drain: 2000 orders, 16 lanes, %lld attempts (%lld conflicts)", consistency.attemptsMade,
          consistency.attemptsMade - 2000);
}

// The capacity race (sql/015) as the trainer shows it: every lane is a phone of one driver,
// each claims its own order at the same moment, and the driver may hold `capacity`.
void SimulationTest::phonesOfOneDriverWinOnlyWhatItsCapacityAllows_data()
{
    QTest::addColumn<int>("phones");
    QTest::addColumn<int>("capacity");
    QTest::newRow("2 phones, room for 1") << 2 << 1;
    QTest::newRow("the scenario: 5 phones, room for 3") << 5 << 3;
    QTest::newRow("8 phones, room for 3") << 8 << 3;
    QTest::newRow("32 phones, room for 3") << 32 << 3;
}

void SimulationTest::phonesOfOneDriverWinOnlyWhatItsCapacityAllows()
{
    QFETCH(int, phones);
    QFETCH(int, capacity);
    QString error;
    const auto scenario = SimulationScenario::load(
        QStringLiteral(":/scenarios/one-driver-five-phones.json"), &error);
    QVERIFY2(scenario, qPrintable(error));
    SimulationConfig config = scenario->config;
    QCOMPARE(config.drivers, 1);
    config.lanes = phones;
    config.orders = phones;
    config.capacity = capacity;
    for (int run = 0; run < 3; ++run) {
        SimulationRun simulation(m_cluster.settings());
        const SimulationConsistency consistency = runToEnd(simulation, config);
        QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
        int wins = 0;
        int full = 0;
        QSet<qint64> drivers;
        for (const SimulationAttempt &attempt : simulation.attempts()) {
            drivers.insert(attempt.driverId);
            wins += attempt.isWin();
            full += attempt.code == OutcomeCode::DriverAtCapacity;
        }
        QCOMPARE(drivers.size(), 1); // every phone claims for the one driver
        QCOMPARE(wins, capacity);
        QVERIFY2(full >= phones - capacity, qPrintable(QString::number(full)));
        const QString board = SimulationBoard::idArray(simulation.board());
        QCOMPARE(m_cluster
                     .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE id = ANY(CAST(? AS"
                                            " bigint[])) AND driver_id IS NOT NULL"),
                             { board })
                     .toInt(),
                 capacity);
    }
}

void SimulationTest::lanesThatDeliverTakeEveryOrderToTheDoor()
{
    QString error;
    const auto scenario
        = SimulationScenario::load(QStringLiteral(":/scenarios/whole-deliveries.json"), &error);
    QVERIFY2(scenario, qPrintable(error));
    SimulationConfig config = scenario->config;
    QVERIFY(config.deliver);
    config.thinkMs = 0; // the steps, not the pauses
    config.jitterMs = 0;
    SimulationRun run(m_cluster.settings());
    const SimulationConsistency consistency = runToEnd(run, config);
    QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
    int wins = 0;
    QList<OutcomeCode> steps;
    for (const SimulationAttempt &attempt : run.attempts()) {
        wins += attempt.isWin();
        if (attempt.kind == SimulationAttempt::Kind::Delivery)
            steps << attempt.code;
    }
    QCOMPARE(wins, config.orders);
    QCOMPARE(steps.count(OutcomeCode::PickedUp), config.orders);
    QCOMPARE(steps.count(OutcomeCode::InTransit), config.orders);
    QCOMPARE(steps.count(OutcomeCode::Delivered), config.orders);
    const QString board = SimulationBoard::idArray(run.board());
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE id = ANY(CAST(? AS"
                                        " bigint[])) AND status = 'delivered'"),
                         { board })
                 .toInt(),
             config.orders);
    // Each step is one status change in the history (the run's end then only deactivates).
    QCOMPARE(
        m_cluster
            .scalar(QStringLiteral(
                        "SELECT count(*) FROM order_history WHERE order_id = ANY(CAST(? AS"
                        " bigint[])) AND new_status IN ('picked_up', 'in_transit', 'delivered')"
                        " AND old_status IS DISTINCT FROM new_status"),
                    { board })
            .toInt(),
        3 * config.orders);
}

void SimulationTest::oldReadThenWriteLosesUpdatesTheAtomicClaimDoesNot()
{
    SimulationConfig config;
    config.lanes = 8;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.pick = SimulationConfig::Pick::OldestFirst; // every lane goes for the same order
    config.orders = 200;
    config.seed = 2025;

    config.method = SimulationConfig::ClaimMethod::VulnerableTraining;
    SimulationRun vulnerable(m_cluster.settings());
    const SimulationConsistency before = runToEnd(vulnerable, config);
    QVERIFY2(before.checked, qPrintable(before.error));
    QVERIFY2(before.lostUpdates > 0, qPrintable(before.summary()));
    QVERIFY(!before.passed()); // the badge turns red
    QVERIFY(before.winsReported > before.ordersAssigned); // two "wins" for one order
    QCOMPARE(before.attemptsRecorded, before.attemptsMade);
    // The history shows B overwriting A, labelled as the training-only bug.
    QVERIFY(m_cluster
                .scalar(QStringLiteral(
                            "SELECT count(*) FROM order_history WHERE actor LIKE ?"
                            " AND old_driver_id IS NOT NULL AND new_driver_id <> old_driver_id"
                            " AND reason LIKE 'TRAINING ONLY%'"),
                        { QString(vulnerable.actorPrefix() + QLatin1Char('%')) })
                .toInt()
            > 0);

    config.method = SimulationConfig::ClaimMethod::Atomic;
    SimulationRun atomic(m_cluster.settings());
    const SimulationConsistency after = runToEnd(atomic, config);
    QVERIFY2(after.passed(), qPrintable(after.summary()));
    QCOMPARE(after.lostUpdates, 0);
    QCOMPARE(after.ordersAssigned, 200);
    qInfo("8 lanes, 200 orders, oldest first: vulnerable %lld lost updates (%lld wins reported,"
          " %lld orders); atomic %lld lost updates (%lld attempts)",
          before.lostUpdates, before.winsReported, before.ordersAssigned, after.lostUpdates,
          after.attemptsMade);
}

void SimulationTest::oldReadThenWriteRefusedOnADatabaseNotMarkedForTraining()
{
    SimulationRun run(m_cluster.settings());
    QVERIFY(run.isTrainingDatabase());
    m_cluster.exec(QStringLiteral("UPDATE training_settings SET is_training = false"));
    SimulationConfig config;
    config.lanes = 2;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.orders = 5;
    config.method = SimulationConfig::ClaimMethod::VulnerableTraining;
    QString error;
    QVERIFY(!run.start(config, &error));
    QVERIFY2(error.contains(QLatin1String("training database")), qPrintable(error));
    QVERIFY(!run.isRunning());

    // Even a client that skipped the check changes nothing: the write refuses (sql/018).
    const qint64 order = m_cluster.addReadyOrder();
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Not a trainee"));
    auto connection = m_cluster.connect(QStringLiteral("bypass"));
    VulnerableClaim bypass(*connection, QStringLiteral("sim:bypass:lane-01"), 0);
    const ClaimOutcome outcome = bypass.claim(order, driver);
    QCOMPARE(outcome.code, OutcomeCode::InvalidRequest);
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), { order })
                 .toString(),
             QStringLiteral("ready"));
    m_cluster.exec(QString::fromLatin1(kMarkForTraining));
}

void SimulationTest::trainerLoginRunsBothMethodsOnATrainingDatabase()
{
    // Issue 12 item 6: the embedded console's trainer is a login of dispatch_trainer (its
    // practice board and trainees, the labelled demo) and dispatch_dispatcher (the atomic
    // claims), not the owner.
    const ConnectionSettings trainer
        = loginIn(QStringLiteral("sim_trainer"),
                  { QStringLiteral("dispatch_trainer"), QStringLiteral("dispatch_dispatcher") });
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT rolsuper FROM pg_roles WHERE rolname = ?"),
                         { trainer.user() })
                 .toBool(),
             false);
    SimulationConfig config;
    config.lanes = 6;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.pick = SimulationConfig::Pick::OldestFirst;
    config.orders = 60;
    config.seed = 7;

    config.method = SimulationConfig::ClaimMethod::Atomic;
    SimulationRun atomic(trainer);
    const SimulationConsistency fixed = runToEnd(atomic, config);
    QVERIFY2(fixed.passed(), qPrintable(fixed.summary() + fixed.error));
    QCOMPARE(fixed.ordersAssigned, 60);

    config.method = SimulationConfig::ClaimMethod::VulnerableTraining;
    SimulationRun vulnerable(trainer);
    const SimulationConsistency bug = runToEnd(vulnerable, config);
    QVERIFY2(bug.checked, qPrintable(bug.error));
    QCOMPARE(bug.attemptsRecorded, bug.attemptsMade);
    QVERIFY2(bug.lostUpdates > 0, qPrintable(bug.summary())); // the demo still shows the bug
    // Both runs ended as they should: trainees and practice boards off, recorded as the login.
    QCOMPARE(activeTrainees(), 0);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE pickup = ? AND is_active"
                                        " AND id = ANY(CAST(? AS bigint[]))"),
                         { SimulationBoard::trainerKitchen(),
                           SimulationBoard::idArray(atomic.board() + vulnerable.board()) })
                 .toInt(),
             0);
    QVERIFY(m_cluster
                .scalar(QStringLiteral("SELECT count(*) FROM order_history WHERE actor LIKE ?"
                                       " AND login = 'sim_trainer'"
                                       " AND reason LIKE 'TRAINING ONLY%'"),
                        { QString(vulnerable.actorPrefix() + QLatin1Char('%')) })
                .toInt()
            > 0);
    qInfo("as sim_trainer: atomic %lld orders, %lld lost updates; vulnerable %lld lost updates",
          fixed.ordersAssigned, fixed.lostUpdates, bug.lostUpdates);
}

void SimulationTest::trainerLoginChangesNothingOnADatabaseNotMarkedForTraining_data()
{
    QTest::addColumn<QString>("sql"); // {order}, {driver}: a production order and driver
    const auto row = [](const char *what, const char *sql) {
        QTest::newRow(what) << QString::fromLatin1(sql);
    };
    row("insert an order",
        "INSERT INTO orders (status, customer, pickup, dropoff, total)"
        " VALUES ('ready', 'x', 'Trainer kitchen', 'y', 1)");
    row("update an order",
        "UPDATE orders SET driver_id = {driver}, status = 'driver_assigned' WHERE id = {order}");
    row("insert a driver", "INSERT INTO drivers (name, is_active) VALUES ('Trainee 01', true)");
    row("update a driver", "UPDATE drivers SET is_active = false WHERE id = {driver}");
    row("mark the database",
        "UPDATE training_settings SET is_training = true, marked_by = 'trainer'");
    row("record an attempt",
        "INSERT INTO claim_attempts (order_id, driver_id, source, latency_us, outcome)"
        " VALUES ({order}, {driver}, 'simulation', 0, 'ASSIGNED')");
    row("demo write", "SELECT training_vulnerable_write({order}, {driver}, 'sim:x:lane-01', 0)");
    row("demo refusal",
        "SELECT training_record_refusal({order}, {driver}, 'sim:x:lane-01', 0,"
        " 'ORDER_NOT_READY', NULL)");
    row("take trainees", "SELECT * FROM training_take_drivers(2, 0)");
    row("reset the board", "SELECT training_reset_board(3, 'sim:x:control')");
    row("retire",
        "SELECT * FROM training_retire(ARRAY[{driver}]::bigint[],"
        " ARRAY[{order}]::bigint[], 'sim:x:control')");
    // no dispatcher's claim either: dispatch_trainer alone
    row("claim",
        "SELECT outcome FROM claim_order({order}, {driver}, 'simulation', 'x',"
        " gen_random_uuid())");
}

void SimulationTest::trainerLoginChangesNothingOnADatabaseNotMarkedForTraining()
{
    QFETCH(QString, sql);
    NotMarkedForTraining production(m_cluster);
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Production customer"));
    // Named like a trainee, even: it is not the trainer's on a production database.
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Trainee 01"), false);
    sql.replace(QLatin1String("{order}"), QString::number(order))
        .replace(QLatin1String("{driver}"), QString::number(driver));
    const auto state = [&] {
        return m_cluster
            .scalar(QStringLiteral("SELECT (SELECT o::text FROM orders o WHERE id = ?) || '/'"
                                   " || (SELECT d::text FROM drivers d WHERE id = ?) || '/'"
                                   " || (SELECT t::text FROM training_settings t)"),
                    { order, driver })
            .toString();
    };
    const QString before = state();
    const QList<qint64> counts = rowCounts();

    DatabaseConnection trainer(
        loginIn(QStringLiteral("sim_trainer_only"), { QStringLiteral("dispatch_trainer") }),
        QStringLiteral("trainer-only"));
    QVERIFY2(!trainer.open().isValid(), "the trainer login cannot connect");
    QSqlQuery query(trainer.database());
    QVERIFY2(!query.exec(sql), qPrintable(sql));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    query.finish();
    // What the trainer may do there: read the flag, and hear that it is no training database.
    QCOMPARE(SimulationBoard::isTrainingDatabase(trainer.database()), false);
    QCOMPARE(state(), before);
    QCOMPARE(rowCounts(), counts);
}

void SimulationTest::trainerLoginsDemoNeverTouchesAProductionOrder()
{
    // Even on a training database the demo overwrites only practice orders, for trainees;
    // a real order (any other kitchen) and a real driver are out of its reach.
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Real customer"));
    const qint64 driver = m_cluster.addDriver(QStringLiteral("Real driver"));
    DatabaseConnection trainer(
        loginIn(QStringLiteral("sim_trainer_only"), { QStringLiteral("dispatch_trainer") }),
        QStringLiteral("trainer-only"));
    QVERIFY(!trainer.open().isValid());
    VulnerableClaim demo(trainer, QStringLiteral("sim:demo:lane-01"), 0);
    const ClaimOutcome outcome = demo.claim(order, driver);
    QCOMPARE(outcome.code, OutcomeCode::InvalidRequest);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT status || '/' || coalesce(driver_id::text, '-')"
                                        " FROM orders WHERE id = ?"),
                         { order })
                 .toString(),
             QStringLiteral("ready/-"));
}

void SimulationTest::broadcastOfferHasOneWinnerPerOffer()
{
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = 8;
    config.mode = SimulationConfig::Mode::BroadcastOffer;
    config.rounds = 5;
    config.thinkMs = 3; // reaction times 0–6 ms, different per lane, repeatable by seed
    config.jitterMs = 3;
    config.seed = 3;
    const SimulationConsistency consistency = runToEnd(run, config);
    QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
    QCOMPARE(consistency.ordersAssigned, 5);
    QList<int> winsPerOffer(5);
    for (const SimulationAttempt &attempt : run.attempts())
        winsPerOffer[attempt.round] += attempt.isWin() ? 1 : 0;
    QCOMPARE(winsPerOffer, QList<int>(5, 1));
}

void SimulationTest::scriptedHoldLetsOnlyTheHolderWin()
{
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = 4;
    config.mode = SimulationConfig::Mode::Step;
    config.orders = 3;
    QString error;
    QVERIFY2(run.start(config, &error), qPrintable(error));
    QSignalSpy attempts(&run, &SimulationRun::attemptRecorded);

    // "lane 3 holds order 2, lanes 1–4 race for it"
    ScenarioStep hold;
    hold.action = ScenarioStep::Action::Hold;
    hold.lanes = { 3 };
    hold.order = 2;
    ScenarioStep race;
    race.atMs = 50;
    race.action = ScenarioStep::Action::Race;
    race.lanes = { 1, 2, 3, 4 };
    race.order = 2;
    run.schedule({ hold, race });
    QTRY_COMPARE_WITH_TIMEOUT(attempts.size(), 5, kGenerousMs);

    const qint64 order = run.board().at(1);
    int holderWins = 0;
    int refusedHeld = 0;
    for (const SimulationAttempt &attempt : run.attempts()) {
        QCOMPARE(attempt.orderId, order);
        if (attempt.kind == SimulationAttempt::Kind::Hold) {
            QCOMPARE(attempt.code, OutcomeCode::Held);
        } else if (attempt.isWin()) {
            QCOMPARE(attempt.lane, 2);
            ++holderWins;
        } else {
            QCOMPARE(attempt.httpStatus, 409);
            ++refusedHeld;
        }
    }
    QCOMPARE(holderWins, 1);
    QCOMPARE(refusedHeld, 3);

    // And one step by hand: lane 1 picks a ready order of the board and wins it.
    QVERIFY(run.step(0));
    QTRY_COMPARE_WITH_TIMEOUT(attempts.size(), 6, kGenerousMs);
    QVERIFY(run.attempts().last().isWin());
    QCOMPARE(run.attempts().last().lane, 0);

    const SimulationRun::StopReport report = run.stop();
    QCOMPARE(report.lanes, 4);
    QVERIFY2(run.lastConsistency().passed(), qPrintable(run.lastConsistency().summary()));
    QCOMPARE(run.lastConsistency().attemptsMade, 5);
}

void SimulationTest::stopMidRunLeavesNoLaneThreadOrConnection()
{
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = 16;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.orders = 2000;
    config.thinkMs = 20;
    config.jitterMs = 10;
    QSignalSpy attempts(&run, &SimulationRun::attemptRecorded);
    QSignalSpy finished(&run, &SimulationRun::finished);
    QString error;
    QVERIFY2(run.start(config, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(attempts.size() >= 50, kGenerousMs);
    QCOMPARE(laneBackends(), 16);

    const SimulationRun::StopReport report = run.stop();
    QCOMPARE(report.lanes, 16);
    QVERIFY(!run.isRunning());
    // How fast is a figure (the window says when it was slow), not a bound: it is the load.
    qInfo("stopped 16 lanes mid-drain in %lld ms (%s the window's deadline)", report.elapsedMs,
          report.withinDeadline ? "within" : "beyond");

    const QStringList names = QSqlDatabase::connectionNames();
    QVERIFY2(std::none_of(names.cbegin(), names.cend(),
                          [](const QString &n) { return n.contains(QLatin1String("lane")); }),
             qPrintable(names.join(QLatin1Char(' '))));
    // The server notices closed sockets on its own schedule; wait for it, do not time it.
    QTRY_COMPARE_WITH_TIMEOUT(laneBackends(), 0, 10000);
    // A stopped run is still counted: everything the lanes did is recorded, once.
    QCOMPARE(finished.size(), 1);
    const auto consistency = finished.first().first().value<SimulationConsistency>();
    QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
    QVERIFY(consistency.ordersAssigned < 2000);
}

void SimulationTest::sixteenLaneRaceInTheViewFillsTimelineScoreboardAndBadge()
{
    SimulationView view(m_cluster.settings(), true);
    view.resize(1280, 860);
    view.show();
    SimulationConfig config;
    config.lanes = 16;
    config.mode = SimulationConfig::Mode::RaceOneOrder;
    config.rounds = 1;
    config.seed = 16;
    view.setConfig(config);
    QSignalSpy finished(view.run(), &SimulationRun::finished);
    QVERIFY2(view.start(), qPrintable(view.statusText()));
    QVERIFY(finished.wait(kGenerousMs));

    QCOMPARE(view.timeline()->laneCount(), 16);
    QCOMPARE(view.timeline()->barCount(), 16);
    QVERIFY2(view.consistencyText().contains(QLatin1String("PASS")),
             qPrintable(view.consistencyText()));

    QTemporaryDir dir;
    QString error;
    const QString csv = dir.filePath(QStringLiteral("attempts.csv"));
    QVERIFY2(view.run()->saveAttemptsCsv(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 17); // header + one line per attempt
    QVERIFY(lines.first().startsWith("lane,driver_id,driver,kind,round,order_id,outcome"));
    QCOMPARE(lines.count() - 1, 16);
    const QString png = dir.filePath(QStringLiteral("timeline.png"));
    QVERIFY2(view.timeline()->exportPng(png, &error), qPrintable(error));
    QVERIFY(QImage(png).width() > 100);

    // docs/screenshots/trainer.png is made with DISPATCH_SCREENSHOT=<path>.
    if (const QString shot = qEnvironmentVariable("DISPATCH_SCREENSHOT"); !shot.isEmpty())
        QVERIFY(view.grab().save(shot));
}

void SimulationTest::atomicRunRefusedOnADatabaseNotMarkedForTrainingWritesNothing()
{
    SimulationConfig config;
    config.lanes = 4;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.orders = 20;
    config.method = SimulationConfig::ClaimMethod::Atomic;
    SimulationRun run(m_cluster.settings());
    {
        NotMarkedForTraining production(m_cluster);
        const QList<qint64> before = rowCounts();
        QCOMPARE(before.size(), 5);
        QString error;
        QVERIFY(!run.start(config, &error));
        QVERIFY(!run.isRunning());
        // One clear message: why, and how to get a training database.
        QVERIFY2(error.contains(QLatin1String("training database"))
                     && error.contains(QLatin1String("UPDATE training_settings")),
                 qPrintable(error));
        // Not one trainee, practice order or history row.
        QCOMPARE(rowCounts(), before);
    }
    // Marked for training, the same run goes as it always did.
    const SimulationConsistency consistency = runToEnd(run, config);
    QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
    QCOMPARE(consistency.ordersAssigned, 20);
}

void SimulationTest::viewIsBuiltWithoutWritingAndStartNeverMarksTheDatabase()
{
    // The embedded default is marked by the owner's setup connection before the console
    // connects (app/main.cpp, as its dispatch_console login it could not): the trainer's
    // Start marks nothing, not even there, and runs only where the owner marked.
    NotMarkedForTraining unmarked(m_cluster);
    const auto markedAt = [this] {
        return m_cluster.scalar(QStringLiteral("SELECT marked_at FROM training_settings"));
    };
    const QVariant before = markedAt();
    const QList<qint64> counts = rowCounts();
    SimulationView view(m_cluster.settings(), true);
    // Building the tab changed nothing in the database.
    QCOMPARE(markedAt(), before);
    SimulationConfig config;
    config.lanes = 2;
    config.mode = SimulationConfig::Mode::RaceOneOrder;
    view.setConfig(config);
    QVERIFY(!view.start());
    QVERIFY2(view.statusText().contains(QLatin1String("training database")),
             qPrintable(view.statusText()));
    QCOMPARE(m_cluster.scalar(QStringLiteral("SELECT is_training FROM training_settings")).toBool(),
             false);
    QCOMPARE(markedAt(), before);
    QCOMPARE(rowCounts(), counts);
}

void SimulationTest::viewOnADatabaseNotMarkedForTrainingSaysHowToGetOne()
{
    NotMarkedForTraining production(m_cluster);
    const QList<qint64> before = rowCounts();
    SimulationView view(m_cluster.settings(), false);
    view.show();
    // Before anything is tried, the tab says what is missing and how to get it.
    QCOMPARE(view.trainingNoteText(), SimulationRun::notTrainingDatabaseText());
    SimulationConfig config;
    config.lanes = 2;
    config.mode = SimulationConfig::Mode::RaceOneOrder;
    view.setConfig(config);
    QVERIFY(!view.start());
    QVERIFY2(view.statusText().contains(QLatin1String("training database"))
                 && view.statusText().contains(QLatin1String("UPDATE training_settings")),
             qPrintable(view.statusText()));
    QCOMPARE(rowCounts(), before);
}

void SimulationTest::finishedRunLeavesItsTraineesAndBoardInactive()
{
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = 6;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.orders = 30;
    const SimulationConsistency consistency = runToEnd(run, config);
    QVERIFY2(consistency.passed(), qPrintable(consistency.summary()));
    QCOMPARE(run.laneDrivers().size(), 6);
    QCOMPARE(activeTrainees(), 0);
    const QString drivers = SimulationBoard::idArray(run.laneDrivers());
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM drivers"
                                        " WHERE id = ANY(CAST(? AS bigint[])) AND is_active"),
                         { drivers })
                 .toInt(),
             0);
    // The orders the trainees won stay theirs (the history says so) but are off every board,
    // so no one hands them to a real driver.
    const QString board = SimulationBoard::idArray(run.board());
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE id = ANY(CAST(? AS"
                                        " bigint[])) AND status = 'driver_assigned'"
                                        " AND NOT is_active"),
                         { board })
                 .toInt(),
             30);

    // The next run takes the same trainees again instead of adding new ones.
    const qint64 trainees
        = m_cluster
              .scalar(QStringLiteral("SELECT count(*) FROM drivers WHERE name LIKE 'Trainee %'"))
              .toLongLong();
    SimulationRun again(m_cluster.settings());
    QVERIFY2(runToEnd(again, config).passed(), qPrintable(again.lastConsistency().summary()));
    QCOMPARE(
        m_cluster.scalar(QStringLiteral("SELECT count(*) FROM drivers WHERE name LIKE 'Trainee %'"))
            .toLongLong(),
        trainees);
    QCOMPARE(activeTrainees(), 0);
}

void SimulationTest::stoppedRunLeavesItsTraineesInactive()
{
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = 4;
    config.mode = SimulationConfig::Mode::Step;
    config.orders = 3;
    QString error;
    QVERIFY2(run.start(config, &error), qPrintable(error));
    QCOMPARE(activeTrainees(), 4);
    run.stop();
    QCOMPARE(activeTrainees(), 0);
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders WHERE pickup = 'Trainer"
                                        " kitchen' AND is_active"))
                 .toInt(),
             0);
}

void SimulationTest::destroyedRunLeavesItsTraineesInactive()
{
    {
        SimulationRun run(m_cluster.settings());
        SimulationConfig config;
        config.lanes = 3;
        config.mode = SimulationConfig::Mode::Step;
        QString error;
        QVERIFY2(run.start(config, &error), qPrintable(error));
        QCOMPARE(activeTrainees(), 3);
    } // the console closed mid-run
    QCOMPARE(activeTrainees(), 0);
}

void SimulationTest::startFailingHalfWayLeavesItsTraineesInactive()
{
    // The trainees are taken, then the board cannot be added. (DDL cannot be prepared,
    // so not through the fixture's exec.)
    auto ddl = m_cluster.connect(QStringLiteral("ddl"));
    QSqlQuery query(ddl->database());
    QVERIFY_SQL(
        query,
        exec(QStringLiteral("CREATE FUNCTION refuse_practice_orders() RETURNS trigger"
                            " LANGUAGE plpgsql AS"
                            " $$ BEGIN RAISE EXCEPTION 'no practice orders today'; END $$")));
    QVERIFY_SQL(query,
                exec(QStringLiteral("CREATE TRIGGER refuse_practice_orders BEFORE INSERT"
                                    " ON orders FOR EACH ROW"
                                    " WHEN (NEW.pickup = 'Trainer kitchen')"
                                    " EXECUTE FUNCTION refuse_practice_orders()")));
    SimulationRun run(m_cluster.settings());
    SimulationConfig config;
    config.lanes = 5;
    config.mode = SimulationConfig::Mode::DrainBoard;
    config.orders = 10;
    QString error;
    const bool started = run.start(config, &error);
    QVERIFY_SQL(query, exec(QStringLiteral("DROP TRIGGER refuse_practice_orders ON orders")));
    QVERIFY_SQL(query, exec(QStringLiteral("DROP FUNCTION refuse_practice_orders()")));
    QVERIFY(!started);
    QVERIFY2(error.contains(QLatin1String("training board")), qPrintable(error));
    QCOMPARE(activeTrainees(), 0);
}

void SimulationTest::twoRunsAtOnceNeverShareATrainee()
{
    SimulationConfig config;
    config.lanes = 4;
    config.mode = SimulationConfig::Mode::Step;
    config.orders = 4;
    SimulationRun first(m_cluster.settings());
    SimulationRun second(m_cluster.settings());
    QString error;
    QVERIFY2(first.start(config, &error), qPrintable(error));
    QVERIFY2(second.start(config, &error), qPrintable(error));
    for (qint64 driver : first.laneDrivers())
        QVERIFY2(!second.laneDrivers().contains(driver), qPrintable(QString::number(driver)));
    // Nor does the second one's board reset take the first one's board away.
    QCOMPARE(m_cluster
                 .scalar(QStringLiteral("SELECT count(*) FROM orders"
                                        " WHERE id = ANY(CAST(? AS bigint[])) AND is_active"),
                         { SimulationBoard::idArray(first.board()) })
                 .toInt(),
             4);

    // The first run ending does not take the second one's trainees away.
    first.stop();
    QCOMPARE(activeTrainees(), 4);
    QSignalSpy attempts(&second, &SimulationRun::attemptRecorded);
    QVERIFY(second.step(0));
    QVERIFY(attempts.wait(kGenerousMs));
    QVERIFY2(second.attempts().last().isWin(),
             qPrintable(QString::number(int(second.attempts().last().code))));
    second.stop();
    QCOMPARE(activeTrainees(), 0);
}

void SimulationTest::readyMadeScenariosLoad()
{
    const QFileInfoList files = QDir(QStringLiteral(":/scenarios"))
                                    .entryInfoList({ QStringLiteral("*.json") }, QDir::Files);
    QVERIFY(files.size() >= 4);
    for (const QFileInfo &file : files) {
        QString error;
        const auto scenario = SimulationScenario::load(file.filePath(), &error);
        QVERIFY2(scenario, qPrintable(file.fileName() + QLatin1Char(' ') + error));
        QVERIFY(!scenario->name.isEmpty());
    }
    QString error;
    const auto held
        = SimulationScenario::load(QStringLiteral(":/scenarios/lane-3-holds-order-7.json"), &error);
    QVERIFY2(held, qPrintable(error));
    QCOMPARE(held->steps.size(), 3);
    QCOMPARE(held->steps.at(1).lanes, QList<int>({ 1, 2, 3, 4, 5, 6, 7, 8 }));
    QCOMPARE(held->steps.at(1).atMs, 2000);
}

void SimulationTest::newScenarioClearsThePreviousRunsFailBadge()
{
    SimulationView view(m_cluster.settings(), false);
    // The previous run's verdict, as its run reports it: one order assigned twice.
    SimulationConsistency failed;
    failed.checked = true;
    failed.attemptsMade = failed.attemptsRecorded = 2;
    failed.winsReported = failed.winsRecorded = 2;
    failed.assignments = 2;
    failed.ordersAssigned = 1;
    failed.ordersAssignedTwice = 1;
    QVERIFY(!failed.passed());
    emit view.run()->finished(failed);
    QVERIFY2(view.consistencyText().contains(QLatin1String("FAIL")),
             qPrintable(view.consistencyText()));

    QVERIFY2(view.loadScenario(QStringLiteral(":/scenarios/race-16-lanes.json")),
             qPrintable(view.statusText()));
    QVERIFY2(!view.consistencyText().contains(QLatin1String("FAIL")),
             qPrintable(view.consistencyText()));
    QVERIFY2(view.consistencyText().contains(QLatin1String("after the run")),
             qPrintable(view.consistencyText()));
}

void SimulationTest::timelinePngHasLaneNamesAxisAndLegend()
{
    // On screen squeezed to a strip (what a trainer had: ~90 px for 16 lanes).
    TimelineWidget timeline;
    QStringList names;
    for (int i = 1; i <= 16; ++i)
        names << QStringLiteral("Trainee %1").arg(i, 2, 10, QLatin1Char('0'));
    timeline.setLanes(names);
    QList<SimulationAttempt> attempts;
    for (int lane = 0; lane < 16; ++lane) {
        SimulationAttempt attempt;
        attempt.lane = lane;
        attempt.orderId = 7;
        attempt.code = lane == 3 ? OutcomeCode::Assigned : OutcomeCode::AlreadyAssigned;
        attempt.httpStatus = lane == 3 ? 200 : 409;
        attempt.sentUs = 1000 + lane * 10;
        attempt.answeredUs = 5000 + lane * 300;
        attempts << attempt;
    }
    timeline.setAttempts(attempts);
    timeline.resize(700, 90);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timeline.png"));
    QString error;
    QVERIFY2(timeline.exportPng(path, &error), qPrintable(error));
    const QImage image(path);
    const int text = timeline.fontMetrics().height();
    // Every lane a row tall enough for its name, plus the axis above and the legend below.
    QVERIFY2(image.height() >= 16 * text + 2 * text,
             qPrintable(QStringLiteral("%1 px for 16 lanes").arg(image.height())));
    // The legend: the hold colour is in the picture though no attempt here is a hold. The
    // colour is read off a hold bar drawn by the widget, so the palette may change.
    SimulationAttempt hold;
    hold.kind = SimulationAttempt::Kind::Hold;
    hold.answeredUs = 1000;
    TimelineWidget sample;
    sample.setLanes({ QStringLiteral("x") });
    sample.setAttempts({ hold });
    sample.resize(300, 80);
    const QImage shown = sample.grab().toImage();
    const QColor holdColour = shown.pixelColor(shown.width() / 2, 22 + 4);
    QVERIFY(holdColour.saturation() > 100); // a bar, not the background
    bool legend = false;
    for (int y = image.height() - 2 * text; y < image.height() && !legend; ++y) {
        for (int x = 0; x < image.width() && !legend; ++x)
            legend = image.pixelColor(x, y) == holdColour;
    }
    QVERIFY2(legend, "no legend swatch for holds at the bottom of the picture");
    // Lane names: dark text in the gutter of the first and the last lane's rows.
    const auto darkIn = [&image](int top, int bottom) {
        for (int y = top; y < bottom; ++y) {
            for (int x = 2; x < 60; ++x) {
                if (image.pixelColor(x, y).lightness() < 100)
                    return true;
            }
        }
        return false;
    };
    const int row = (image.height() - 22 - 2 * text) / 16;
    QVERIFY(darkIn(22, 22 + row));
    QVERIFY(darkIn(22 + 15 * row, 22 + 16 * row));
}

void SimulationTest::timelineInAShortTabStillNamesEveryLane()
{
#ifdef __SANITIZE_THREAD__
    // Under TSan this layout test (not a race test: the run only fills the timeline) draws
    // false reports: both sides are a memmove inside Qt's own unsymbolised postEvent /
    // sendPostedEvents code (libQt6Core+0x1edc4c, a <null> frame) on the main thread's
    // postEventList buffer, which the previous test (the PNG export) grew by realloc in
    // QArrayData::reallocateUnaligned on the main thread. The list is guarded by a QMutex
    // (a futex TSan cannot see); no suppression can name a frame of ours that is not also
    // where real races would be, so the test is skipped here and runs in the default suite
    // and under ASan. The same lane path under TSan is covered by
    // sixteenLaneRaceInTheViewFillsTimelineScoreboardAndBadge, which runs clean.
    QSKIP("TSan false positive inside Qt's postEvent (see comment); runs in the other builds");
#endif
    // The room the Simulation tab has in the console at 1600×1000 with the log dock open.
    SimulationView view(m_cluster.settings(), true);
    view.resize(1280, 560);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    SimulationConfig config;
    config.lanes = 16;
    config.mode = SimulationConfig::Mode::RaceOneOrder;
    config.rounds = 1;
    config.seed = 5;
    view.setConfig(config);
    QSignalSpy finished(view.run(), &SimulationRun::finished);
    QVERIFY2(view.start(), qPrintable(view.statusText()));
    QVERIFY(finished.wait(kGenerousMs));
    QCOMPARE(view.timeline()->laneCount(), 16);
    QTRY_VERIFY2(
        view.timeline()->showsLaneNames(),
        qPrintable(
            QStringLiteral("timeline %1 px tall for 16 lanes").arg(view.timeline()->height())));
}

void SimulationTest::badScenarioNamesTheLineAndTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("lanes out of range")
        << QByteArray("{\n  \"mode\": \"race\",\n  \"lanes\": 65\n}")
        << QStringLiteral("line 3: field \"lanes\": must be a whole number from 2 to 64");
    QTest::newRow("syntax error") << QByteArray("{\n  \"mode\": \"race\",\n  \"lanes\": 4,,\n}")
                                  << QStringLiteral("line 3: not valid JSON");
    QTest::newRow("unknown mode")
        << QByteArray("{\"lanes\": 4,\n\"mode\": \"sprint\"}")
        << QStringLiteral("line 2: field \"mode\": must be one of: race, drain, broadcast, step");
    QTest::newRow("typo in a field name")
        << QByteArray("{\"lanes\": 4, \"mode\": \"race\",\n\n \"think\": 5}")
        << QStringLiteral("line 3: field \"think\": is not a scenario field");
    QTest::newRow("step lane beyond the lanes")
        << QByteArray("{\"lanes\": 4, \"mode\": \"step\", \"orders\": 9, \"steps\": [\n"
                      " {\"action\": \"hold\", \"lane\": 1, \"order\": 7},\n"
                      " {\"action\": \"race\", \"lanes\": \"1-8\", \"order\": 7}\n]}")
        << QStringLiteral("line 3: field \"steps[2].lanes\": must be a lane number from 1 to 4");
    QTest::newRow("missing mode") << QByteArray("{\"lanes\": 4}")
                                  << QStringLiteral("line 1: field \"mode\": is missing");
}

void SimulationTest::badScenarioNamesTheLineAndTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!SimulationScenario::parse(json, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
}

QTEST_MAIN(SimulationTest)
#include "tst_simulation.moc"

#include "simulation/simulationrun.h"

#include "core/csvwriter.h"
#include "db/databaseconnection.h"
#include "simulation/simulationboard.h"
#include "simulation/simulationlane.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSaveFile>
#include <QTimer>
#include <QUuid>

SimulationRun::SimulationRun(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    qRegisterMetaType<SimulationAttempt>();
    qRegisterMetaType<SimulationConsistency>();
    qRegisterMetaType<SimulationRun::StopReport>();
}

SimulationRun::~SimulationRun()
{
    stopLanes();
    // A run cut short by closing the console still gives its trainees back; no one is left
    // to hear about a failure (the view that connected to us is being destroyed).
    blockSignals(true);
    retire();
}

QString SimulationRun::openControl()
{
    if (m_control && m_control->database().isOpen())
        return {};
    if (!m_control)
        m_control = std::make_unique<DatabaseConnection>(m_settings, QStringLiteral("sim-control"));
    if (const QSqlError error = m_control->open(); error.isValid())
        return DatabaseConnection::describe(error);
    return {};
}

bool SimulationRun::isTrainingDatabase(QString *error)
{
    if (QString failure = openControl(); !failure.isEmpty()) {
        if (error)
            *error = failure;
        return false;
    }
    return SimulationBoard::isTrainingDatabase(m_control->database(), error);
}

QString SimulationRun::notTrainingDatabaseText()
{
    return tr("Simulations run only on a training database: their trainee drivers and practice "
              "orders would otherwise show on dispatchers' boards and in drivers' lists of "
              "available orders. This database is not marked for training. Start the console "
              "without --database to train on its own embedded database (marked for you), or "
              "have the owner of a database used only for training mark it: UPDATE "
              "training_settings SET is_training = true, marked_by = 'your name';");
}

bool SimulationRun::start(const SimulationConfig &config, QString *error)
{
    stopLanes();
    retire(); // an earlier run's, if it could not be retired when it ended
    ++m_serial;
    if (const QString invalid = config.validate(); !invalid.isEmpty()) {
        *error = invalid;
        return false;
    }
    if (QString failure = openControl(); !failure.isEmpty()) {
        *error = failure;
        return false;
    }
    if (QString failure = prepare(config); !failure.isEmpty()) {
        *error = failure;
        return false;
    }
    resetTallies(config);
    spawnLanes(config);
    program(config);
    emit started(m_laneNames);
    return true;
}

void SimulationRun::resetTallies(const SimulationConfig &config)
{
    m_attempts.clear();
    m_attempts.reserve(config.lanes
                       * (config.oneOrderPerRound() ? config.rounds : config.orders / 2 + 1));
    m_scores = QList<LaneScore>(config.lanes);
    m_consistency = {};
    m_attemptsMadeBefore = 0;
    m_winsReportedBefore = 0;
    m_nextRound = 0;
    m_epoch = std::chrono::steady_clock::now();
}

// One lane per trainee, on its own thread and connection. What a lane reports is tagged with
// this run's serial: a lane of an earlier run that still answers is not counted here.
void SimulationRun::spawnLanes(const SimulationConfig &config)
{
    const quint64 serial = m_serial;
    for (int i = 0; i < config.lanes; ++i) {
        SimulationLane::Setup setup;
        setup.index = i;
        setup.driverId = m_laneDrivers.at(i);
        setup.driverName = m_laneNames.at(i);
        setup.actor = m_actorPrefix + QStringLiteral("lane-%1").arg(i + 1, 2, 10, QLatin1Char('0'));
        setup.settings = m_settings;
        setup.config = config;
        setup.board = m_board;
        setup.epoch = m_epoch;
        auto lane = std::make_unique<SimulationLane>(std::move(setup));
        connect(lane.get(), &SimulationLane::attemptMade, this,
                [this, serial](const SimulationAttempt &attempt) {
                    if (serial == m_serial)
                        record(attempt);
                });
        connect(lane.get(), &SimulationLane::commandFinished, this, [this, serial](int) {
            if (serial == m_serial)
                laneFinishedCommand();
        });
        connect(lane.get(), &SimulationLane::connectionFailed, this,
                [this, serial](int index, const QString &reason) {
                    if (serial == m_serial)
                        emit laneFailed(index, reason);
                });
        m_lanes.push_back(std::move(lane));
    }
    for (auto &lane : m_lanes)
        lane->start();
}

void SimulationRun::record(const SimulationAttempt &attempt)
{
    if (attempt.lane >= m_scores.size())
        return;
    m_attempts.append(attempt);
    if (attempt.kind == SimulationAttempt::Kind::Claim) {
        LaneScore &score = m_scores[attempt.lane];
        if (attempt.isWin())
            ++score.wins;
        else if (attempt.isConflict())
            ++score.conflicts;
        else
            ++score.others;
        score.roundTripsUs.append(attempt.roundTripUs());
    }
    emit attemptRecorded(attempt);
}

// Every mode but Step gives all lanes their one command at once (a race or an offer behind
// one start gate per round); Step waits for step(), race(), hold() or a schedule.
void SimulationRun::program(const SimulationConfig &config)
{
    m_programmed = config.mode != SimulationConfig::Mode::Step;
    m_busyLanes = 0;
    if (!m_programmed)
        return;
    LaneCommand command;
    switch (config.mode) {
    case SimulationConfig::Mode::RaceOneOrder:
        command.kind = LaneCommand::Kind::Race;
        break;
    case SimulationConfig::Mode::BroadcastOffer:
        command.kind = LaneCommand::Kind::Offer;
        break;
    default:
        command.kind = LaneCommand::Kind::Drain;
        break;
    }
    if (config.oneOrderPerRound()) {
        command.gate = std::make_shared<StartGate>(config.lanes);
        command.orders = m_board;
        m_nextRound = int(m_board.size());
    }
    m_busyLanes = config.lanes;
    for (auto &lane : m_lanes)
        lane->post(command);
}

// The flag, the run's trainees and a fresh board: nothing is written unless the database is
// marked for training, and trainees taken before a failure are given back at once.
QString SimulationRun::prepare(const SimulationConfig &config)
{
    QSqlDatabase db = m_control->database();
    QString flagError;
    if (!SimulationBoard::isTrainingDatabase(db, &flagError))
        return flagError.isEmpty() ? notTrainingDatabaseText() : flagError;

    m_config = config;
    m_actorPrefix
        = QStringLiteral("sim:%1:").arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
    m_laneDrivers.clear();
    m_laneNames.clear();
    m_board.clear();
    QString failure = SimulationBoard::ensureDrivers(db, config.driverCount(), &m_laneDrivers,
                                                     &m_laneNames, config.capacity);
    // Lanes beyond the drivers are more phones of the same drivers: lane i, driver i % n.
    const int drivers = config.driverCount();
    for (int i = int(m_laneDrivers.size()); failure.isEmpty() && i < config.lanes; ++i)
        m_laneDrivers.append(m_laneDrivers.at(i % drivers));
    if (failure.isEmpty() && drivers < config.lanes) {
        QStringList phones;
        for (int i = 0; i < config.lanes; ++i)
            phones << tr("%1 · phone %2").arg(m_laneNames.at(i % drivers)).arg(i / drivers + 1);
        m_laneNames = phones;
    }
    m_retireDrivers += m_laneDrivers.mid(0, config.driverCount());
    if (failure.isEmpty()) {
        failure = SimulationBoard::resetBoard(db, config.boardSize(),
                                              m_actorPrefix + QStringLiteral("control"), &m_board);
        m_retireOrders += m_board;
    }
    if (!failure.isEmpty())
        retire();
    return failure;
}

// Deactivates what the last run took. Kept for another try if the database is away.
void SimulationRun::retire()
{
    if (m_retireDrivers.isEmpty() && m_retireOrders.isEmpty())
        return;
    QString failure = openControl();
    if (failure.isEmpty()) {
        failure = SimulationBoard::retire(m_control->database(), m_retireDrivers, m_retireOrders,
                                          m_actorPrefix + QStringLiteral("control"));
    }
    if (!failure.isEmpty()) {
        emit retireFailed(failure);
        return;
    }
    m_retireDrivers.clear();
    m_retireOrders.clear();
}

void SimulationRun::laneFinishedCommand()
{
    if (m_busyLanes > 0 && --m_busyLanes == 0 && m_programmed) {
        // Not from inside the lane's own signal: finishing deletes the lanes.
        const quint64 serial = m_serial;
        QMetaObject::invokeMethod(
            this,
            [this, serial] {
                if (serial == m_serial)
                    finishRun();
            },
            Qt::QueuedConnection);
    }
}

void SimulationRun::finishRun()
{
    // Every lane said it is done, after its last attempt signal: m_attempts is complete.
    stopLanes();
    m_consistency = checkConsistency();
    retire();
    emit finished(m_consistency);
}

SimulationRun::StopReport SimulationRun::stopLanes()
{
    StopReport report;
    report.lanes = int(m_lanes.size());
    if (m_lanes.empty())
        return report;
    QElapsedTimer timer;
    timer.start();
    for (auto &lane : m_lanes)
        lane->requestStop();
    for (auto &lane : m_lanes) {
        lane->join();
        m_attemptsMadeBefore += lane->attemptsMade();
        m_winsReportedBefore += lane->winsReported();
    }
    m_lanes.clear();
    report.elapsedMs = timer.elapsed();
    report.withinDeadline = report.elapsedMs <= kStopDeadlineMs;
    m_busyLanes = 0;
    return report;
}

SimulationRun::StopReport SimulationRun::stop()
{
    const bool wasRunning = !m_lanes.empty();
    const StopReport report = stopLanes();
    ++m_serial; // timers of a script and late signals belong to the stopped run
    if (wasRunning) {
        m_consistency = checkConsistency();
        retire();
        emit finished(m_consistency);
    }
    emit stopped(report);
    return report;
}

bool SimulationRun::step(int lane, qint64 orderId)
{
    if (lane < 0 || lane >= int(m_lanes.size()))
        return false;
    LaneCommand command;
    command.kind = LaneCommand::Kind::Claim;
    command.orders = { orderId };
    m_lanes[lane]->post(command);
    return true;
}

bool SimulationRun::race(const QList<int> &lanes, qint64 orderId)
{
    if (lanes.isEmpty())
        return false;
    for (int lane : lanes) {
        if (lane < 0 || lane >= int(m_lanes.size()))
            return false;
    }
    LaneCommand command;
    command.kind = LaneCommand::Kind::Race;
    command.gate = std::make_shared<StartGate>(int(lanes.size()));
    command.orders = { orderId };
    command.firstRound = m_nextRound++;
    for (int lane : lanes)
        m_lanes[lane]->post(command);
    return true;
}

bool SimulationRun::hold(int lane, qint64 orderId, int seconds)
{
    if (lane < 0 || lane >= int(m_lanes.size()) || orderId <= 0)
        return false;
    LaneCommand command;
    command.kind = LaneCommand::Kind::Hold;
    command.orders = { orderId };
    command.holdSeconds = seconds;
    m_lanes[lane]->post(command);
    return true;
}

void SimulationRun::schedule(const QList<ScenarioStep> &steps)
{
    const quint64 serial = m_serial;
    for (const ScenarioStep &step : steps) {
        QTimer::singleShot(std::max(0, step.atMs), this, [this, serial, step] {
            if (serial != m_serial)
                return;
            const qint64 order = step.order > 0 ? m_board.value(step.order - 1) : 0;
            QList<int> lanes;
            for (int lane : step.lanes)
                lanes << lane - 1;
            switch (step.action) {
            case ScenarioStep::Action::Claim:
                for (int lane : lanes)
                    this->step(lane, order);
                break;
            case ScenarioStep::Action::Hold:
                for (int lane : lanes)
                    hold(lane, order, step.holdSeconds);
                break;
            case ScenarioStep::Action::Race:
                race(lanes, order);
                break;
            }
        });
    }
}

SimulationConsistency SimulationRun::checkConsistency()
{
    qint64 attempts = m_attemptsMadeBefore;
    qint64 wins = m_winsReportedBefore;
    for (const auto &lane : m_lanes) {
        attempts += lane->attemptsMade();
        wins += lane->winsReported();
    }
    if (QString failure = openControl(); !failure.isEmpty()) {
        SimulationConsistency result;
        result.error = failure;
        return result;
    }
    return SimulationBoard::check(m_control->database(), m_actorPrefix, attempts, wins);
}

QByteArray SimulationRun::attemptsCsv() const
{
    return attemptsCsv(m_attempts, m_laneNames);
}

QByteArray SimulationRun::attemptsCsv(const QList<SimulationAttempt> &attempts,
                                      const QStringList &laneNames)
{
    CsvWriter csv;
    csv.addHeader(QStringLiteral("lane,driver_id,driver,kind,round,order_id,outcome,http_status,"
                                 "holder_id,sent_us,answered_us,round_trip_us,server_latency_us,"
                                 "method")
                      .split(QLatin1Char(',')));
    for (const SimulationAttempt &a : attempts) {
        ClaimOutcome outcome;
        outcome.code = a.code;
        csv.addRow({ a.lane + 1, a.driverId, laneNames.value(a.lane),
                     a.kind == SimulationAttempt::Kind::Hold           ? QStringLiteral("hold")
                         : a.kind == SimulationAttempt::Kind::Delivery ? QStringLiteral("delivery")
                                                                       : QStringLiteral("claim"),
                     a.round, a.orderId, outcome.codeName(), a.httpStatus, a.holderId, a.sentUs,
                     a.answeredUs, a.roundTripUs(), a.serverLatencyUs,
                     a.vulnerable ? QStringLiteral("vulnerable") : QStringLiteral("atomic") });
    }
    return csv.toUtf8();
}

bool SimulationRun::saveAttemptsCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(attemptsCsv()) < 0 || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

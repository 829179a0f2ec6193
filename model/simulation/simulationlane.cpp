#include "simulation/simulationlane.h"

#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "db/statementcache.h"
#include "simulation/simulationboard.h"
#include "simulation/vulnerableclaim.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <limits>

bool StartGate::arriveAndWait(std::stop_token stop)
{
    std::unique_lock lock(m_mutex);
    const quint64 generation = m_generation;
    if (++m_waiting == m_parties) {
        m_waiting = 0;
        ++m_generation;
        m_released.notify_all();
        return true;
    }
    m_released.wait(lock, stop, [&] { return m_generation != generation; });
    return m_generation != generation;
}

// Everything that belongs to the lane's thread: created there, destroyed there (the
// queries before the connection, the connection before the thread ends).
class SimulationLane::Worker
{
public:
    Worker(SimulationLane &lane, std::stop_token stop)
        : m_lane(lane)
        , m_setup(lane.m_setup)
        , m_stop(stop)
        , m_random(m_setup.config.seed * 2654435761u + quint32(m_setup.index) * 40503u + 1u)
        , m_connection(
              m_setup.settings,
              QStringLiteral("sim-lane-%1").arg(m_setup.index + 1, 2, 10, QLatin1Char('0')))
        , m_repository(m_connection)
    {
        if (const QSqlError error = m_connection.open(); error.isValid())
            emit m_lane.connectionFailed(m_setup.index, DatabaseConnection::describe(error));
        if (m_setup.config.method == SimulationConfig::ClaimMethod::VulnerableTraining)
            m_vulnerable = std::make_unique<VulnerableClaim>(m_connection, m_setup.actor,
                                                             m_setup.config.vulnerableGapUs);
        m_boardArray = SimulationBoard::idArray(m_setup.board);
        warmUp();
    }

    void execute(const LaneCommand &command)
    {
        switch (command.kind) {
        case LaneCommand::Kind::Race:
        case LaneCommand::Kind::Offer:
            for (qsizetype i = 0; i < command.orders.size(); ++i) {
                if (!command.gate->arriveAndWait(m_stop))
                    return;
                if (command.kind == LaneCommand::Kind::Offer && !pause(thinkTimeUs()))
                    return;
                attempt(command.orders.at(i), command.firstRound + int(i));
            }
            return;
        case LaneCommand::Kind::Drain: {
            int failuresInARow = 0;
            while (!m_stop.stop_requested() && failuresInARow < 3) {
                if (!pause(thinkTimeUs()))
                    return;
                const qint64 order = pick();
                if (order == 0)
                    return; // the board is empty (or unreadable: counted below)
                if (order < 0) {
                    ++failuresInARow;
                    continue;
                }
                const OutcomeCode code = attempt(order, -1);
                // A lost connection, or a driver who is full (another phone of theirs won
                // meanwhile): three in a row and the lane stops.
                failuresInARow = code == OutcomeCode::DatabaseUnavailable
                        || code == OutcomeCode::DriverAtCapacity
                    ? failuresInARow + 1
                    : 0;
                if (code == OutcomeCode::Assigned && m_setup.config.deliver && !deliver(order))
                    return;
            }
            return;
        }
        case LaneCommand::Kind::Claim: {
            const qint64 order = command.orders.value(0) > 0 ? command.orders.value(0) : pick();
            if (order > 0)
                attempt(order, command.firstRound);
            return;
        }
        case LaneCommand::Kind::Hold:
            hold(command.orders.value(0), command.holdSeconds);
            return;
        }
    }

private:
    // A fresh server process spends its first claim loading catalogs and compiling
    // claim_order(): hundreds of ms that would make the first race a race of cold starts.
    // Pay it before the gate, in a transaction that is rolled back (nothing recorded).
    void warmUp()
    {
        QSqlDatabase db = m_connection.database();
        if (!db.isOpen() || !db.transaction())
            return;
        {
            QSqlQuery query = StatementCache::unnamed(db);
            query.prepare(QStringLiteral("SELECT outcome FROM claim_order(?, ?, 'simulation', ?)"));
            query.addBindValue(std::numeric_limits<qint64>::max());
            query.addBindValue(m_setup.driverId);
            query.addBindValue(QStringLiteral("warm-up"));
            query.exec();
        }
        db.rollback();
        if (m_vulnerable)
            m_vulnerable->warmUp();
    }

    qint64 nowUs() const
    {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now() - m_setup.epoch)
            .count();
    }

    qint64 thinkTimeUs()
    {
        const qint64 think = qint64(m_setup.config.thinkMs) * 1000;
        const qint64 jitter = qint64(m_setup.config.jitterMs) * 1000;
        if (jitter == 0)
            return think;
        return std::max<qint64>(0, think + m_random.bounded(-jitter, jitter + 1));
    }

    // Sleeps, but wakes at once when stopped. False when stopped.
    bool pause(qint64 us)
    {
        if (us > 0) {
            std::mutex mutex;
            std::condition_variable_any never;
            std::unique_lock lock(mutex);
            never.wait_for(lock, m_stop, std::chrono::microseconds(us), [] { return false; });
        }
        return !m_stop.stop_requested();
    }

    // A plain SELECT for a candidate; the claim stays the atomic one (a 409 just means
    // pick again). 0: nothing left; -1: could not read.
    qint64 pick()
    {
        if (!m_connection.database().isOpen() && m_connection.open().isValid())
            return -1;
        const bool oldest = m_setup.config.pick == SimulationConfig::Pick::OldestFirst;
        // Random: start at a random order of the board and take the next ready one
        // (wrapping round), so the choice repeats with the seed. Prepared once per server
        // session: the cache drops it when the connection is opened again.
        const QString order
            = oldest ? QStringLiteral("ready_at, id") : QStringLiteral("(id < ?), id");
        QSqlError prepareError;
        QSqlQuery *pickQuery
            = m_statements.prepared(QStringLiteral("SELECT id FROM orders"
                                                   " WHERE id = ANY(CAST(? AS bigint[]))"
                                                   "   AND status = 'ready'"
                                                   "   AND driver_id IS NULL AND is_active"
                                                   "   AND (reserved_until IS NULL"
                                                   "        OR reserved_until <= now())"
                                                   " ORDER BY %1 LIMIT 1")
                                        .arg(order),
                                    &prepareError);
        if (!pickQuery)
            return -1;
        pickQuery->addBindValue(m_boardArray);
        if (!oldest) {
            const qint64 pivot = m_setup.board.isEmpty()
                ? 0
                : m_setup.board.at(m_random.bounded(int(m_setup.board.size())));
            pickQuery->addBindValue(pivot);
        }
        if (!pickQuery->exec()) {
            const QSqlError error = pickQuery->lastError();
            pickQuery->finish();
            if (DatabaseConnection::isConnectionLoss(error))
                m_connection.close();
            else if (StatementCache::isStaleStatement(error))
                m_statements.clear();
            return -1;
        }
        const qint64 id = pickQuery->next() ? pickQuery->value(0).toLongLong() : 0;
        pickQuery->finish();
        return id;
    }

    OutcomeCode attempt(qint64 orderId, int round)
    {
        SimulationAttempt made;
        made.lane = m_setup.index;
        made.round = round;
        made.orderId = orderId;
        made.driverId = m_setup.driverId;
        made.vulnerable = bool(m_vulnerable);
        made.sentUs = nowUs();
        const ClaimOutcome outcome = m_vulnerable
            ? m_vulnerable->claim(orderId, m_setup.driverId)
            : m_repository.claim(orderId, m_setup.driverId, ClaimSource::Simulation, m_setup.actor);
        made.answeredUs = nowUs();
        made.code = outcome.code;
        made.httpStatus = outcome.httpStatus();
        made.holderId = outcome.holderId.value_or(0);
        made.serverLatencyUs = outcome.serverLatencyUs;
        // The atomic claim refuses an invalid request before anything is recorded; the
        // vulnerable one records it. A lost connection records nothing.
        if (outcome.code != OutcomeCode::DatabaseUnavailable
            && (outcome.code != OutcomeCode::InvalidRequest || m_vulnerable)) {
            m_lane.m_attemptsMade.fetch_add(1);
            if (outcome.code == OutcomeCode::Assigned)
                m_lane.m_winsReported.fetch_add(1);
        }
        emit m_lane.attemptMade(made);
        return outcome.code;
    }

    // The rest of the delivery, each step after the lane's think time, through the same
    // repository as the claim (sql/015's guarded advance_order). A refused step (a
    // dispatcher cancelled it, say) ends this delivery; false only when the lane must stop.
    bool deliver(qint64 orderId)
    {
        for (DeliveryStep step :
             { DeliveryStep::PickUp, DeliveryStep::StartTransit, DeliveryStep::Deliver }) {
            if (!pause(thinkTimeUs()))
                return false;
            SimulationAttempt made;
            made.kind = SimulationAttempt::Kind::Delivery;
            made.lane = m_setup.index;
            made.orderId = orderId;
            made.driverId = m_setup.driverId;
            made.sentUs = nowUs();
            const ClaimOutcome outcome = m_repository.advance(
                orderId, m_setup.driverId, step, ClaimSource::Simulation, m_setup.actor);
            made.answeredUs = nowUs();
            made.code = outcome.code;
            made.httpStatus = outcome.httpStatus();
            made.serverLatencyUs = outcome.serverLatencyUs;
            emit m_lane.attemptMade(made);
            if (outcome.httpStatus() != 200)
                return outcome.code != OutcomeCode::DatabaseUnavailable || !m_stop.stop_requested();
        }
        return true;
    }

    void hold(qint64 orderId, int seconds)
    {
        SimulationAttempt made;
        made.kind = SimulationAttempt::Kind::Hold;
        made.lane = m_setup.index;
        made.orderId = orderId;
        made.driverId = m_setup.driverId;
        made.sentUs = nowUs();
        const ClaimOutcome outcome = m_repository.hold(orderId, m_setup.actor, seconds);
        made.answeredUs = nowUs();
        made.code = outcome.code;
        made.httpStatus = outcome.httpStatus();
        emit m_lane.attemptMade(made);
    }

    SimulationLane &m_lane;
    const SimulationLane::Setup &m_setup;
    std::stop_token m_stop;
    QRandomGenerator m_random;
    QString m_boardArray;
    // Declared in this order so that they go in reverse: queries, then the connection.
    DatabaseConnection m_connection;
    OrderRepository m_repository;
    std::unique_ptr<VulnerableClaim> m_vulnerable;
    StatementCache m_statements { m_connection }; // the pick query
};

SimulationLane::SimulationLane(Setup setup, QObject *parent)
    : QObject(parent)
    , m_setup(std::move(setup))
{ }

SimulationLane::~SimulationLane()
{
    requestStop();
    join();
}

void SimulationLane::start()
{
    m_thread = std::jthread([this](std::stop_token stop) { main(stop); });
}

void SimulationLane::post(LaneCommand command)
{
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(std::move(command));
    }
    m_wake.notify_one();
}

void SimulationLane::requestStop()
{
    m_thread.request_stop(); // wakes every wait that watches the token
}

void SimulationLane::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void SimulationLane::main(std::stop_token stop)
{
    Worker worker(*this, stop);
    while (!stop.stop_requested()) {
        LaneCommand command;
        {
            std::unique_lock lock(m_mutex);
            if (!m_wake.wait(lock, stop, [this] { return !m_commands.empty(); }))
                break;
            command = std::move(m_commands.front());
            m_commands.pop_front();
        }
        worker.execute(command);
        if (!stop.stop_requested())
            emit commandFinished(m_setup.index);
    }
}

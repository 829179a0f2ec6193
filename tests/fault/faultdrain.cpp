#include "faultdrain.h"

#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "readyorderpicker.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

FaultDrain::FaultDrain(ConnectionSettings settings, QList<qint64> drivers, QString actorPrefix,
                       std::chrono::seconds deadline)
    : m_settings(std::move(settings))
    , m_actorPrefix(std::move(actorPrefix))
    , m_deadline(deadline)
{
    for (qsizetype i = 0; i < drivers.size(); ++i) {
        auto lane = std::make_unique<Lane>();
        lane->driverId = drivers.at(i);
        lane->actor = m_actorPrefix + QStringLiteral("lane-%1").arg(i + 1, 2, 10, QLatin1Char('0'));
        m_lanes.push_back(std::move(lane));
    }
}

FaultDrain::~FaultDrain()
{
    join();
}

void FaultDrain::start()
{
    m_running = int(m_lanes.size());
    for (size_t i = 0; i < m_lanes.size(); ++i)
        m_threads.emplace_back([this, i] { runLane(*m_lanes[i], int(i)); });
}

void FaultDrain::join()
{
    for (auto &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
}

void FaultDrain::runLane(Lane &lane, int index)
{
    const auto deadline = Clock::now() + m_deadline;
    {
        DatabaseConnection connection(
            m_settings, QStringLiteral("fault-lane-%1").arg(index + 1, 2, 10, QLatin1Char('0')));
        OrderRepository repository(connection);
        ReadyOrderPicker picker(quint32(index) * 7919u + 17u);
        auto success = [this, &lane] {
            std::lock_guard lock(m_mutex);
            lane.successes.append(Clock::now());
        };
        auto lost = [&connection] {
            connection.close();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        };
        while (Clock::now() < deadline) {
            // A plain SELECT for a candidate, from a random point of the board.
            if (!connection.database().isOpen() && connection.open().isValid()) {
                lost();
                continue;
            }
            const std::optional<qint64> order = picker.next(connection.database());
            if (!order) {
                lost();
                continue;
            }
            success();
            if (*order == 0)
                break; // drained
            const ClaimOutcome outcome
                = repository.claim(*order, lane.driverId, ClaimSource::Simulation, lane.actor);
            if (outcome.detail.startsWith(QLatin1String("settled")))
                ++lane.settled;
            switch (outcome.code) {
            case OutcomeCode::Assigned:
                lane.wins.append(*order);
                ++lane.attempts;
                success();
                break;
            case OutcomeCode::ResultUnknown:
                ++lane.unknown;
                break;
            case OutcomeCode::DatabaseUnavailable:
                ++lane.unavailable;
                lost();
                break;
            default:
                ++lane.attempts;
                success();
                break;
            }
        }
    }
    --m_running;
}

qint64 FaultDrain::winsReported() const
{
    qint64 wins = 0;
    for (const auto &lane : m_lanes)
        wins += lane->wins.size();
    return wins;
}

int FaultDrain::unknownResults() const
{
    int unknown = 0;
    for (const auto &lane : m_lanes)
        unknown += lane->unknown;
    return unknown;
}

int FaultDrain::settledResults() const
{
    int settled = 0;
    for (const auto &lane : m_lanes)
        settled += lane->settled;
    return settled;
}

QList<double> FaultDrain::secondsToFirstSuccessAfter(Clock::time_point since) const
{
    std::lock_guard lock(m_mutex);
    QList<double> seconds;
    for (const auto &lane : m_lanes) {
        for (const Clock::time_point &at : lane->successes) {
            if (at >= since) {
                seconds.append(std::chrono::duration<double>(at - since).count());
                break;
            }
        }
    }
    return seconds;
}

QList<qint64> FaultDrain::addBoard(QSqlDatabase db, int count)
{
    QList<qint64> ids;
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT INTO orders (status, customer, pickup, dropoff, total, ready_at)"
                       " SELECT 'ready', 'Fault ' || g, 'Kitchen', g || ' Fault Street', 10, now()"
                       "   FROM generate_series(1, ?) AS g RETURNING id"));
    query.addBindValue(count);
    if (!query.exec())
        qFatal("cannot add the board: %s", qPrintable(query.lastError().text()));
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

QList<qint64> FaultDrain::addDrivers(QSqlDatabase db, int count, const QString &prefix)
{
    QList<qint64> ids;
    QSqlQuery query(db);
    // A drain spreads hundreds of wins over a few lanes: no capacity limit (sql/015).
    query.prepare(
        QStringLiteral("INSERT INTO drivers (name, max_concurrent_orders) SELECT ? || g, NULL"
                       " FROM generate_series(1, ?) AS g RETURNING id"));
    query.addBindValue(prefix);
    query.addBindValue(count);
    if (!query.exec())
        qFatal("cannot add drivers: %s", qPrintable(query.lastError().text()));
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

DrainInvariants DrainInvariants::read(QSqlDatabase db, const QList<qint64> &board)
{
    DrainInvariants result;
    QString array = QStringLiteral("{");
    for (qsizetype i = 0; i < board.size(); ++i)
        array += (i ? QStringLiteral(",") : QString()) + QString::number(board.at(i));
    array += QLatin1Char('}');
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "WITH board AS (SELECT unnest(CAST(? AS bigint[])) AS id),"
        " events AS (SELECT h.order_id, count(*) AS n FROM order_history h"
        "             JOIN board b ON b.id = h.order_id"
        "            WHERE h.new_driver_id IS NOT NULL"
        "              AND h.new_driver_id IS DISTINCT FROM h.old_driver_id"
        "            GROUP BY h.order_id)"
        " SELECT (SELECT count(*) FROM orders o JOIN board b USING (id) WHERE o.driver_id IS NOT "
        "NULL),"
        "        (SELECT coalesce(sum(n), 0) FROM events),"
        "        (SELECT count(*) FROM events WHERE n > 1),"
        "        (SELECT count(*) FROM claim_attempts a JOIN board b ON b.id = a.order_id"
        "          WHERE a.outcome = 'ASSIGNED'),"
        "        (SELECT count(*) FROM orders o JOIN board b USING (id) WHERE o.status = "
        "'ready')"));
    query.addBindValue(array);
    if (!query.exec() || !query.next()) {
        result.error = query.lastError().text();
        return result;
    }
    result.ordersAssigned = query.value(0).toLongLong();
    result.assignmentEvents = query.value(1).toLongLong();
    result.ordersAssignedTwice = query.value(2).toLongLong();
    result.assignedAttempts = query.value(3).toLongLong();
    result.stillReady = query.value(4).toLongLong();
    return result;
}

QStringList DrainInvariants::winsNotInDatabase(QSqlDatabase db, const FaultDrain &drain)
{
    QStringList missing;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT driver_id FROM orders WHERE id = ?"));
    for (const auto &lane : drain.lanes()) {
        for (qint64 order : lane->wins) {
            query.addBindValue(order);
            if (!query.exec() || !query.next() || query.value(0).toLongLong() != lane->driverId) {
                missing << QStringLiteral("order %1 reported won by driver %2")
                               .arg(order)
                               .arg(lane->driverId);
            }
            query.finish();
        }
    }
    return missing;
}

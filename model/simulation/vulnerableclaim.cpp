// TRAINING ONLY — the seed's vulnerable SELECT-then-UPDATE. See vulnerableclaim.h.

#include "simulation/vulnerableclaim.h"

#include "db/databaseconnection.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QVariant>
#include <chrono>
#include <thread>

namespace {

ClaimOutcome unavailable(qint64 orderId, qint64 driverId, const QSqlError &error)
{
    ClaimOutcome outcome;
    outcome.code = OutcomeCode::DatabaseUnavailable;
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    outcome.detail = DatabaseConnection::describe(error);
    return outcome;
}

} // namespace

VulnerableClaim::VulnerableClaim(DatabaseConnection &connection, const QString &actor, int gapUs)
    : m_connection(connection)
    , m_actor(actor)
    , m_gapUs(gapUs)
{ }

VulnerableClaim::~VulnerableClaim() = default;

bool VulnerableClaim::prepare(ClaimOutcome *failure)
{
    if (m_prepared && m_connection.database().isOpen())
        return true;
    m_read.reset();
    m_write.reset();
    m_refusal.reset();
    if (!m_connection.database().isOpen()) {
        if (const QSqlError error = m_connection.open(); error.isValid()) {
            *failure = unavailable(failure->orderId, failure->driverId, error);
            return false;
        }
    }
    QSqlDatabase db = m_connection.database();
    // Session-wide labels for the history trigger (002): these statements run in
    // autocommit, one transaction each, exactly as the old code did.
    QSqlQuery label(db);
    label.prepare(QStringLiteral(
        "SELECT set_config('dispatch.source', 'simulation', false),"
        " set_config('dispatch.actor', ?, false),"
        " set_config('dispatch.reason', 'TRAINING ONLY: vulnerable SELECT-then-UPDATE', false)"));
    label.addBindValue(m_actor);
    if (!label.exec()) {
        *failure = unavailable(failure->orderId, failure->driverId, label.lastError());
        return false;
    }
    label.finish();

    m_read = std::make_unique<QSqlQuery>(db);
    m_write = std::make_unique<QSqlQuery>(db);
    m_refusal = std::make_unique<QSqlQuery>(db);
    // The read.
    const bool ok = m_read->prepare(QStringLiteral(
                        "SELECT status, driver_id, is_active FROM orders WHERE id = ?"))
        // The write: no status or driver check — that is the bug. Only the training flag.
        && m_write->prepare(QStringLiteral(
            "WITH u AS (UPDATE orders SET driver_id = ?, status = 'driver_assigned',"
            "                  assigned_at = now(), reserved_by = NULL, reserved_until = NULL"
            "            WHERE id = ?"
            "              AND (SELECT bool_and(is_training) FROM training_settings)"
            "            RETURNING id)"
            " INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome)"
            " SELECT ?, ?, 'simulation', ?, ?,"
            "        CASE WHEN EXISTS (SELECT 1 FROM u) THEN 'ASSIGNED' ELSE 'INVALID_REQUEST' END"
            " RETURNING outcome"))
        && m_refusal->prepare(QStringLiteral(
            "INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome,"
            "                            holder_id)"
            " VALUES (?, ?, 'simulation', ?, ?, ?, ?)"));
    if (!ok) {
        QSqlError error = m_read->lastError();
        if (!error.isValid())
            error = m_write->lastError().isValid() ? m_write->lastError() : m_refusal->lastError();
        *failure = unavailable(failure->orderId, failure->driverId, error);
        m_read.reset();
        m_write.reset();
        m_refusal.reset();
        return false;
    }
    m_prepared = true;
    return true;
}

void VulnerableClaim::warmUp()
{
    ClaimOutcome ignored;
    prepare(&ignored);
}

ClaimOutcome VulnerableClaim::claim(qint64 orderId, qint64 driverId)
{
    QElapsedTimer timer;
    timer.start();
    ClaimOutcome outcome;
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    if (!prepare(&outcome))
        return outcome;

    // 1. Read.
    m_read->addBindValue(orderId);
    if (!m_read->exec()) {
        const QSqlError error = m_read->lastError();
        if (DatabaseConnection::isConnectionLoss(error)) {
            m_prepared = false;
            m_connection.close();
        }
        return unavailable(orderId, driverId, error);
    }
    // 2. Validate in application code, on what was read a moment ago.
    if (!m_read->next()) {
        m_read->finish();
        outcome.code = OutcomeCode::NotFound;
        return record(outcome, timer.nsecsElapsed() / 1000);
    }
    const QString status = m_read->value(0).toString();
    const QVariant holder = m_read->value(1);
    const bool active = m_read->value(2).toBool();
    m_read->finish();
    outcome.orderStatus = status;
    if (!active) {
        outcome.code = OutcomeCode::NotActive;
        return record(outcome, timer.nsecsElapsed() / 1000);
    }
    if (!holder.isNull()) {
        outcome.holderId = holder.toLongLong();
        outcome.code = holder.toLongLong() == driverId ? OutcomeCode::AlreadyYours
                                                       : OutcomeCode::AlreadyAssigned;
        return record(outcome, timer.nsecsElapsed() / 1000);
    }
    if (status != QLatin1String("ready")) {
        outcome.code = OutcomeCode::NotReady;
        return record(outcome, timer.nsecsElapsed() / 1000);
    }
    if (m_gapUs > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(m_gapUs));

    // 3. Write, trusting the stale read.
    m_write->addBindValue(driverId);
    m_write->addBindValue(orderId);
    m_write->addBindValue(orderId);
    m_write->addBindValue(driverId);
    m_write->addBindValue(m_actor);
    m_write->addBindValue(timer.nsecsElapsed() / 1000);
    if (!m_write->exec() || !m_write->next()) {
        const QSqlError error = m_write->lastError();
        m_write->finish();
        if (DatabaseConnection::isConnectionLoss(error)) {
            m_prepared = false;
            m_connection.close();
        }
        return unavailable(orderId, driverId, error);
    }
    const QString code = m_write->value(0).toString();
    m_write->finish();
    outcome.code = outcomeCodeFromName(code).value_or(OutcomeCode::InvalidRequest);
    if (outcome.code == OutcomeCode::Assigned) {
        outcome.holderId = driverId;
        outcome.orderStatus = QStringLiteral("driver_assigned");
    } else {
        outcome.detail = QStringLiteral("not a training database");
    }
    outcome.serverLatencyUs = timer.nsecsElapsed() / 1000;
    return outcome;
}

ClaimOutcome VulnerableClaim::record(ClaimOutcome outcome, qint64 elapsedUs)
{
    m_refusal->addBindValue(outcome.orderId);
    m_refusal->addBindValue(outcome.driverId);
    m_refusal->addBindValue(m_actor);
    m_refusal->addBindValue(elapsedUs);
    m_refusal->addBindValue(outcome.codeName());
    m_refusal->addBindValue(outcome.holderId ? QVariant(*outcome.holderId) : QVariant());
    if (!m_refusal->exec()) {
        const QSqlError error = m_refusal->lastError();
        if (DatabaseConnection::isConnectionLoss(error)) {
            m_prepared = false;
            m_connection.close();
        }
        return unavailable(outcome.orderId, outcome.driverId, error);
    }
    m_refusal->finish();
    outcome.serverLatencyUs = elapsedUs;
    return outcome;
}

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

// The read.
constexpr const char *kReadSql = "SELECT status, driver_id, is_active FROM orders WHERE id = ?";
// The write: no status or driver check — that is the bug. Only the training flag.
constexpr const char *kWriteSql
    = "WITH u AS (UPDATE orders SET driver_id = ?, status = 'driver_assigned',"
      "                  assigned_at = now(), reserved_by = NULL, reserved_until = NULL"
      "            WHERE id = ?"
      "              AND (SELECT bool_and(is_training) FROM training_settings)"
      "            RETURNING id)"
      " INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome)"
      " SELECT ?, ?, 'simulation', ?, ?,"
      "        CASE WHEN EXISTS (SELECT 1 FROM u) THEN 'ASSIGNED' ELSE 'INVALID_REQUEST' END"
      " RETURNING outcome";
constexpr const char *kRefusalSql
    = "INSERT INTO claim_attempts (order_id, driver_id, source, actor, latency_us, outcome,"
      "                            holder_id)"
      " VALUES (?, ?, 'simulation', ?, ?, ?, ?)";

} // namespace

VulnerableClaim::VulnerableClaim(DatabaseConnection &connection, const QString &actor, int gapUs)
    : m_connection(connection)
    , m_actor(actor)
    , m_gapUs(gapUs)
    , m_statements(connection)
{ }

VulnerableClaim::~VulnerableClaim() = default;

bool VulnerableClaim::prepare(ClaimOutcome *failure)
{
    if (!m_connection.database().isOpen()) {
        if (const QSqlError error = m_connection.open(); error.isValid()) {
            *failure = unavailable(failure->orderId, failure->driverId, error);
            return false;
        }
    }
    // The labels and the statements belong to one server session: a reopened connection
    // (by this claim or by the lane's pick) is a new one. The cache drops the statements
    // itself; the labels are set again here.
    if (m_labelledGeneration != m_connection.generation()) {
        // Session-wide labels for the history trigger (002): these statements run in
        // autocommit, one transaction each, exactly as the old code did.
        QSqlQuery label(m_connection.database());
        label.prepare(QStringLiteral(
            "SELECT set_config('dispatch.source', 'simulation', false),"
            " set_config('dispatch.actor', ?, false),"
            " set_config('dispatch.reason', 'TRAINING ONLY: vulnerable SELECT-then-UPDATE', "
            "false)"));
        label.addBindValue(m_actor);
        if (!label.exec()) {
            *failure = unavailable(failure->orderId, failure->driverId, label.lastError());
            return false;
        }
        label.finish();
        m_labelledGeneration = m_connection.generation();
    }
    QSqlError error;
    for (const char *sql : { kReadSql, kWriteSql, kRefusalSql }) {
        if (!m_statements.prepared(QLatin1String(sql), &error)) {
            *failure = unavailable(failure->orderId, failure->driverId, error);
            return false;
        }
    }
    return true;
}

QSqlQuery &VulnerableClaim::statement(const char *sql)
{
    // prepare() just made all three on this session.
    QSqlError ignored;
    return *m_statements.prepared(QLatin1String(sql), &ignored);
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
    QSqlQuery &read = statement(kReadSql);
    QSqlQuery &write = statement(kWriteSql);

    // 1. Read.
    read.addBindValue(orderId);
    if (!read.exec()) {
        const QSqlError error = read.lastError();
        if (DatabaseConnection::isConnectionLoss(error)) {
            m_connection.close();
        }
        return unavailable(orderId, driverId, error);
    }
    // 2. Validate in application code, on what was read a moment ago.
    if (!read.next()) {
        read.finish();
        outcome.code = OutcomeCode::NotFound;
        return record(outcome, timer.nsecsElapsed() / 1000);
    }
    const QString status = read.value(0).toString();
    const QVariant holder = read.value(1);
    const bool active = read.value(2).toBool();
    read.finish();
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
    write.addBindValue(driverId);
    write.addBindValue(orderId);
    write.addBindValue(orderId);
    write.addBindValue(driverId);
    write.addBindValue(m_actor);
    write.addBindValue(timer.nsecsElapsed() / 1000);
    if (!write.exec() || !write.next()) {
        const QSqlError error = write.lastError();
        write.finish();
        if (DatabaseConnection::isConnectionLoss(error)) {
            m_connection.close();
        }
        return unavailable(orderId, driverId, error);
    }
    const QString code = write.value(0).toString();
    write.finish();
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
    QSqlQuery &refusal = statement(kRefusalSql);
    refusal.addBindValue(outcome.orderId);
    refusal.addBindValue(outcome.driverId);
    refusal.addBindValue(m_actor);
    refusal.addBindValue(elapsedUs);
    refusal.addBindValue(outcome.codeName());
    refusal.addBindValue(outcome.holderId ? QVariant(*outcome.holderId) : QVariant());
    if (!refusal.exec()) {
        const QSqlError error = refusal.lastError();
        if (DatabaseConnection::isConnectionLoss(error)) {
            m_connection.close();
        }
        return unavailable(outcome.orderId, outcome.driverId, error);
    }
    refusal.finish();
    outcome.serverLatencyUs = elapsedUs;
    return outcome;
}

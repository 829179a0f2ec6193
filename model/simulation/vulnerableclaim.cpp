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

// The read: the client's own SELECT, a moment before the write (that is the bug).
constexpr const char *kReadSql = "SELECT status, driver_id, is_active FROM orders WHERE id = ?";
// The write (sql/018, TRAINING ONLY): no status or driver check, only practice orders and
// trainees, only on a training database; it labels itself and records the attempt.
constexpr const char *kWriteSql = "SELECT training_vulnerable_write(?, ?, ?, ?)";
constexpr const char *kRefusalSql = "SELECT training_record_refusal(?, ?, ?, ?, ?, ?)";

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
    // The statements belong to one server session: a reopened connection (by this claim
    // or by the lane's pick) is a new one, and the cache drops them itself. The write labels
    // its own change (sql/018), so the session needs no labels.
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
        if (error.nativeErrorCode() == QLatin1String("42501")) {
            // Refused, nothing written: the database is not (or no longer) marked for
            // training, or this login is no trainer (sql/018).
            outcome.code = OutcomeCode::InvalidRequest;
            outcome.detail = QStringLiteral("not a training database");
            return outcome;
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
        outcome.detail = QStringLiteral("not a practice order and a trainee");
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

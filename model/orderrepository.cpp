#include "orderrepository.h"

#include "databaseconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QVariant>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OrderRepository", text);
}

ClaimOutcome invalid(qint64 orderId, qint64 driverId, const QString &why)
{
    ClaimOutcome outcome;
    outcome.code = OutcomeCode::InvalidRequest;
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    outcome.detail = why;
    return outcome;
}

QDateTime utc(const QVariant &value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

} // namespace

OrderRepository::OrderRepository(DatabaseConnection &connection)
    : m_connection(connection)
{}

OrderRepository::~OrderRepository() = default;

bool OrderRepository::ensureOpen(QString *reason)
{
    if (m_connection.database().isOpen())
        return true;
    // Prepared statements belong to the old session: prepare again after reconnecting.
    m_claim.reset();
    m_release.reset();
    m_hold.reset();
    m_unhold.reset();
    const QSqlError error = m_connection.open();
    if (error.isValid()) {
        *reason = DatabaseConnection::describe(error);
        return false;
    }
    return true;
}

QSqlQuery *OrderRepository::statement(std::unique_ptr<QSqlQuery> &slot, const QString &sql)
{
    if (!slot) {
        auto query = std::make_unique<QSqlQuery>(m_connection.database());
        if (!query->prepare(sql))
            return nullptr;
        slot = std::move(query);
    }
    return slot.get();
}

ClaimOutcome OrderRepository::unavailable(qint64 orderId, qint64 driverId, const QSqlError &error)
{
    ClaimOutcome outcome;
    outcome.code = OutcomeCode::DatabaseUnavailable;
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    outcome.detail = DatabaseConnection::describe(error);
    if (DatabaseConnection::isConnectionLoss(error)) {
        // Reconnect (and re-prepare) on the next call.
        m_claim.reset();
        m_release.reset();
        m_hold.reset();
        m_unhold.reset();
        m_connection.close();
    }
    return outcome;
}

ClaimOutcome OrderRepository::claim(qint64 orderId, qint64 driverId, ClaimSource source,
                                    const QString &actor)
{
    if (orderId <= 0)
        return invalid(orderId, driverId, tr("An order number must be a positive whole number."));
    if (driverId <= 0)
        return invalid(orderId, driverId, tr("A driver number must be a positive whole number."));

    QString reason;
    if (!ensureOpen(&reason)) {
        ClaimOutcome outcome = invalid(orderId, driverId, reason);
        outcome.code = OutcomeCode::DatabaseUnavailable;
        return outcome;
    }
    QSqlQuery *query = statement(
        m_claim, QStringLiteral("SELECT outcome, holder_id, holder_name, since, order_status,"
                                " held_by, held_until, latency_us"
                                " FROM claim_order(?, ?, ?, ?)"));
    if (!query)
        return unavailable(orderId, driverId, m_connection.database().lastError());
    query->addBindValue(orderId);
    query->addBindValue(driverId);
    query->addBindValue(claimSourceName(source));
    query->addBindValue(actor);

    QElapsedTimer timer;
    timer.start();
    const bool ok = query->exec() && query->next();
    const qint64 roundTripUs = timer.nsecsElapsed() / 1000;
    if (!ok) {
        const QSqlError error = query->lastError();
        query->finish();
        return unavailable(orderId, driverId, error);
    }
    ClaimOutcome outcome = ClaimOutcome::fromCodeName(query->value(0).toString());
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    if (!query->value(1).isNull())
        outcome.holderId = query->value(1).toLongLong();
    outcome.holderName = query->value(2).toString();
    outcome.since = utc(query->value(3));
    outcome.orderStatus = query->value(4).toString();
    outcome.heldBy = query->value(5).toString();
    outcome.heldUntil = utc(query->value(6));
    outcome.serverLatencyUs = query->value(7).toLongLong();
    outcome.roundTripUs = roundTripUs;
    query->finish();
    return outcome;
}

ClaimOutcome OrderRepository::release(qint64 orderId, qint64 driverId, ClaimSource source,
                                      const QString &actor, const QString &reason)
{
    if (orderId <= 0 || driverId <= 0)
        return invalid(orderId, driverId, tr("Order and driver numbers must be positive."));
    QString why;
    if (!ensureOpen(&why)) {
        ClaimOutcome outcome = invalid(orderId, driverId, why);
        outcome.code = OutcomeCode::DatabaseUnavailable;
        return outcome;
    }
    QSqlQuery *query = statement(m_release,
                                 QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                                " order_status FROM release_order(?, ?, ?, ?, ?)"));
    if (!query)
        return unavailable(orderId, driverId, m_connection.database().lastError());
    query->addBindValue(orderId);
    query->addBindValue(driverId);
    query->addBindValue(claimSourceName(source));
    query->addBindValue(actor);
    query->addBindValue(reason.isEmpty() ? QVariant() : QVariant(reason));
    QElapsedTimer timer;
    timer.start();
    if (!query->exec() || !query->next()) {
        const QSqlError error = query->lastError();
        query->finish();
        return unavailable(orderId, driverId, error);
    }
    ClaimOutcome outcome = ClaimOutcome::fromCodeName(query->value(0).toString());
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    if (!query->value(1).isNull())
        outcome.holderId = query->value(1).toLongLong();
    outcome.holderName = query->value(2).toString();
    outcome.since = utc(query->value(3));
    outcome.orderStatus = query->value(4).toString();
    outcome.roundTripUs = timer.nsecsElapsed() / 1000;
    query->finish();
    return outcome;
}

ClaimOutcome OrderRepository::hold(qint64 orderId, const QString &holder, int seconds)
{
    if (orderId <= 0)
        return invalid(orderId, 0, tr("An order number must be a positive whole number."));
    if (holder.trimmed().isEmpty() || seconds < 1 || seconds > 600)
        return invalid(orderId, 0, tr("A hold needs a holder and 1 to 600 seconds."));
    QString why;
    if (!ensureOpen(&why)) {
        ClaimOutcome outcome = invalid(orderId, 0, why);
        outcome.code = OutcomeCode::DatabaseUnavailable;
        return outcome;
    }
    QSqlQuery *query = statement(
        m_hold, QStringLiteral("SELECT outcome, held_by, held_until, order_status"
                               " FROM hold_order(?, ?, ?)"));
    if (!query)
        return unavailable(orderId, 0, m_connection.database().lastError());
    query->addBindValue(orderId);
    query->addBindValue(holder);
    query->addBindValue(seconds);
    if (!query->exec() || !query->next()) {
        const QSqlError error = query->lastError();
        query->finish();
        return unavailable(orderId, 0, error);
    }
    ClaimOutcome outcome = ClaimOutcome::fromCodeName(query->value(0).toString());
    outcome.orderId = orderId;
    outcome.heldBy = query->value(1).toString();
    outcome.heldUntil = utc(query->value(2));
    outcome.orderStatus = query->value(3).toString();
    query->finish();
    return outcome;
}

bool OrderRepository::unhold(qint64 orderId, const QString &holder)
{
    QString why;
    if (orderId <= 0 || !ensureOpen(&why))
        return false;
    QSqlQuery *query = statement(m_unhold, QStringLiteral("SELECT unhold_order(?, ?)"));
    if (!query)
        return false;
    query->addBindValue(orderId);
    query->addBindValue(holder);
    const bool released = query->exec() && query->next() && query->value(0).toBool();
    query->finish();
    return released;
}

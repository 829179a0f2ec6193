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

ClaimOutcome refusal(OutcomeCode code, qint64 orderId, qint64 driverId, const QString &why)
{
    ClaimOutcome outcome;
    outcome.code = code;
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    outcome.detail = why;
    return outcome;
}

constexpr int kMaxAttempts = 3;

QDateTime utc(const QVariant &value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

// The columns every function in sql/ returns first: outcome, holder_id, holder_name,
// since, order_status.
ClaimOutcome readCommonColumns(const QSqlQuery &query, qint64 orderId, qint64 driverId)
{
    ClaimOutcome outcome = ClaimOutcome::fromCodeName(query.value(0).toString());
    outcome.orderId = orderId;
    outcome.driverId = driverId;
    if (!query.value(1).isNull())
        outcome.holderId = query.value(1).toLongLong();
    outcome.holderName = query.value(2).toString();
    outcome.since = utc(query.value(3));
    outcome.orderStatus = query.value(4).toString();
    return outcome;
}

} // namespace

OrderRepository::OrderRepository(DatabaseConnection &connection)
    : m_connection(connection)
{}

OrderRepository::~OrderRepository() = default;

void OrderRepository::forgetSession()
{
    // Prepared statements belong to a server session: after a reconnect, prepare again.
    m_claim.reset();
    m_release.reset();
    m_hold.reset();
    m_unhold.reset();
    m_reassign.reset();
}

QSqlQuery *OrderRepository::run(std::unique_ptr<QSqlQuery> &slot, const QString &sql,
                                const QVariantList &values, qint64 orderId, qint64 driverId,
                                ClaimOutcome *failure)
{
    if (!m_connection.database().isOpen()) {
        forgetSession();
        if (const QSqlError error = m_connection.open(); error.isValid()) {
            *failure = refusal(OutcomeCode::DatabaseUnavailable, orderId, driverId,
                               DatabaseConnection::describe(error));
            return nullptr;
        }
    }
    if (!slot) {
        auto query = std::make_unique<QSqlQuery>(m_connection.database());
        // Not forward-only: QPSQL would use single-row mode, and a row could then be read
        // before the server acknowledged the commit.
        if (!query->prepare(sql)) {
            *failure = refusal(OutcomeCode::DatabaseUnavailable, orderId, driverId,
                               DatabaseConnection::describe(query->lastError()));
            return nullptr;
        }
        slot = std::move(query);
    }
    QSqlQuery *query = slot.get();
    QSqlError error;
    // A serialization failure or deadlock (only under stricter isolation or odd lock
    // orders) changed nothing: run the same statement again, a bounded number of times.
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        for (const QVariant &value : values)
            query->addBindValue(value);
        if (query->exec() && query->next())
            return query;
        error = query->lastError();
        query->finish();
        if (!classifySqlState(error.nativeErrorCode()).retry)
            break;
    }

    const SqlStateRule rule = classifySqlState(error.nativeErrorCode());
    *failure = refusal(rule.code, orderId, driverId, DatabaseConnection::describe(error));
    if (rule.code == OutcomeCode::IntegrityAlert) {
        // Never a silent 409: this means an invariant the schema guards was about to break.
        qCritical("dispatch: integrity alert on order %lld (SQLSTATE %s): %s", orderId,
                  qPrintable(error.nativeErrorCode()), qPrintable(failure->detail));
    }
    if (DatabaseConnection::isConnectionLoss(error)) {
        forgetSession();
        m_connection.close(); // reconnect on the next call
    }
    return nullptr;
}

ClaimOutcome OrderRepository::claim(qint64 orderId, qint64 driverId, ClaimSource source,
                                    const QString &actor)
{
    if (orderId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       tr("An order number must be a positive whole number."));
    if (driverId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       tr("A driver number must be a positive whole number."));

    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *query = run(m_claim,
                           QStringLiteral("SELECT outcome, holder_id, holder_name, since, order_status,"
                                          " held_by, held_until, latency_us"
                                          " FROM claim_order(?, ?, ?, ?)"),
                           {orderId, driverId, claimSourceName(source), actor}, orderId, driverId,
                           &outcome);
    const qint64 roundTripUs = timer.nsecsElapsed() / 1000;
    if (query) {
        outcome = readCommonColumns(*query, orderId, driverId);
        outcome.heldBy = query->value(5).toString();
        outcome.heldUntil = utc(query->value(6));
        outcome.serverLatencyUs = query->value(7).toLongLong();
        query->finish();
    }
    outcome.roundTripUs = roundTripUs;
    return outcome;
}

ClaimOutcome OrderRepository::release(qint64 orderId, qint64 driverId, ClaimSource source,
                                      const QString &actor, const QString &reason)
{
    if (orderId <= 0 || driverId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       tr("Order and driver numbers must be positive."));
    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *query = run(m_release,
                           QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                          " order_status FROM release_order(?, ?, ?, ?, ?)"),
                           {orderId, driverId, claimSourceName(source), actor,
                            reason.isEmpty() ? QVariant() : QVariant(reason)},
                           orderId, driverId, &outcome);
    if (query) {
        outcome = readCommonColumns(*query, orderId, driverId);
        query->finish();
    }
    outcome.roundTripUs = timer.nsecsElapsed() / 1000;
    return outcome;
}

ClaimOutcome OrderRepository::reassign(qint64 orderId, qint64 fromDriver, qint64 toDriver,
                                       ClaimSource source, const QString &actor,
                                       const QString &reason)
{
    if (orderId <= 0 || fromDriver <= 0 || toDriver <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, toDriver,
                       tr("Order and driver numbers must be positive."));
    if (reason.trimmed().size() < 3)
        return refusal(OutcomeCode::InvalidRequest, orderId, toDriver,
                       tr("Say why the order is reassigned (at least 3 characters)."));
    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *query = run(m_reassign,
                           QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                          " order_status FROM reassign_order(?, ?, ?, ?, ?, ?)"),
                           {orderId, fromDriver, toDriver, claimSourceName(source), actor,
                            reason.trimmed().left(500)},
                           orderId, toDriver, &outcome);
    if (query) {
        outcome = readCommonColumns(*query, orderId, toDriver);
        query->finish();
    }
    outcome.roundTripUs = timer.nsecsElapsed() / 1000;
    return outcome;
}

ClaimOutcome OrderRepository::hold(qint64 orderId, const QString &holder, int seconds)
{
    if (orderId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, 0,
                       tr("An order number must be a positive whole number."));
    if (holder.trimmed().isEmpty() || seconds < 1 || seconds > 600)
        return refusal(OutcomeCode::InvalidRequest, orderId, 0,
                       tr("A hold needs a holder and 1 to 600 seconds."));
    ClaimOutcome outcome;
    QSqlQuery *query = run(m_hold,
                           QStringLiteral("SELECT outcome, held_by, held_until, order_status"
                                          " FROM hold_order(?, ?, ?)"),
                           {orderId, holder, seconds}, orderId, 0, &outcome);
    if (query) {
        outcome = ClaimOutcome::fromCodeName(query->value(0).toString());
        outcome.orderId = orderId;
        outcome.heldBy = query->value(1).toString();
        outcome.heldUntil = utc(query->value(2));
        outcome.orderStatus = query->value(3).toString();
        query->finish();
    }
    return outcome;
}

bool OrderRepository::unhold(qint64 orderId, const QString &holder)
{
    if (orderId <= 0)
        return false;
    ClaimOutcome failure;
    QSqlQuery *query = run(m_unhold, QStringLiteral("SELECT unhold_order(?, ?)"), {orderId, holder},
                           orderId, 0, &failure);
    if (!query)
        return false;
    const bool released = query->value(0).toBool();
    query->finish();
    return released;
}

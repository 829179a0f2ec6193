#include "claims/orderrepository.h"

#include "core/textinput.h"
#include "db/databaseconnection.h"
#include "db/statementcache.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QThread>
#include <QUuid>
#include <QVariant>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(OrderRepository)
};

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
    outcome.since = TextInput::utc(query.value(3));
    outcome.orderStatus = query.value(4).toString();
    return outcome;
}

} // namespace

OrderRepository::OrderRepository(DatabaseConnection &connection)
    : m_connection(connection)
    , m_statements(std::make_unique<StatementCache>(connection))
{ }

OrderRepository::~OrderRepository() = default;

void OrderRepository::forgetSession()
{
    // The cache drops its statements by itself once the connection is opened again.
    m_statements->clear();
}

bool OrderRepository::ensureOpen(qint64 orderId, qint64 driverId, ClaimOutcome *failure)
{
    if (m_connection.database().isOpen())
        return true;
    forgetSession();
    if (const QSqlError error = m_connection.open(); error.isValid()) {
        *failure = refusal(OutcomeCode::DatabaseUnavailable, orderId, driverId,
                           DatabaseConnection::describe(error));
        return false;
    }
    return true;
}

std::optional<ClaimOutcome> OrderRepository::settle(const QString &attemptId, qint64 orderId,
                                                    qint64 driverId)
{
    ClaimOutcome unknown = refusal(OutcomeCode::ResultUnknown, orderId, driverId, {});
    // A new connection, for a bounded time (the server may be restarting); if that one is
    // lost too while reading, start over on another.
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        forgetSession();
        if (const QSqlError error = m_connection.open(); !error.isValid()) {
            QSqlError lostAgain;
            std::optional<ClaimOutcome> answer = settleOn(attemptId, orderId, driverId, &lostAgain);
            if (!lostAgain.isValid())
                return answer;
            unknown.detail = DatabaseConnection::describe(lostAgain);
        } else {
            unknown.detail = DatabaseConnection::describe(error);
        }
        m_connection.close();
        if (waited.elapsed() >= kSettleReconnectMs)
            return unknown;
        QThread::msleep(100);
    }
}

std::optional<ClaimOutcome> OrderRepository::settleOn(const QString &attemptId, qint64 orderId,
                                                      qint64 driverId, QSqlError *lostAgain)
{
    ClaimOutcome unknown = refusal(OutcomeCode::ResultUnknown, orderId, driverId, {});
    // claim_attempt_settle (sql/022) first waits until no transaction of this attempt is
    // running (ending one that lingers), then reads exactly this attempt's row: there means
    // committed; absent means never committed, and the id is fenced so that a copy still on
    // its way cannot commit later. Nothing here depends on which server session ran the
    // claim, so a pooler between us and the server changes nothing.
    QSqlError error;
    QSqlQuery *row = m_statements->prepared(
        QStringLiteral("SELECT outcome, holder_id, order_status, holds_now, assigned_at"
                       " FROM claim_attempt_settle(CAST(? AS uuid), ?)"),
        &error);
    if (row) {
        row->addBindValue(attemptId);
        row->addBindValue(orderId);
        if (row->exec()) {
            std::optional<ClaimOutcome> settled = readSettled(*row, orderId, driverId);
            row->finish();
            return settled;
        }
        error = row->lastError();
        row->finish();
    }
    // No SQLSTATE (even no error: a connection that died while opening) is a lost
    // connection too: try again on another.
    if (DatabaseConnection::isConnectionLoss(error) || error.nativeErrorCode().isEmpty())
        *lostAgain = QSqlError(error.driverText(), error.databaseText(), QSqlError::ConnectionError,
                               error.nativeErrorCode());
    if (error.nativeErrorCode() == QLatin1String("55P03")) {
        // It may still commit, and it was not fenced: what to answer cannot be known now.
        unknown.detail = Text::tr("the lost claim is still running on the server");
    } else {
        unknown.detail = DatabaseConnection::describe(error);
    }
    return unknown;
}

std::optional<ClaimOutcome> OrderRepository::readSettled(QSqlQuery &row, qint64 orderId,
                                                         qint64 driverId)
{
    if (!row.next())
        return std::nullopt; // never committed, and fenced: safe to send again, as a new attempt
    ClaimOutcome settled = ClaimOutcome::fromCodeName(row.value(0).toString());
    settled.orderId = orderId;
    settled.driverId = driverId;
    settled.orderStatus = row.value(2).toString();
    if (settled.code == OutcomeCode::Assigned) {
        if (!row.value(3).toBool()) {
            // It won, but the order is no longer this driver's (released, reassigned): a
            // 200 now would tell them they have an order they do not have.
            ClaimOutcome unknown = refusal(OutcomeCode::ResultUnknown, orderId, driverId,
                                           Text::tr("the claim was made, but the order has "
                                                    "changed hands since"));
            unknown.orderStatus = settled.orderStatus;
            return unknown;
        }
        settled.holderId = driverId;
        settled.since = TextInput::utc(row.value(4));
    } else if (!row.value(1).isNull()) {
        settled.holderId = row.value(1).toLongLong();
    }
    settled.detail = Text::tr("settled by re-reading after the answer was lost");
    return settled;
}

QSqlQuery *OrderRepository::run(const QString &sql, const QVariantList &values, qint64 orderId,
                                qint64 driverId, ClaimOutcome *failure)
{
    m_lostInFlight = false;
    if (!ensureOpen(orderId, driverId, failure))
        return nullptr;
    // Inside the caller's transaction a failed statement has aborted that transaction:
    // running it again there can only fail again. The caller retries its whole unit.
    const bool ownTransaction = !m_connection.inTransaction();
    QSqlError error;
    bool reprepared = false;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        QSqlQuery *query = m_statements->prepared(sql, &error);
        if (!query)
            break;
        for (const QVariant &value : values)
            query->addBindValue(value);
        if (query->exec() && query->next())
            return query;
        error = query->lastError();
        query->finish();
        if (StatementCache::isStaleStatement(error) && !reprepared) {
            // The server does not know the statement (26000): it was not run. Prepare it
            // again on this session and send it once more.
            m_statements->clear();
            reprepared = true;
            --attempt;
            continue;
        }
        m_lostInFlight = DatabaseConnection::isConnectionLoss(error);
        // A serialization failure or deadlock (only under stricter isolation or odd lock
        // orders) changed nothing: run the same statement again, a bounded number of times.
        if (!ownTransaction || !classifySqlState(error.nativeErrorCode()).retry)
            break;
    }

    const SqlStateRule rule = classifySqlState(error.nativeErrorCode());
    *failure = refusal(rule.code, orderId, driverId, DatabaseConnection::describe(error));
    failure->retryable = !ownTransaction && rule.retry;
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
                       Text::tr("An order number must be a positive whole number."));
    if (driverId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("A driver number must be a positive whole number."));
    return claimWith(QStringLiteral("SELECT outcome, holder_id, holder_name, since, order_status,"
                                    " held_by, held_until, latency_us"
                                    " FROM claim_order(?, ?, ?, ?, CAST(? AS uuid))"),
                     { orderId, driverId, claimSourceName(source), actor }, orderId, driverId);
}

ClaimOutcome OrderRepository::claimAsTokenHolder(qint64 orderId, qint64 driverId,
                                                 const QByteArray &tokenHash)
{
    if (orderId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("An order number must be a positive whole number."));
    return claimWith(QStringLiteral("SELECT outcome, holder_id, holder_name, since, order_status,"
                                    " held_by, held_until, latency_us"
                                    " FROM driver_claim_order(?, ?, CAST(? AS uuid))"),
                     { tokenHash, orderId }, orderId, driverId);
}

ClaimOutcome OrderRepository::claimWith(const QString &sql, QVariantList values, qint64 orderId,
                                        qint64 driverId)
{
    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    // This call's identity; a resend after a lost answer (settled: never committed, fenced)
    // is a new attempt.
    QString attemptId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    values << attemptId;
    // At most one lost answer settled and sent again; a second loss is reported unknown.
    for (int round = 0; round < 2; ++round) {
        if (!ensureOpen(orderId, driverId, &outcome))
            break; // not sent: nothing changed
        const bool ownTransaction = !m_connection.inTransaction();
        QSqlQuery *query = run(sql, values, orderId, driverId, &outcome);
        if (query) {
            outcome = readCommonColumns(*query, orderId, driverId);
            outcome.heldBy = query->value(5).toString();
            outcome.heldUntil = TextInput::utc(query->value(6));
            outcome.serverLatencyUs = query->value(7).toLongLong();
            query->finish();
            break;
        }
        if (!m_lostInFlight)
            break; // the server answered with an error: nothing changed
        if (!ownTransaction) {
            // The server rolled the caller's transaction back with the connection; a resend
            // here would commit outside it. Nothing was changed; the caller starts over.
            outcome = refusal(OutcomeCode::DatabaseUnavailable, orderId, driverId,
                              Text::tr("the connection was lost inside a transaction, which "
                                       "the server rolled back; nothing was changed"));
            break;
        }
        if (std::optional<ClaimOutcome> settled = settle(attemptId, orderId, driverId)) {
            outcome = *settled;
            break;
        }
        // Never committed, and fenced: it never will. Once more, as a new attempt.
        attemptId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        values.last() = attemptId;
        // What stands if that was already the resend: both never committed, both fenced.
        outcome = refusal(OutcomeCode::DatabaseUnavailable, orderId, driverId,
                          Text::tr("the connection was lost twice; nothing was changed"));
    }
    outcome.roundTripUs = timer.nsecsElapsed() / 1000;
    return outcome;
}

ClaimOutcome OrderRepository::release(qint64 orderId, qint64 driverId, ClaimSource source,
                                      const QString &actor, const QString &reason)
{
    if (orderId <= 0 || driverId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("Order and driver numbers must be positive."));
    return releaseWith(QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                      " order_status FROM release_order(?, ?, ?, ?, ?)"),
                       { orderId, driverId, claimSourceName(source), actor,
                         reason.isEmpty() ? QVariant() : QVariant(reason) },
                       orderId, driverId);
}

ClaimOutcome OrderRepository::releaseAsTokenHolder(qint64 orderId, qint64 driverId,
                                                   const QByteArray &tokenHash,
                                                   const QString &reason)
{
    if (orderId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("An order number must be a positive whole number."));
    return releaseWith(QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                      " order_status FROM driver_release_order(?, ?, ?)"),
                       { tokenHash, orderId, reason.isEmpty() ? QVariant() : QVariant(reason) },
                       orderId, driverId);
}

ClaimOutcome OrderRepository::releaseWith(const QString &sql, const QVariantList &values,
                                          qint64 orderId, qint64 driverId)
{
    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *query = run(sql, values, orderId, driverId, &outcome);
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
                       Text::tr("Order and driver numbers must be positive."));
    if (reason.trimmed().size() < 3)
        return refusal(OutcomeCode::InvalidRequest, orderId, toDriver,
                       Text::tr("Say why the order is reassigned (at least 3 characters)."));
    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *query = run(QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                          " order_status FROM reassign_order(?, ?, ?, ?, ?, ?)"),
                           { orderId, fromDriver, toDriver, claimSourceName(source), actor,
                             reason.trimmed().left(500) },
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
                       Text::tr("An order number must be a positive whole number."));
    if (holder.trimmed().isEmpty() || seconds < 1 || seconds > 600)
        return refusal(OutcomeCode::InvalidRequest, orderId, 0,
                       Text::tr("A hold needs a holder and 1 to 600 seconds."));
    ClaimOutcome outcome;
    QSqlQuery *query = run(QStringLiteral("SELECT outcome, held_by, held_until, order_status"
                                          " FROM hold_order(?, ?, ?)"),
                           { orderId, holder, seconds }, orderId, 0, &outcome);
    if (query) {
        outcome = ClaimOutcome::fromCodeName(query->value(0).toString());
        outcome.orderId = orderId;
        outcome.heldBy = query->value(1).toString();
        outcome.heldUntil = TextInput::utc(query->value(2));
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
    QSqlQuery *query = run(QStringLiteral("SELECT unhold_order(?, ?)"), { orderId, holder },
                           orderId, 0, &failure);
    if (!query)
        return false;
    const bool released = query->value(0).toBool();
    query->finish();
    return released;
}

QString deliveryStepName(DeliveryStep step)
{
    switch (step) {
    case DeliveryStep::PickUp:
        return QStringLiteral("pickup");
    case DeliveryStep::StartTransit:
        return QStringLiteral("transit");
    case DeliveryStep::Deliver:
        return QStringLiteral("deliver");
    case DeliveryStep::Fail:
        return QStringLiteral("fail");
    }
    return QStringLiteral("pickup");
}

namespace {

// What advance_order() and cancel_order() refuse with 22023, said before sending.
std::optional<QString> reasonProblem(const QString &reason, bool required)
{
    const QString trimmed = reason.trimmed();
    if (required && trimmed.size() < 3)
        return Text::tr("Say why (at least 3 characters).");
    if (trimmed.size() > 500)
        return Text::tr("A reason is at most 500 characters.");
    return std::nullopt;
}

QVariant reasonValue(const QString &reason)
{
    const QString trimmed = reason.trimmed();
    return trimmed.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(trimmed);
}

} // namespace

ClaimOutcome OrderRepository::advance(qint64 orderId, qint64 driverId, DeliveryStep step,
                                      ClaimSource source, const QString &actor,
                                      const QString &reason)
{
    if (orderId <= 0 || driverId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("Order and driver numbers must be positive."));
    if (const auto problem = reasonProblem(reason, step == DeliveryStep::Fail))
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId, *problem);
    return releaseWith(QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                      " order_status FROM advance_order(?, ?, ?, ?, ?, ?)"),
                       { orderId, driverId, deliveryStepName(step), claimSourceName(source), actor,
                         reasonValue(reason) },
                       orderId, driverId);
}

ClaimOutcome OrderRepository::advanceAsTokenHolder(qint64 orderId, qint64 driverId,
                                                   const QByteArray &tokenHash, DeliveryStep step,
                                                   const QString &reason)
{
    if (orderId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("An order number must be a positive whole number."));
    if (const auto problem = reasonProblem(reason, step == DeliveryStep::Fail))
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId, *problem);
    return releaseWith(QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                      " order_status FROM driver_advance_order(?, ?, ?, ?)"),
                       { tokenHash, orderId, deliveryStepName(step), reasonValue(reason) }, orderId,
                       driverId);
}

ClaimOutcome OrderRepository::cancel(qint64 orderId, const QString &shownStatus,
                                     std::optional<qint64> shownDriver, ClaimSource source,
                                     const QString &actor, const QString &reason)
{
    const qint64 driverId = shownDriver.value_or(0);
    if (orderId <= 0 || (shownDriver && *shownDriver <= 0) || shownStatus.isEmpty())
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("Say which order, as the board shows it."));
    if (const auto problem = reasonProblem(reason, true))
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId, *problem);
    return releaseWith(
        QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                       " order_status FROM cancel_order(?, ?, ?, ?, ?, ?)"),
        { orderId, shownStatus,
          shownDriver ? QVariant(*shownDriver) : QVariant(QMetaType::fromType<qlonglong>()),
          claimSourceName(source), actor, reason.trimmed() },
        orderId, driverId);
}

DriverShift OrderRepository::setShift(qint64 driverId, bool onShift, const QString &actor)
{
    if (driverId <= 0) {
        DriverShift shift;
        shift.outcome = refusal(OutcomeCode::InvalidRequest, 0, driverId,
                                Text::tr("A driver number must be a positive whole number."));
        return shift;
    }
    return shiftWith(QStringLiteral("SELECT outcome, on_shift, shift_changed_at, active_orders,"
                                    " max_concurrent_orders FROM set_driver_shift(?, ?, ?)"),
                     { driverId, onShift, actor }, driverId);
}

DriverShift OrderRepository::setShiftAsTokenHolder(qint64 driverId, const QByteArray &tokenHash,
                                                   bool onShift)
{
    return shiftWith(QStringLiteral("SELECT outcome, on_shift, shift_changed_at, active_orders,"
                                    " max_concurrent_orders FROM driver_set_shift(?, ?)"),
                     { tokenHash, onShift }, driverId);
}

DriverShift OrderRepository::shiftWith(const QString &sql, const QVariantList &values,
                                       qint64 driverId)
{
    DriverShift shift;
    QSqlQuery *query = run(sql, values, 0, driverId, &shift.outcome);
    if (!query)
        return shift;
    shift.outcome = ClaimOutcome::fromCodeName(query->value(0).toString());
    shift.outcome.driverId = driverId;
    shift.onShift = query->value(1).toBool();
    shift.since = TextInput::utc(query->value(2));
    shift.activeOrders = query->value(3).toInt();
    if (!query->value(4).isNull())
        shift.capacity = query->value(4).toInt();
    query->finish();
    return shift;
}

ClaimOutcome OrderRepository::setCapacity(qint64 driverId, int maxConcurrentOrders)
{
    if (driverId <= 0 || maxConcurrentOrders < 1 || maxConcurrentOrders > 1000)
        return refusal(OutcomeCode::InvalidRequest, 0, driverId,
                       Text::tr("A capacity is 1 to 1000 orders at once."));
    ClaimOutcome outcome;
    QSqlQuery *query = run(QStringLiteral("SELECT outcome FROM set_driver_capacity(?, ?)"),
                           { driverId, maxConcurrentOrders }, 0, driverId, &outcome);
    if (query) {
        outcome = ClaimOutcome::fromCodeName(query->value(0).toString());
        outcome.driverId = driverId;
        query->finish();
    }
    return outcome;
}

#include "orderrepository.h"

#include "databaseconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QThread>
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
{ }

OrderRepository::~OrderRepository() = default;

void OrderRepository::forgetSession()
{
    // Prepared statements belong to a server session: after a reconnect, prepare again.
    m_claim.reset();
    m_release.reset();
    m_hold.reset();
    m_unhold.reset();
    m_reassign.reset();
    m_session = {};
    m_answered.clear();
}

QString OrderRepository::attemptKey(qint64 orderId, qint64 driverId, ClaimSource source,
                                    const QString &actor)
{
    return QStringLiteral("%1/%2/%3/").arg(orderId).arg(driverId).arg(claimSourceName(source))
        + actor;
}

bool OrderRepository::ensureSession(qint64 orderId, qint64 driverId, ClaimOutcome *failure)
{
    if (!m_connection.database().isOpen()) {
        forgetSession();
        if (const QSqlError error = m_connection.open(); error.isValid()) {
            *failure = refusal(OutcomeCode::DatabaseUnavailable, orderId, driverId,
                               DatabaseConnection::describe(error));
            return false;
        }
    }
    if (m_session.pid != 0)
        return true;
    // Once per server session, before its first claim: who we are on the server, from when.
    QSqlQuery query(m_connection.database());
    if (!query.exec(QStringLiteral("SELECT pg_backend_pid(), statement_timestamp()::text"))
        || !query.next()) {
        const QSqlError error = query.lastError();
        *failure = refusal(OutcomeCode::DatabaseUnavailable, orderId, driverId,
                           DatabaseConnection::describe(error));
        if (DatabaseConnection::isConnectionLoss(error)) {
            forgetSession();
            m_connection.close(); // nothing was sent: reconnect on the next call
        }
        return false;
    }
    m_session.pid = query.value(0).toLongLong();
    m_session.start = query.value(1).toString();
    return true;
}

std::optional<ClaimOutcome> OrderRepository::settle(const Session &lost, int answered,
                                                    qint64 orderId, qint64 driverId,
                                                    ClaimSource source, const QString &actor)
{
    ClaimOutcome unknown = refusal(OutcomeCode::ResultUnknown, orderId, driverId, {});
    if (lost.pid == 0)
        return unknown; // cannot happen: a claim is only sent on a known session

    // A new connection, for a bounded time (the server may be restarting); if that one is
    // lost too while reading, start over on another.
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        forgetSession();
        if (const QSqlError error = m_connection.open(); !error.isValid()) {
            QSqlError lostAgain;
            std::optional<ClaimOutcome> answer
                = settleOn(lost, answered, orderId, driverId, source, actor, &lostAgain);
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

std::optional<ClaimOutcome> OrderRepository::settleOn(const Session &lost, int answered,
                                                      qint64 orderId, qint64 driverId,
                                                      ClaimSource source, const QString &actor,
                                                      QSqlError *lostAgain)
{
    ClaimOutcome unknown = refusal(OutcomeCode::ResultUnknown, orderId, driverId, {});
    QSqlDatabase db = m_connection.database();
    auto failed = [&](const QSqlError &error) -> std::optional<ClaimOutcome> {
        // No SQLSTATE (even no error: a connection that died while opening) is a lost
        // connection too: try again on another.
        if (DatabaseConnection::isConnectionLoss(error) || error.nativeErrorCode().isEmpty())
            *lostAgain = QSqlError(error.driverText(), error.databaseText(),
                                   QSqlError::ConnectionError, error.nativeErrorCode());
        unknown.detail = DatabaseConnection::describe(error);
        return unknown;
    };

    // The old session must be gone, or a claim still running there could commit after we
    // looked. A pid is unique among live sessions; one that started after ours is not it.
    QElapsedTimer gone;
    gone.start();
    bool terminated = false;
    for (;;) {
        QSqlQuery alive(db);
        alive.prepare(QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                                     " WHERE pid = ? AND backend_start <= CAST(? AS timestamptz)"));
        alive.addBindValue(lost.pid);
        alive.addBindValue(lost.start);
        if (!alive.exec() || !alive.next())
            return failed(alive.lastError());
        if (alive.value(0).toLongLong() == 0)
            break;
        if (gone.elapsed() > 2000 && !terminated) {
            QSqlQuery kill(db);
            kill.prepare(QStringLiteral("SELECT pg_terminate_backend(?)"));
            kill.addBindValue(lost.pid);
            kill.exec();
            terminated = true;
        } else if (gone.elapsed() > 5000) {
            unknown.detail = Text::tr("the old server session did not end");
            return unknown;
        }
        QThread::msleep(50);
    }

    // The lost session's rows for this claim. Every claim it answered left one; one more is
    // the lost claim, committed.
    QSqlQuery rows(db);
    rows.prepare(QStringLiteral(
        "SELECT count(*), (array_agg(a.outcome ORDER BY a.id DESC))[1],"
        "       (array_agg(a.holder_id ORDER BY a.id DESC))[1],"
        "       (SELECT o.status FROM orders o WHERE o.id = ?),"
        "       (SELECT o.assigned_at FROM orders o WHERE o.id = ? AND o.driver_id = ?)"
        "  FROM claim_attempts a"
        " WHERE a.order_id = ? AND a.driver_id = ? AND a.source = ? AND a.actor = ?"
        "   AND a.attempted_at >= CAST(? AS timestamptz)"));
    for (const QVariant &value :
         { QVariant(orderId), QVariant(orderId), QVariant(driverId), QVariant(orderId),
           QVariant(driverId), QVariant(claimSourceName(source)), QVariant(actor),
           QVariant(lost.start) }) {
        rows.addBindValue(value);
    }
    if (!rows.exec() || !rows.next()) {
        if (rows.lastError().nativeErrorCode() == QLatin1String("42501"))
            return settleFromOrder(lost, orderId, driverId, lostAgain);
        return failed(rows.lastError());
    }
    const int recorded = rows.value(0).toInt();
    if (recorded == answered)
        return std::nullopt; // never committed, and its session is gone: safe to send again
    if (recorded != answered + 1) {
        unknown.detail = Text::tr("another session claimed as the same driver meanwhile");
        return unknown;
    }
    ClaimOutcome settled = ClaimOutcome::fromCodeName(rows.value(1).toString());
    settled.orderId = orderId;
    settled.driverId = driverId;
    settled.orderStatus = rows.value(3).toString();
    if (settled.code == OutcomeCode::Assigned) {
        settled.holderId = driverId;
        settled.since = utc(rows.value(4));
    } else if (!rows.value(2).isNull()) {
        settled.holderId = rows.value(2).toLongLong();
    }
    settled.detail = Text::tr("settled by re-reading after the answer was lost");
    return settled;
}

std::optional<ClaimOutcome> OrderRepository::settleFromOrder(const Session &lost, qint64 orderId,
                                                             qint64 driverId, QSqlError *lostAgain)
{
    // A login that may not read claim_attempts (dispatch_driver) settles on the order row:
    // assigned to this driver since the lost session began is the win; anything else means
    // the lost claim changed nothing, so sending it again is safe.
    QSqlQuery order(m_connection.database());
    order.prepare(QStringLiteral("SELECT status, assigned_at FROM orders WHERE id = ?"
                                 " AND driver_id = ? AND assigned_at >= CAST(? AS timestamptz)"));
    order.addBindValue(orderId);
    order.addBindValue(driverId);
    order.addBindValue(lost.start);
    if (!order.exec()) {
        if (DatabaseConnection::isConnectionLoss(order.lastError()))
            *lostAgain = order.lastError();
        ClaimOutcome unknown = refusal(OutcomeCode::ResultUnknown, orderId, driverId,
                                       DatabaseConnection::describe(order.lastError()));
        return unknown;
    }
    if (!order.next())
        return std::nullopt;
    ClaimOutcome settled;
    settled.code = OutcomeCode::Assigned;
    settled.orderId = orderId;
    settled.driverId = driverId;
    settled.holderId = driverId;
    settled.orderStatus = order.value(0).toString();
    settled.since = utc(order.value(1));
    settled.detail = Text::tr("settled by re-reading after the answer was lost");
    return settled;
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
    m_lostInFlight = false;
    // A serialization failure or deadlock (only under stricter isolation or odd lock
    // orders) changed nothing: run the same statement again, a bounded number of times.
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        for (const QVariant &value : values)
            query->addBindValue(value);
        if (query->exec() && query->next())
            return query;
        error = query->lastError();
        m_lostInFlight = DatabaseConnection::isConnectionLoss(error);
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
                       Text::tr("An order number must be a positive whole number."));
    if (driverId <= 0)
        return refusal(OutcomeCode::InvalidRequest, orderId, driverId,
                       Text::tr("A driver number must be a positive whole number."));

    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    const QString key = attemptKey(orderId, driverId, source, actor);
    // At most one lost answer settled and sent again; a second loss is reported unknown.
    for (int round = 0; round < 2; ++round) {
        if (!ensureSession(orderId, driverId, &outcome))
            break; // not sent: nothing changed
        const Session session = m_session;
        const int answered = m_answered.value(key);
        QSqlQuery *query = run(
            m_claim,
            QStringLiteral("SELECT outcome, holder_id, holder_name, since, order_status,"
                           " held_by, held_until, latency_us"
                           " FROM claim_order(?, ?, ?, ?)"),
            { orderId, driverId, claimSourceName(source), actor }, orderId, driverId, &outcome);
        if (query) {
            outcome = readCommonColumns(*query, orderId, driverId);
            outcome.heldBy = query->value(5).toString();
            outcome.heldUntil = utc(query->value(6));
            outcome.serverLatencyUs = query->value(7).toLongLong();
            query->finish();
            ++m_answered[key];
            break;
        }
        if (!m_lostInFlight)
            break; // the server answered with an error: nothing changed
        if (std::optional<ClaimOutcome> settled
            = settle(session, answered, orderId, driverId, source, actor)) {
            outcome = *settled;
            break;
        }
        // Proven not committed, twice: nothing changed.
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
    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *query = run(m_release,
                           QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
                                          " order_status FROM release_order(?, ?, ?, ?, ?)"),
                           { orderId, driverId, claimSourceName(source), actor,
                             reason.isEmpty() ? QVariant() : QVariant(reason) },
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
                       Text::tr("Order and driver numbers must be positive."));
    if (reason.trimmed().size() < 3)
        return refusal(OutcomeCode::InvalidRequest, orderId, toDriver,
                       Text::tr("Say why the order is reassigned (at least 3 characters)."));
    ClaimOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *query = run(m_reassign,
                           QStringLiteral("SELECT outcome, holder_id, holder_name, since,"
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
    QSqlQuery *query = run(m_hold,
                           QStringLiteral("SELECT outcome, held_by, held_until, order_status"
                                          " FROM hold_order(?, ?, ?)"),
                           { orderId, holder, seconds }, orderId, 0, &outcome);
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
    QSqlQuery *query = run(m_unhold, QStringLiteral("SELECT unhold_order(?, ?)"),
                           { orderId, holder }, orderId, 0, &failure);
    if (!query)
        return false;
    const bool released = query->value(0).toBool();
    query->finish();
    return released;
}

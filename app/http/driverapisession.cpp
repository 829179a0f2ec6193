#include "http/driverapisession.h"

#include "claims/drivertokens.h"
#include "claims/orderrepository.h"
#include "db/databaseconnection.h"
#include "db/statementcache.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

DriverApiSession::DriverApiSession(const ConnectionSettings &settings, const QString &purpose)
    : m_connection(std::make_unique<DatabaseConnection>(settings, purpose))
    , m_statements(std::make_unique<StatementCache>(*m_connection))
    , m_repository(std::make_unique<OrderRepository>(*m_connection))
{ }

DriverApiSession::~DriverApiSession()
{
    // Statements before the connection they were prepared on.
    m_repository.reset();
    m_statements.reset();
}

bool DriverApiSession::ensureOpen()
{
    if (m_connection->database().isOpen())
        return true;
    return !m_connection->open().isValid();
}

void DriverApiSession::forget(const QSqlError &error)
{
    if (DatabaseConnection::isConnectionLoss(error))
        m_connection->close();
}

QSqlQuery *DriverApiSession::exec(const char *sql, const QVariantList &values, QSqlError *error)
{
    const QString text = QString::fromLatin1(sql);
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlQuery *query = m_statements->prepared(text, error);
        if (!query) {
            forget(*error);
            return nullptr;
        }
        for (const QVariant &value : values)
            query->addBindValue(value);
        if (query->exec())
            return query;
        *error = query->lastError();
        query->finish();
        if (!StatementCache::isStaleStatement(*error))
            break;
        m_statements->clear(); // not run: prepare it again and send it once more
    }
    forget(*error);
    return nullptr;
}

DriverApiSession::Driver DriverApiSession::authenticate(QByteArrayView token)
{
    Driver driver;
    if (!ensureOpen())
        return driver;
    QSqlError error;
    // driver_for_token (DriverTokens::kLookupSql) that also records "last seen" (sql/015).
    QSqlQuery *query = exec("SELECT driver_id, is_active FROM driver_authenticate(?)",
                            { DriverTokens::hash(token) }, &error);
    if (!query)
        return driver;
    if (!query->next()) {
        driver.status = Driver::Status::UnknownToken;
    } else {
        driver.id = query->value(0).toLongLong();
        driver.tokenHash = DriverTokens::hash(token);
        driver.status
            = query->value(1).toBool() ? Driver::Status::Active : Driver::Status::Inactive;
    }
    query->finish();
    return driver;
}

ClaimOutcome DriverApiSession::claim(qint64 orderId, const Driver &driver)
{
    return m_repository->claimAsTokenHolder(orderId, driver.id, driver.tokenHash);
}

ClaimOutcome DriverApiSession::release(qint64 orderId, const Driver &driver)
{
    return m_repository->releaseAsTokenHolder(orderId, driver.id, driver.tokenHash,
                                              QStringLiteral("released by the driver app"));
}

ClaimOutcome DriverApiSession::advance(qint64 orderId, const Driver &driver, DeliveryStep step,
                                       const QString &reason)
{
    return m_repository->advanceAsTokenHolder(orderId, driver.id, driver.tokenHash, step, reason);
}

DriverShift DriverApiSession::setShift(const Driver &driver, bool onShift)
{
    return m_repository->setShiftAsTokenHolder(driver.id, driver.tokenHash, onShift);
}

DriverApiSession::StoredAnswer DriverApiSession::withIdempotencyKey(const Driver &driver,
                                                                    const QString &key,
                                                                    const QByteArray &requestHash,
                                                                    const Work &work,
                                                                    const Render &render)
{
    StoredAnswer answer;
    for (int tries = 0; tries < kKeyedUnitTries; ++tries) {
        answer = {};
        if (keyedUnit(driver, key, requestHash, work, render, &answer) == Try::Answered)
            return answer;
    }
    return answer; // Unavailable: no try committed anything
}

DriverApiSession::Try DriverApiSession::keyedUnit(const Driver &driver, const QString &key,
                                                  const QByteArray &requestHash, const Work &work,
                                                  const Render &render, StoredAnswer *answer)
{
    if (!ensureOpen())
        return Try::Answered; // the server is not there: nothing to try again on
    QSqlDatabase db = m_connection->database();
    // A failed step: roll back (the server already did, if the connection is gone) and say
    // whether another try on a fresh session could succeed.
    const auto failed = [&](const QSqlError &error, bool retryable) {
        QSqlQuery rollback(db);
        if (db.isOpen())
            rollback.exec(QStringLiteral("ROLLBACK"));
        forget(error);
        retryable = retryable || DatabaseConnection::isConnectionLoss(error)
            || classifySqlState(error.nativeErrorCode()).retry;
        return retryable ? Try::Again : Try::Answered;
    };

    // READ COMMITTED whatever the server's default: under REPEATABLE READ the lookup's
    // snapshot would predate the advisory lock it waits for, and miss the answer stored by
    // the request it waited on.
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN ISOLATION LEVEL READ COMMITTED")))
        return failed(begin.lastError(), false);

    QSqlError error;
    QSqlQuery *lookup = exec("SELECT request_hash, response_status, response_body::text"
                             " FROM driver_idempotency_begin(?, ?)",
                             { driver.tokenHash, key }, &error);
    if (!lookup)
        return failed(error, false);
    if (lookup->next()) {
        const QByteArray storedHash = lookup->value(0).toByteArray();
        answer->status = lookup->value(1).toInt();
        answer->body = QJsonDocument::fromJson(lookup->value(2).toString().toUtf8()).object();
        lookup->finish();
        if (!db.commit())
            return failed(db.lastError(), false);
        answer->kind = storedHash == requestHash ? StoredAnswer::Kind::Replayed
                                                 : StoredAnswer::Kind::KeyReused;
        return Try::Answered;
    }
    lookup->finish();

    const ClaimOutcome outcome = work(*this);
    if (outcome.retryable)
        return failed({}, true); // serialization failure or deadlock: the unit again
    if (outcome.code == OutcomeCode::DatabaseUnavailable) {
        // The transaction is gone with its connection (claim() does not settle inside it):
        // try again on a fresh one. Or the server refused: answer that. Either way nothing
        // of this try was committed.
        return failed({}, !db.isOpen());
    }
    const auto [status, body] = render(outcome);
    if (status >= 500) {
        // Never stored: a 5xx says "we do not know", and the key must be able to learn.
        failed({}, false);
        answer->kind = StoredAnswer::Kind::Fresh;
        answer->status = status;
        answer->body = body;
        answer->outcome = outcome;
        return Try::Answered;
    }
    QSqlQuery *store
        = exec("SELECT driver_idempotency_store(?, ?, ?, ?, ?::jsonb)",
               { driver.tokenHash, key, requestHash, status,
                 QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact)) },
               &error);
    if (!store)
        return failed(error, false);
    store->finish();
    if (!db.commit()) {
        // A COMMIT whose answer was lost may have committed: the next try's lookup (under
        // the same advisory lock) finds the stored answer if so, and otherwise does the
        // work again, since then nothing of this try was kept.
        return failed(db.lastError(), false);
    }
    answer->kind = StoredAnswer::Kind::Fresh;
    answer->status = status;
    answer->body = body;
    answer->outcome = outcome;
    return Try::Answered;
}

std::optional<QJsonArray> DriverApiSession::availableOrders(int limit, qint64 *ready)
{
    if (!ensureOpen())
        return std::nullopt;
    // Served by idx_orders_available_for_driver (sql/003). Expired holds count as no hold,
    // exactly as in claim_order().
    QSqlError error;
    QSqlQuery *query = exec("SELECT id, customer, pickup, dropoff, total::text, ready_at,"
                            "       count(*) OVER () FROM orders"
                            " WHERE status = 'ready' AND driver_id IS NULL AND is_active"
                            "   AND (reserved_until IS NULL OR reserved_until <= now())"
                            " ORDER BY ready_at NULLS LAST, id LIMIT ?",
                            { limit }, &error);
    if (!query)
        return std::nullopt;
    QJsonArray orders;
    *ready = 0; // no row: none ready
    while (query->next()) {
        *ready = query->value(6).toLongLong(); // the window runs before LIMIT: all of them
        QJsonObject order;
        order.insert(QStringLiteral("order_id"), query->value(0).toLongLong());
        order.insert(QStringLiteral("customer"), query->value(1).toString());
        order.insert(QStringLiteral("pickup"), query->value(2).toString());
        order.insert(QStringLiteral("dropoff"), query->value(3).toString());
        order.insert(QStringLiteral("total"), query->value(4).toString());
        const QVariant readyAt = query->value(5);
        order.insert(QStringLiteral("ready_at"),
                     readyAt.isNull()
                         ? QJsonValue()
                         : QJsonValue(readyAt.toDateTime().toUTC().toString(Qt::ISODateWithMs)));
        orders.append(order);
    }
    query->finish();
    return orders;
}

std::optional<QJsonArray> DriverApiSession::myOrders(const Driver &driver)
{
    if (!ensureOpen())
        return std::nullopt;
    QSqlError error;
    QSqlQuery *query
        = exec("SELECT order_id, status, customer, pickup, dropoff, total::text, assigned_at,"
               " status_changed_at, promised_at, customer_phone, notes, items::text"
               " FROM driver_my_orders(?)",
               { driver.tokenHash }, &error);
    if (!query)
        return std::nullopt;
    const auto iso = [](const QVariant &time) {
        return time.isNull() ? QJsonValue()
                             : QJsonValue(time.toDateTime().toUTC().toString(Qt::ISODateWithMs));
    };
    const auto text = [](const QVariant &value) {
        return value.isNull() ? QJsonValue() : QJsonValue(value.toString());
    };
    QJsonArray orders;
    while (query->next()) {
        QJsonObject order;
        order.insert(QStringLiteral("order_id"), query->value(0).toLongLong());
        order.insert(QStringLiteral("status"), query->value(1).toString());
        order.insert(QStringLiteral("customer"), query->value(2).toString());
        order.insert(QStringLiteral("pickup"), query->value(3).toString());
        order.insert(QStringLiteral("dropoff"), query->value(4).toString());
        order.insert(QStringLiteral("total"), query->value(5).toString());
        order.insert(QStringLiteral("assigned_at"), iso(query->value(6)));
        order.insert(QStringLiteral("status_since"), iso(query->value(7)));
        order.insert(QStringLiteral("promised_at"), iso(query->value(8)));
        order.insert(QStringLiteral("customer_phone"), text(query->value(9)));
        order.insert(QStringLiteral("notes"), text(query->value(10)));
        order.insert(QStringLiteral("items"),
                     QJsonDocument::fromJson(query->value(11).toString().toUtf8()).array());
        orders.append(order);
    }
    query->finish();
    return orders;
}

bool DriverApiSession::ping()
{
    // Through the same statement cache as every driver route: healthy means this worker
    // can serve them, not merely that some query gets through.
    if (!ensureOpen())
        return false;
    QSqlError error;
    QSqlQuery *query = exec("SELECT 1", {}, &error);
    if (!query)
        return false;
    const bool answered = query->next();
    query->finish();
    return answered;
}

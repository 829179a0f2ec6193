#include "driverapisession.h"

#include "databaseconnection.h"
#include "drivertokens.h"
#include "orderrepository.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {

QString actorFor(qint64 driverId)
{
    return QStringLiteral("driver:%1").arg(driverId);
}

} // namespace

DriverApiSession::DriverApiSession(const ConnectionSettings &settings, const QString &purpose)
    : m_connection(std::make_unique<DatabaseConnection>(settings, purpose))
{ }

DriverApiSession::~DriverApiSession()
{
    // Statements before the connection they were prepared on.
    m_lookup.reset();
    m_available.reset();
    m_idemBegin.reset();
    m_idemStore.reset();
    m_repository.reset();
}

bool DriverApiSession::ensureOpen()
{
    if (m_connection->database().isOpen() && m_repository)
        return true;
    // A fresh session: prepared statements and the repository belong to the old one.
    m_lookup.reset();
    m_available.reset();
    m_idemBegin.reset();
    m_idemStore.reset();
    m_repository.reset();
    if (m_connection->open().isValid())
        return false;
    m_repository = std::make_unique<OrderRepository>(*m_connection);
    return true;
}

void DriverApiSession::forget(const QSqlError &error)
{
    if (!DatabaseConnection::isConnectionLoss(error))
        return;
    m_lookup.reset();
    m_available.reset();
    m_idemBegin.reset();
    m_idemStore.reset();
    m_repository.reset();
    m_connection->close();
}

QSqlQuery *DriverApiSession::prepared(std::unique_ptr<QSqlQuery> &slot, const char *sql)
{
    if (!slot) {
        auto query = std::make_unique<QSqlQuery>(m_connection->database());
        if (!query->prepare(QString::fromLatin1(sql))) {
            forget(query->lastError());
            return nullptr;
        }
        slot = std::move(query);
    }
    return slot.get();
}

DriverApiSession::Driver DriverApiSession::authenticate(QByteArrayView token)
{
    Driver driver;
    if (!ensureOpen())
        return driver;
    QSqlQuery *query = prepared(m_lookup, DriverTokens::kLookupSql);
    if (!query)
        return driver;
    query->addBindValue(DriverTokens::hash(token));
    if (!query->exec()) {
        forget(query->lastError());
        return driver;
    }
    if (!query->next()) {
        driver.status = Driver::Status::UnknownToken;
    } else {
        driver.id = query->value(0).toLongLong();
        driver.status
            = query->value(1).toBool() ? Driver::Status::Active : Driver::Status::Inactive;
    }
    query->finish();
    return driver;
}

ClaimOutcome DriverApiSession::claim(qint64 orderId, qint64 driverId)
{
    if (!ensureOpen()) {
        ClaimOutcome outcome;
        outcome.orderId = orderId;
        outcome.driverId = driverId;
        return outcome; // DatabaseUnavailable
    }
    ClaimOutcome outcome
        = m_repository->claim(orderId, driverId, ClaimSource::Http, actorFor(driverId));
    if (!m_connection->database().isOpen())
        m_repository.reset(); // it lost the connection: rebuild everything next time
    return outcome;
}

ClaimOutcome DriverApiSession::release(qint64 orderId, qint64 driverId)
{
    if (!ensureOpen()) {
        ClaimOutcome outcome;
        outcome.orderId = orderId;
        outcome.driverId = driverId;
        return outcome;
    }
    ClaimOutcome outcome
        = m_repository->release(orderId, driverId, ClaimSource::Http, actorFor(driverId),
                                QStringLiteral("released by the driver app"));
    if (!m_connection->database().isOpen())
        m_repository.reset();
    return outcome;
}

DriverApiSession::StoredAnswer DriverApiSession::withIdempotencyKey(qint64 driverId,
                                                                    const QString &key,
                                                                    const QByteArray &requestHash,
                                                                    const Work &work,
                                                                    const Render &render)
{
    StoredAnswer answer;
    if (!ensureOpen())
        return answer;
    QSqlDatabase db = m_connection->database();
    if (!db.transaction()) {
        forget(db.lastError());
        return answer;
    }
    const auto rollback = [&](const QSqlError &error) {
        db.rollback();
        forget(error);
        return StoredAnswer {};
    };

    QSqlQuery *begin = prepared(m_idemBegin,
                                "SELECT request_hash, response_status, response_body::text"
                                " FROM http_idempotency_begin(?, ?)");
    if (!begin)
        return rollback(db.lastError());
    begin->addBindValue(driverId);
    begin->addBindValue(key);
    if (!begin->exec())
        return rollback(begin->lastError());
    if (begin->next()) {
        const QByteArray storedHash = begin->value(0).toByteArray();
        answer.status = begin->value(1).toInt();
        answer.body = QJsonDocument::fromJson(begin->value(2).toString().toUtf8()).object();
        begin->finish();
        if (!db.commit())
            return rollback(db.lastError());
        answer.kind = storedHash == requestHash ? StoredAnswer::Kind::Replayed
                                                : StoredAnswer::Kind::KeyReused;
        return answer;
    }
    begin->finish();

    const ClaimOutcome outcome = work(*this);
    if (outcome.code == OutcomeCode::DatabaseUnavailable) {
        db.rollback();
        forget(QSqlError(QString(), QString(), QSqlError::ConnectionError));
        return answer;
    }
    const auto [status, body] = render(outcome);
    QSqlQuery *store = prepared(m_idemStore, "SELECT http_idempotency_store(?, ?, ?, ?, ?::jsonb)");
    if (!store)
        return rollback(db.lastError());
    store->addBindValue(driverId);
    store->addBindValue(key);
    store->addBindValue(requestHash);
    store->addBindValue(status);
    store->addBindValue(QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact)));
    if (!store->exec())
        return rollback(store->lastError());
    store->finish();
    if (!db.commit())
        return rollback(db.lastError());
    answer.kind = StoredAnswer::Kind::Fresh;
    answer.status = status;
    answer.body = body;
    answer.outcome = outcome;
    return answer;
}

std::optional<QJsonArray> DriverApiSession::availableOrders(int limit)
{
    if (!ensureOpen())
        return std::nullopt;
    // Served by idx_orders_available_for_driver (sql/003). Expired holds count as no hold,
    // exactly as in claim_order().
    QSqlQuery *query
        = prepared(m_available,
                   "SELECT id, customer, pickup, dropoff, total::text, ready_at FROM orders"
                   " WHERE status = 'ready' AND driver_id IS NULL AND is_active"
                   "   AND (reserved_until IS NULL OR reserved_until <= now())"
                   " ORDER BY ready_at NULLS LAST, id LIMIT ?");
    if (!query)
        return std::nullopt;
    query->addBindValue(limit);
    if (!query->exec()) {
        forget(query->lastError());
        return std::nullopt;
    }
    QJsonArray orders;
    while (query->next()) {
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

bool DriverApiSession::ping()
{
    if (!ensureOpen())
        return false;
    QSqlQuery query(m_connection->database());
    if (!query.exec(QStringLiteral("SELECT 1")) || !query.next()) {
        const QSqlError error = query.lastError();
        query.finish();
        forget(error);
        return false;
    }
    return true;
}

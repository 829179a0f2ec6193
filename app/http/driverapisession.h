#pragma once

#include "claimoutcome.h"
#include "connectionsettings.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <memory>

class DatabaseConnection;
class OrderRepository;
class QSqlError;
class QSqlQuery;

// One HTTP worker thread's view of the database: its own connection, its own
// OrderRepository (the one claim path) and its own prepared statements. Created, used and
// destroyed on that worker thread only.
//
// A lost connection is reported (Unavailable / DatabaseUnavailable) and the whole session —
// connection, repository, prepared statements — is rebuilt on the next request.
class DriverApiSession
{
public:
    DriverApiSession(const ConnectionSettings &settings, const QString &purpose);
    ~DriverApiSession();
    DriverApiSession(const DriverApiSession &) = delete;
    DriverApiSession &operator=(const DriverApiSession &) = delete;

    struct Driver
    {
        enum class Status { Active, Inactive, UnknownToken, Unavailable };
        Status status = Status::Unavailable;
        qint64 id = 0;
    };
    // The driver a bearer token belongs to (looked up by the token's SHA-256).
    Driver authenticate(QByteArrayView token);

    // OrderRepository::claim / release with source http and actor "driver:<id>".
    ClaimOutcome claim(qint64 orderId, qint64 driverId);
    ClaimOutcome release(qint64 orderId, qint64 driverId);

    // A stored or fresh answer for an Idempotency-Key request.
    struct StoredAnswer
    {
        enum class Kind { Fresh, Replayed, KeyReused, Unavailable };
        Kind kind = Kind::Unavailable;
        int status = 503;
        QJsonObject body;
        std::optional<ClaimOutcome> outcome; // Fresh only
    };
    // In one transaction: look the key up; if unseen, run work (which claims or releases on
    // this session) and store its answer with it, then commit. The answer is returned only
    // after the commit succeeded.
    using Work = std::function<ClaimOutcome(DriverApiSession &)>;
    using Render = std::function<std::pair<int, QJsonObject>(const ClaimOutcome &)>;
    StoredAnswer withIdempotencyKey(qint64 driverId, const QString &key,
                                    const QByteArray &requestHash, const Work &work,
                                    const Render &render);

    // Ready, unheld, active, unassigned orders, oldest first; nullopt when unavailable.
    std::optional<QJsonArray> availableOrders(int limit);
    bool ping();

private:
    bool ensureOpen();
    void forget(const QSqlError &error);
    QSqlQuery *prepared(std::unique_ptr<QSqlQuery> &slot, const char *sql);

    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<OrderRepository> m_repository;
    std::unique_ptr<QSqlQuery> m_lookup;
    std::unique_ptr<QSqlQuery> m_available;
    std::unique_ptr<QSqlQuery> m_idemBegin;
    std::unique_ptr<QSqlQuery> m_idemStore;
};

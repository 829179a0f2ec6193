#pragma once

#include "claims/orderrepository.h"
#include "core/claimoutcome.h"
#include "db/connectionsettings.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QVariantList>
#include <functional>
#include <memory>

class DatabaseConnection;
class OrderRepository;
class StatementCache;
class QSqlError;
class QSqlQuery;

// One HTTP worker thread's view of the database: its own connection, its own
// OrderRepository (the one claim path) and its own prepared statements. Created, used and
// destroyed on that worker thread only.
//
// A lost connection is reported (Unavailable / DatabaseUnavailable) and the connection opened
// again on the next request. Every prepared statement here and in the repository lives in a
// StatementCache, which drops them as soon as the connection has been opened again by
// anyone (a settle reconnects the same connection), so no statement of a dead server
// session is ever executed; SQLSTATE 26000 also means "prepare again".
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
        QByteArray tokenHash; // what the server knows the driver by (sql/013)
    };
    // The driver a bearer token belongs to (looked up by the token's SHA-256). Also notes
    // that the driver was seen (driver_last_seen, to within 15 s: sql/015).
    Driver authenticate(QByteArrayView token);

    // OrderRepository::claimAsTokenHolder / releaseAsTokenHolder: the server derives the
    // driver (and source http, actor "driver:<id>") from the token's hash, so this login
    // can act as no other driver.
    ClaimOutcome claim(qint64 orderId, const Driver &driver);
    ClaimOutcome release(qint64 orderId, const Driver &driver);
    // OrderRepository::advanceAsTokenHolder / setShiftAsTokenHolder, likewise by token hash.
    ClaimOutcome advance(qint64 orderId, const Driver &driver, DeliveryStep step,
                         const QString &reason);
    DriverShift setShift(const Driver &driver, bool onShift);

    // A stored or fresh answer for an Idempotency-Key request.
    struct StoredAnswer
    {
        enum class Kind { Fresh, Replayed, KeyReused, Unavailable };
        Kind kind = Kind::Unavailable;
        int status = 503;
        QJsonObject body;
        std::optional<ClaimOutcome> outcome; // Fresh only
    };
    // In one READ COMMITTED transaction: look the key up; if unseen, run work (which claims
    // or releases on this session) and store its answer with it, then commit. The answer is
    // returned only after the commit succeeded. The whole unit runs again (at most
    // kKeyedUnitTries times) when its connection was lost or the server asked for a retry
    // (40001, 40P01): nothing of a failed try was committed — except after a COMMIT whose
    // answer was lost, where the next try's lookup finds the stored answer if it did commit.
    // An answer of 500 or more is never stored: the key must be able to learn the truth.
    using Work = std::function<ClaimOutcome(DriverApiSession &)>;
    using Render = std::function<std::pair<int, QJsonObject>(const ClaimOutcome &)>;
    StoredAnswer withIdempotencyKey(const Driver &driver, const QString &key,
                                    const QByteArray &requestHash, const Work &work,
                                    const Render &render);

    // Ready, unheld, active, unassigned orders, oldest first, at most `limit`; *ready says
    // how many there are in all. nullopt when unavailable.
    std::optional<QJsonArray> availableOrders(int limit, qint64 *ready);
    // The driver's orders in delivery (driver_assigned, picked_up, in_transit), with what is
    // needed at the door (phone, notes, items); nullopt when unavailable.
    std::optional<QJsonArray> myOrders(const Driver &driver);
    bool ping();

    static constexpr int kKeyedUnitTries = 3;

private:
    // How one try of the keyed unit ended: with an answer, or asking to be run again.
    enum class Try { Answered, Again };
    Try keyedUnit(const Driver &driver, const QString &key, const QByteArray &requestHash,
                  const Work &work, const Render &render, StoredAnswer *answer);
    bool ensureOpen();
    // After a failed statement: a lost connection is closed (opened again next time).
    void forget(const QSqlError &error);
    // Runs a prepared statement (prepared again once on 26000); false with *error on failure.
    QSqlQuery *exec(const char *sql, const QVariantList &values, QSqlError *error);

    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<StatementCache> m_statements;
    std::unique_ptr<OrderRepository> m_repository;
};

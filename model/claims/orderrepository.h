#pragma once

#include "core/claimoutcome.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <memory>
#include <optional>

class DatabaseConnection;
class StatementCache;

// One step of an order's delivery after the claim (sql/015's advance_order).
enum class DeliveryStep {
    PickUp, // driver_assigned → picked_up
    StartTransit, // picked_up → in_transit
    Deliver, // picked_up or in_transit → delivered
    Fail, // driver_assigned, picked_up or in_transit → failed; needs a reason
};
QString deliveryStepName(DeliveryStep step); // "pickup", "transit", "deliver", "fail"

// A driver's shift after set_driver_shift (sql/015): outcome SHIFT_STARTED / SHIFT_ENDED or
// a refusal (DRIVER_NOT_FOUND, DRIVER_INACTIVE, …).
struct DriverShift
{
    ClaimOutcome outcome;
    bool onShift = false;
    QDateTime since; // when the shift last changed (invalid: never)
    int activeOrders = 0;
    std::optional<int> capacity; // nullopt: no limit
};

// The one claim path. The GUI's claim worker, each simulated driver and each HTTP worker
// own an OrderRepository on their own connection, on their own thread.
//
// claim() is one round trip: claim_order() (sql/004) runs the atomic
//   UPDATE orders … WHERE id = $1 AND status = 'ready' AND driver_id IS NULL AND is_active
//   RETURNING …
// and only when that matched no row, one SELECT that says why; the attempt is recorded in
// the same transaction. The answer is read only after the server committed (autocommit,
// no single-row mode), so a reported win is a committed win.
//
// Every claim call carries an attempt id (a UUID made here), stored with its claim_attempts
// row (sql/011). A claim whose answer is lost (the connection died after it was sent:
// server restart, killed backend, cut network) is settled before claim() returns:
// reconnect (for up to kSettleReconnectMs), then claim_attempt_settle (sql/022): it waits
// until no transaction of that attempt is running (each claim holds an advisory lock named
// by its attempt id to its end; one still running after 2 s is ended), then reads exactly
// that attempt's row. Found: its outcome, committed (ASSIGNED only while the order is still
// this driver's; otherwise RESULT_UNKNOWN). Absent: the claim never committed, and the
// settle fenced its id (a copy still on its way, in a pooler's or the old session's buffer,
// fails on the unique id), so it never will; it is sent once more as a new attempt, and a
// second lost answer is settled the same way. No backend pid is consulted, so a
// transaction pooler (PgBouncer) between us and the server changes nothing. No counting of
// answers, no clock, no other session's rows. DATABASE_UNAVAILABLE always means nothing was
// changed.
//
// Inside a caller's transaction (the HTTP API's Idempotency-Key unit) a lost answer means
// the server rolled that transaction back: claim() then reports DATABASE_UNAVAILABLE and
// neither settles nor resends, since a resend would commit outside the caller's unit; the
// caller runs its whole unit again. For the same reason a serialization failure or
// deadlock is retried here only in autocommit, and otherwise reported with retryable set.
class OrderRepository
{
public:
    explicit OrderRepository(DatabaseConnection &connection);
    ~OrderRepository();
    OrderRepository(const OrderRepository &) = delete;
    OrderRepository &operator=(const OrderRepository &) = delete;

    // actor: who is acting, for holds and the history ("console:alice", "driver:7").
    ClaimOutcome claim(qint64 orderId, qint64 driverId, ClaimSource source,
                       const QString &actor = {});
    // As claim() and release(), for the driver whose API token has this SHA-256 (the HTTP
    // API): the server finds the driver from the hash (sql/013), so a driver login cannot
    // claim or release as anyone else. driverId, from authenticating that same token, only
    // labels the outcome. Settled after a lost answer exactly like claim().
    ClaimOutcome claimAsTokenHolder(qint64 orderId, qint64 driverId, const QByteArray &tokenHash);
    ClaimOutcome releaseAsTokenHolder(qint64 orderId, qint64 driverId, const QByteArray &tokenHash,
                                      const QString &reason);
    // Undo an assignment: back to 'ready' only if driverId still holds it.
    ClaimOutcome release(qint64 orderId, qint64 driverId, ClaimSource source,
                         const QString &actor = {}, const QString &reason = {});
    // Move an assigned order from one driver to another, only if fromDriver still holds
    // it; reason (required) is kept in the history.
    ClaimOutcome reassign(qint64 orderId, qint64 fromDriver, qint64 toDriver, ClaimSource source,
                          const QString &actor, const QString &reason);
    // Hold a ready order for a while (the seed's reservation); holder identifies the
    // dispatcher. An expired hold is ignored by the claim.
    ClaimOutcome hold(qint64 orderId, const QString &holder, int seconds = 30);
    bool unhold(qint64 orderId, const QString &holder);

    // The delivery after the claim: one guarded UPDATE each (sql/015), only while driverId
    // holds the order and it is in the step's starting status; a miss says why
    // (ORDER_WRONG_STATUS with the current status, ORDER_NOT_HELD_BY_DRIVER with the holder,
    // …). A dispatcher passes the driver the board showed. Fail needs a reason (3 to 500
    // characters), kept on the order and in the history; other steps keep one if given.
    ClaimOutcome advance(qint64 orderId, qint64 driverId, DeliveryStep step, ClaimSource source,
                         const QString &actor, const QString &reason = {});
    // As advance(), for the driver whose API token has this SHA-256 (like claimAsTokenHolder).
    ClaimOutcome advanceAsTokenHolder(qint64 orderId, qint64 driverId, const QByteArray &tokenHash,
                                      DeliveryStep step, const QString &reason = {});
    // A dispatcher cancels an order not yet delivered, as the board showed it (status and
    // driver, none: nullopt); if it moved since, nothing changes. reason is required.
    ClaimOutcome cancel(qint64 orderId, const QString &shownStatus,
                        std::optional<qint64> shownDriver, ClaimSource source, const QString &actor,
                        const QString &reason);

    // On or off shift (by a dispatcher, or the driver app by token hash). Off shift stops new
    // claims and assignments (DRIVER_OFF_SHIFT); orders in hand stay.
    DriverShift setShift(qint64 driverId, bool onShift, const QString &actor);
    DriverShift setShiftAsTokenHolder(qint64 driverId, const QByteArray &tokenHash, bool onShift);
    // At most this many orders in delivery at once (1 to 1000); claims beyond are refused
    // DRIVER_AT_CAPACITY. Lowering it below the current load takes nothing away.
    ClaimOutcome setCapacity(qint64 driverId, int maxConcurrentOrders);

    static constexpr int kSettleReconnectMs = 10000;

private:
    // One claim call: sql takes the given values and then the attempt id; its result columns
    // are claim_order()'s.
    ClaimOutcome claimWith(const QString &sql, QVariantList values, qint64 orderId,
                           qint64 driverId);
    // A release-like call whose result columns are release_order()'s.
    ClaimOutcome releaseWith(const QString &sql, const QVariantList &values, qint64 orderId,
                             qint64 driverId);
    DriverShift shiftWith(const QString &sql, const QVariantList &values, qint64 driverId);
    // Opens the connection if it is closed; false with *failure set when it cannot be.
    bool ensureOpen(qint64 orderId, qint64 driverId, ClaimOutcome *failure);
    // After a lost answer: the settled outcome, or nothing when the claim never committed.
    std::optional<ClaimOutcome> settle(const QString &attemptId, qint64 orderId, qint64 driverId);
    // One try on the current connection; *lostAgain is set when that connection died too.
    std::optional<ClaimOutcome> settleOn(const QString &attemptId, qint64 orderId, qint64 driverId,
                                         QSqlError *lostAgain);
    // claim_attempt_settle's row as an outcome; nothing when there is no row.
    static std::optional<ClaimOutcome> readSettled(QSqlQuery &row, qint64 orderId, qint64 driverId);

    // Runs one of the functions in sql/ (a StatementCache statement), binding values in
    // order. On success the query is positioned on its one row; otherwise *failure says why.
    QSqlQuery *run(const QString &sql, const QVariantList &values, qint64 orderId, qint64 driverId,
                   ClaimOutcome *failure);
    void forgetSession();
    bool m_lostInFlight = false; // the last run() lost its connection after sending

    DatabaseConnection &m_connection;
    std::unique_ptr<StatementCache> m_statements;
};

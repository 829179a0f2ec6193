#pragma once

#include "claimoutcome.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <memory>
#include <optional>

class DatabaseConnection;

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
// A claim whose answer is lost (the connection died after it was sent: server restart,
// killed backend, cut network) is settled before claim() returns: reconnect (for up to
// kSettleReconnectMs), wait until the old server session is gone (terminating it if it
// lingers), then re-read this session's claim_attempts rows for the order. A row there is
// the answer (ASSIGNED only with that proof); no row means the claim never committed and
// never will, so it is sent once more on the new session (an idempotent retry). Only when
// that cannot be decided is the answer RESULT_UNKNOWN. DATABASE_UNAVAILABLE always means
// that nothing was changed.
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

    static constexpr int kSettleReconnectMs = 10000;

private:
    // The server session the claims run on: its backend pid and the server time of its
    // first statement (text, full precision), so that its claim_attempts rows can be told
    // from every other session's after a lost answer.
    struct Session
    {
        qint64 pid = 0;
        QString start;
    };
    bool ensureSession(qint64 orderId, qint64 driverId, ClaimOutcome *failure);
    // After a lost answer: the settled outcome, or nothing when the claim never committed.
    std::optional<ClaimOutcome> settle(const Session &lost, int answered, qint64 orderId,
                                       qint64 driverId, ClaimSource source, const QString &actor);
    // One try on the current connection; *lostAgain is set when that connection died too.
    std::optional<ClaimOutcome> settleOn(const Session &lost, int answered, qint64 orderId,
                                         qint64 driverId, ClaimSource source, const QString &actor,
                                         QSqlError *lostAgain);
    std::optional<ClaimOutcome> settleFromOrder(const Session &lost, qint64 orderId,
                                                qint64 driverId, QSqlError *lostAgain);
    static QString attemptKey(qint64 orderId, qint64 driverId, ClaimSource source,
                              const QString &actor);

    // Prepares (once per session) and runs one of the functions in sql/, binding values in
    // order. On success the query is positioned on its one row; otherwise *failure says why.
    QSqlQuery *run(std::unique_ptr<QSqlQuery> &slot, const QString &sql, const QVariantList &values,
                   qint64 orderId, qint64 driverId, ClaimOutcome *failure);
    void forgetSession();
    bool m_lostInFlight = false; // the last run() lost its connection after sending
    Session m_session;
    QHash<QString, int> m_answered; // claims answered on m_session, per attemptKey()

    DatabaseConnection &m_connection;
    std::unique_ptr<QSqlQuery> m_claim;
    std::unique_ptr<QSqlQuery> m_release;
    std::unique_ptr<QSqlQuery> m_hold;
    std::unique_ptr<QSqlQuery> m_unhold;
    std::unique_ptr<QSqlQuery> m_reassign;
};

#pragma once

#include "claimoutcome.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <memory>

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

private:
    // Prepares (once per session) and runs one of the functions in sql/, binding values in
    // order. On success the query is positioned on its one row; otherwise *failure says why.
    QSqlQuery *run(std::unique_ptr<QSqlQuery> &slot, const QString &sql, const QVariantList &values,
                   qint64 orderId, qint64 driverId, ClaimOutcome *failure);
    void forgetSession();

    DatabaseConnection &m_connection;
    std::unique_ptr<QSqlQuery> m_claim;
    std::unique_ptr<QSqlQuery> m_release;
    std::unique_ptr<QSqlQuery> m_hold;
    std::unique_ptr<QSqlQuery> m_unhold;
    std::unique_ptr<QSqlQuery> m_reassign;
};

#pragma once

#include "core/claimoutcome.h"
#include "db/statementcache.h"

#include <QSqlQuery>
#include <QString>
#include <memory>

class DatabaseConnection;

// TRAINING ONLY — THE OLD BUG. The seed's vulnerable claim, kept so a class can watch it
// fail:
//
//     SELECT status, driver_id FROM orders WHERE id = $1     -- read
//     (check in application code: ready and no driver?)       -- validate
//     UPDATE orders SET driver_id = $2, status = 'driver_assigned' WHERE id = $1   -- write
//
// Two drivers that both read "ready" both write; the second overwrites the first (the
// history shows driver A → B: a lost update) and both are told they won.
//
// It lives only in the simulation library and is used only by a SimulationLane whose run
// was configured with ClaimMethod::VulnerableTraining after the run confirmed the training
// flag (sql/007). The write is sql/018's training_vulnerable_write(), which a
// dispatch_trainer login may execute: it refuses (42501) on a database not marked for
// training and touches only practice orders and trainees, yet still overwrites another
// trainee's assignment (that is the demonstration). Neither the dispatcher board nor the
// HTTP API can reach it: they only know OrderRepository.
//
// Each attempt is recorded in claim_attempts like the atomic claim's (source
// 'simulation'), so the consistency check can compare attempts made and recorded; the
// history rows carry the reason "TRAINING ONLY: vulnerable SELECT-then-UPDATE".
// Lives on the thread of its connection.
class VulnerableClaim
{
public:
    // gapUs: the time the old code spent validating between its read and its write.
    VulnerableClaim(DatabaseConnection &connection, const QString &actor, int gapUs);
    ~VulnerableClaim();
    VulnerableClaim(const VulnerableClaim &) = delete;
    VulnerableClaim &operator=(const VulnerableClaim &) = delete;

    ClaimOutcome claim(qint64 orderId, qint64 driverId);
    // Prepares the statements ahead of the first claim; changes nothing.
    void warmUp();

private:
    bool prepare(ClaimOutcome *failure);
    ClaimOutcome record(ClaimOutcome outcome, qint64 elapsedUs);
    QSqlQuery &statement(const char *sql); // after prepare() succeeded

    DatabaseConnection &m_connection;
    QString m_actor;
    int m_gapUs;
    StatementCache m_statements; // read, write, refusal: one server session's
};

#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

// Retention of the history tables (sql/017): claim_attempts and order_history are partitioned
// by month; maintain_history() creates the coming months, detaches and drops the months older
// than what is kept, and purges every driver's expired Idempotency-Keys. Run as the database's
// owner (`dispatch-console maintain --keep 13months`, from cron or a systemd timer).
namespace HistoryMaintenance {

// What to keep, as the user wrote it ("13months", "400 days", "2years", "6 weeks"): a whole
// number and a unit. nullopt for anything else, or for less than a month (30 days) or more
// than 100 years. The result is an interval literal for PostgreSQL ("13 months").
std::optional<QString> parseKeep(const QString &text);

struct Step
{
    QString action; // "created", "dropped", "deleted"
    QString relation; // "claim_attempts_y2025m10", "http_idempotency"
    qint64 rows = -1; // -1: not counted (a created month)
};

struct Result
{
    bool ok = false;
    QList<Step> steps; // empty when ok: nothing to do
    QString error; // one line for a person
};

// keep: what parseKeep() returned. One transaction: all of it or nothing.
Result run(QSqlDatabase db, const QString &keep);

} // namespace HistoryMaintenance

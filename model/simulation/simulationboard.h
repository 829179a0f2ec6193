#pragma once

#include "simulationtypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

// The trainer's side of the database, on one connection of the calling thread: the
// training flag (sql/007), the scenario's drivers, a fresh board for each run and the
// consistency check afterwards. Each function returns its error as text (empty: fine).
//
// The board: a reset never touches real orders. It deactivates the trainer's own
// leftover ready orders (pickup "Trainer kitchen") and inserts N fresh ready ones; the
// lanes only ever pick from the ids the reset returned. So a run can be repeated on a
// database dispatchers also use, and an old board never leaks into a new run.
namespace SimulationBoard {

inline QString trainerKitchen()
{
    return QStringLiteral("Trainer kitchen");
}

// True only if training_settings says so (false if the table is missing).
bool isTrainingDatabase(QSqlDatabase db, QString *error = nullptr);
// Marks (or unmarks) the database as a training database. Called for the embedded default;
// any other database opts in by itself (see sql/007).
QString markTrainingDatabase(QSqlDatabase db, bool training, const QString &who);

// The scenario's drivers "Trainee 01" … "Trainee NN", created if missing and active.
// ids[i] is lane i's driver.
QString ensureDrivers(QSqlDatabase db, int lanes, QList<qint64> *ids, QStringList *names);

// Deactivates the trainer's leftover ready orders, then adds `orders` fresh ready ones.
// actor is recorded in the history ("sim:<run>:control").
QString resetBoard(QSqlDatabase db, int orders, const QString &actor, QList<qint64> *ids);

// Counts this run's attempts and assignments from claim_attempts and order_history by
// actor prefix ("sim:<run>:"). attemptsMade and winsReported come from the lanes.
SimulationConsistency check(QSqlDatabase db, const QString &actorPrefix, qint64 attemptsMade,
                            qint64 winsReported);

// A PostgreSQL array literal "{1,2,3}" for binding a list of ids as bigint[].
QString idArray(const QList<qint64> &ids);

} // namespace SimulationBoard

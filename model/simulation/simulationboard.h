#pragma once

#include "simulation/simulationtypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

// The trainer's side of the database, on one connection of the calling thread: the
// training flag (sql/007), the scenario's drivers, a fresh board for each run and the
// consistency check afterwards. Each function returns its error as text (empty: fine).
//
// Training databases only: ensureDrivers(), resetBoard() and retire() call sql/018's
// SECURITY DEFINER functions, which a dispatch_trainer login may execute and which refuse
// (42501) on a database not marked for training, so a client that skipped SimulationRun's
// check still cannot put trainees or practice orders in front of real dispatchers and
// drivers, nor touch a production order or driver: the trainer has no table writes.
//
// The board: a reset never touches real orders. It deactivates leftover practice orders
// (pickup "Trainer kitchen") and inserts N fresh ready ones; the lanes only ever pick from
// the ids the reset returned, so an old board never leaks into a new run. When the run
// ends, retire() deactivates its trainees and its orders.
namespace SimulationBoard {

inline QString trainerKitchen()
{
    return QStringLiteral("Trainer kitchen");
}

// True only if training_settings says so (false if the table is missing).
bool isTrainingDatabase(QSqlDatabase db, QString *error = nullptr);
// Marks (or unmarks) the database as a training database: the owner's statement (a
// trainer login may not), which the composition root's setup connection runs for the
// embedded default; any other database's owner opts in by itself (see sql/007).
QString markTrainingDatabase(QSqlDatabase db, bool training, const QString &who);

inline QString traineePrefix()
{
    return QStringLiteral("Trainee ");
}

// The run's own drivers "Trainee 01" … "Trainee NN", activated for this run only: an
// inactive trainee of that name is taken (FOR UPDATE SKIP LOCKED, so two trainers' runs
// never share one), else a new one is added. An active trainee belongs to a run still
// going and is never taken. ids[i] is lane i's driver.
// `capacity` is each trainee's max_concurrent_orders, 0 for no limit.
QString ensureDrivers(QSqlDatabase db, int lanes, QList<qint64> *ids, QStringList *names,
                      int capacity = 0);

// Deactivates leftover ready trainer orders (of a console killed mid-run; only while no
// other trainer is connected, whose board may be live), then adds `orders` fresh ready
// ones. actor is recorded in the history ("sim:<run>:control").
QString resetBoard(QSqlDatabase db, int orders, const QString &actor, QList<qint64> *ids);

// The end of a run: its trainees (drivers) and its board (orders, whatever their status)
// become inactive, in one transaction labelled with actor. Only rows that are still
// trainees and trainer orders are touched. An order a trainee won stays assigned to that
// trainee, in the history, but off every board, driver list and assigned tab, so no one
// can hand it to a real driver or put it back on a real board.
QString retire(QSqlDatabase db, const QList<qint64> &drivers, const QList<qint64> &orders,
               const QString &actor);

// Counts this run's attempts and assignments from claim_attempts and order_history by
// actor prefix ("sim:<run>:"). attemptsMade and winsReported come from the lanes.
SimulationConsistency check(QSqlDatabase db, const QString &actorPrefix, qint64 attemptsMade,
                            qint64 winsReported);

// A PostgreSQL array literal "{1,2,3}" for binding a list of ids as bigint[].
QString idArray(const QList<qint64> &ids);

} // namespace SimulationBoard

#pragma once

#include "claims/assignmentservice.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

class DriversModel;
class OutcomeLogModel;
class ReadyOrdersModel;

// What the console does with the dispatcher's requests and their outcomes, without a widget
// (the katesql way: the window shows, this decides). Sends each order of a bulk assignment as
// its own atomic claim, logs every outcome, colours the board row, sums a batch up in one
// line, and remembers the last assignment so it can be undone: Ctrl+Z releases each order the
// batch won, guarded on the same driver (OrderRepository::release), so an order someone else
// took since is left alone. Lives on the GUI thread; owns none of the objects it is given.
class AssignmentController : public QObject
{
    Q_OBJECT
public:
    // drivers: where the log finds a driver's name (may be null: numbers only).
    AssignmentController(AssignmentService *service, ReadyOrdersModel *board, OutcomeLogModel *log,
                         DriversModel *drivers, QObject *parent = nullptr);

    // Claims each order for the driver (marks the rows pending until their outcome).
    void assign(const QList<qint64> &orderIds, qint64 driverId);
    void hold(const QList<qint64> &orderIds, int seconds = 30);
    void release(qint64 orderId, qint64 driverId, const QString &reason);
    void reassign(qint64 orderId, qint64 fromDriver, qint64 toDriver, const QString &reason);

    // The orders the last finished assignment won, still to be undone (empty: nothing to undo).
    bool canUndo() const { return !m_undoable.isEmpty() && m_batch.done >= m_batch.total; }
    // Releases them (each guarded on the driver it was given to); false if nothing to undo.
    bool undoLastAssignment();

signals:
    // One line for the banner: the outcome (or a batch's sum), coloured like httpStatus.
    void reported(const QString &text, int httpStatus);
    // Work is under way ("Assigning 3 orders…") or done (empty text).
    void progress(const QString &text);
    // An outcome came back: what the board, drivers and assigned lists show may have moved.
    void outcomeArrived();
    void undoAvailableChanged(bool available);

private:
    void onFinished(AssignmentService::Operation operation, const ClaimOutcome &outcome);

    AssignmentService *m_service;
    ReadyOrdersModel *m_board;
    OutcomeLogModel *m_log;
    DriversModel *m_drivers;

    struct Batch
    {
        int total = 0;
        int done = 0;
        int wins = 0;
        QStringList problems;
        QHash<qint64, qint64> driverOf; // order -> the driver it was sent to
        QList<qint64> won;
    } m_batch;
    struct Assignment
    {
        qint64 orderId = 0;
        qint64 driverId = 0;
    };
    QList<Assignment> m_undoable;
};

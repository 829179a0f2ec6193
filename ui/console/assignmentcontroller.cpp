#include "console/assignmentcontroller.h"

#include "board/driversmodel.h"
#include "board/outcomelogmodel.h"
#include "board/readyordersmodel.h"

#include <QCoreApplication>
#include <utility>

namespace {

// The window's strings kept their context when they moved out of MainWindow, so the
// catalogue's translations still apply.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(MainWindow)
};

QString operationName(AssignmentService::Operation operation)
{
    switch (operation) {
    case AssignmentService::Operation::Claim:
        return Text::tr("assign");
    case AssignmentService::Operation::Release:
        return Text::tr("unassign");
    case AssignmentService::Operation::Hold:
        return Text::tr("hold");
    case AssignmentService::Operation::Reassign:
        return Text::tr("reassign");
    case AssignmentService::Operation::Advance:
        return Text::tr("delivery step");
    case AssignmentService::Operation::Cancel:
        return Text::tr("cancel");
    case AssignmentService::Operation::Shift:
        return Text::tr("shift");
    }
    return {};
}

} // namespace

AssignmentController::AssignmentController(AssignmentService *service, ReadyOrdersModel *board,
                                           OutcomeLogModel *log, DriversModel *drivers,
                                           QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_board(board)
    , m_log(log)
    , m_drivers(drivers)
{
    connect(m_service, &AssignmentService::finished, this, &AssignmentController::onFinished);
}

void AssignmentController::assign(const QList<qint64> &orderIds, qint64 driverId)
{
    if (orderIds.isEmpty() || driverId <= 0)
        return;
    // Each order is its own atomic claim with its own honest outcome.
    if (m_batch.done >= m_batch.total)
        m_batch = {};
    m_batch.total += int(orderIds.size());
    for (qint64 order : orderIds) {
        m_batch.driverOf.insert(order, driverId);
        m_board->markPending(order);
        m_service->claim(order, driverId);
    }
    emit progress(Text::tr("Assigning %n order(s)…", nullptr, int(orderIds.size())));
}

void AssignmentController::hold(const QList<qint64> &orderIds, int seconds)
{
    for (qint64 order : orderIds)
        m_service->hold(order, seconds);
}

void AssignmentController::release(qint64 orderId, qint64 driverId, const QString &reason)
{
    m_service->release(orderId, driverId, reason);
}

void AssignmentController::reassign(qint64 orderId, qint64 fromDriver, qint64 toDriver,
                                    const QString &reason)
{
    m_service->reassign(orderId, fromDriver, toDriver, reason);
}

bool AssignmentController::undoLastAssignment()
{
    if (!canUndo())
        return false;
    const QList<Assignment> undo = std::exchange(m_undoable, {});
    emit undoAvailableChanged(false);
    for (const Assignment &assignment : undo)
        m_service->release(assignment.orderId, assignment.driverId,
                           Text::tr("undone by dispatcher"));
    emit progress(Text::tr("Undoing %n assignment(s)…", nullptr, int(undo.size())));
    return true;
}

void AssignmentController::onFinished(AssignmentService::Operation operation,
                                      const ClaimOutcome &answer)
{
    QString driverName;
    if (m_drivers && answer.driverId > 0) {
        if (const int row = m_drivers->rowOfDriver(answer.driverId); row >= 0)
            driverName = m_drivers->index(row, 0).data().toString();
    }
    // "409 Conflict — Ben Jensen already carries…", not "driver 4".
    ClaimOutcome outcome = answer;
    outcome.driverName = driverName;
    m_log->append(operationName(operation), outcome, driverName);
    if (operation == AssignmentService::Operation::Claim
        || operation == AssignmentService::Operation::Hold)
        m_board->setOutcome(outcome);

    if (operation == AssignmentService::Operation::Claim) {
        ++m_batch.done;
        if (outcome.isSuccess()) {
            ++m_batch.wins;
            m_batch.won << outcome.orderId;
        } else {
            m_batch.problems << outcome.message();
        }
        if (m_batch.done >= m_batch.total) {
            const bool hadUndo = !m_undoable.isEmpty();
            m_undoable.clear();
            for (qint64 order : std::as_const(m_batch.won))
                m_undoable.append({ order, m_batch.driverOf.value(order) });
            if (hadUndo || !m_undoable.isEmpty())
                emit undoAvailableChanged(!m_undoable.isEmpty());
        }
    }
    if (operation == AssignmentService::Operation::Claim && m_batch.total > 1) {
        if (m_batch.done == m_batch.total) {
            QString text
                = Text::tr("%1 of %2 orders assigned.").arg(m_batch.wins).arg(m_batch.total);
            if (!m_batch.problems.isEmpty())
                text += QLatin1Char(' ') + m_batch.problems.join(QLatin1Char(' '));
            emit reported(text, m_batch.problems.isEmpty() ? 200 : 409);
            emit progress(QString());
        }
    } else {
        emit reported(outcome.message(), outcome.httpStatus());
        emit progress(QString());
    }
    emit outcomeArrived();
}

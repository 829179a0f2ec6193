#pragma once

#include "claims/orderrepository.h"
#include "core/claimoutcome.h"
#include "db/connectionsettings.h"

#include <QObject>
#include <QThread>

class AssignmentWorker;

// Runs the console's claims, releases and holds off the GUI thread: one worker thread
// with its own connection and its own OrderRepository. Results come back as signals on
// the thread that owns the service. Requests are served in order.
class AssignmentService : public QObject
{
    Q_OBJECT
public:
    enum class Operation { Claim, Release, Hold, Reassign, Advance, Cancel, Shift };
    Q_ENUM(Operation)

    // actor names this console in holds and the history, e.g. "console:alice@host".
    AssignmentService(const ConnectionSettings &settings, const QString &actor,
                      QObject *parent = nullptr);
    ~AssignmentService() override;

    void claim(qint64 orderId, qint64 driverId);
    void release(qint64 orderId, qint64 driverId, const QString &reason = {});
    void hold(qint64 orderId, int seconds = 30);
    void reassign(qint64 orderId, qint64 fromDriver, qint64 toDriver, const QString &reason);
    // The delivery after the claim, as the board showed it (OrderRepository::advance, cancel).
    void advance(qint64 orderId, qint64 shownDriver, DeliveryStep step, const QString &reason);
    void cancel(qint64 orderId, const QString &shownStatus, std::optional<qint64> shownDriver,
                const QString &reason);
    // A dispatcher puts a driver on or off shift (OrderRepository::setShift).
    void setShift(qint64 driverId, bool onShift);
    QString actor() const { return m_actor; }

signals:
    void finished(AssignmentService::Operation operation, const ClaimOutcome &outcome);

private:
    QThread m_thread;
    AssignmentWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    QString m_actor;
};

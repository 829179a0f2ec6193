#include "claims/assignmentservice.h"

#include "claims/orderrepository.h"
#include "db/databaseconnection.h"

#include <functional>
#include <memory>

// Lives on the service's thread; creates its connection there on first use.
class AssignmentWorker : public QObject
{
    Q_OBJECT
public:
    AssignmentWorker(ConnectionSettings settings, QString actor)
        : m_settings(std::move(settings))
        , m_actor(std::move(actor))
    { }

    ClaimOutcome run(AssignmentService::Operation operation, qint64 orderId, qint64 driverId,
                     qint64 otherDriver, const QString &reason, int seconds)
    {
        if (!m_repository) {
            m_connection
                = std::make_unique<DatabaseConnection>(m_settings, QStringLiteral("assign"));
            m_repository = std::make_unique<OrderRepository>(*m_connection);
        }
        switch (operation) {
        case AssignmentService::Operation::Claim:
            return m_repository->claim(orderId, driverId, ClaimSource::Console, m_actor);
        case AssignmentService::Operation::Release:
            return m_repository->release(orderId, driverId, ClaimSource::Console, m_actor, reason);
        case AssignmentService::Operation::Hold:
            return m_repository->hold(orderId, m_actor, seconds);
        case AssignmentService::Operation::Reassign:
            return m_repository->reassign(orderId, otherDriver, driverId, ClaimSource::Console,
                                          m_actor, reason);
        case AssignmentService::Operation::Advance:
        case AssignmentService::Operation::Cancel:
        case AssignmentService::Operation::Shift:
            break; // runWith
        }
        return {};
    }

    // Any other repository call, with this console's actor.
    ClaimOutcome
    runWith(const std::function<ClaimOutcome(OrderRepository &, const QString &)> &work)
    {
        if (!m_repository) {
            m_connection
                = std::make_unique<DatabaseConnection>(m_settings, QStringLiteral("assign"));
            m_repository = std::make_unique<OrderRepository>(*m_connection);
        }
        return work(*m_repository, m_actor);
    }

    ~AssignmentWorker() override
    {
        m_repository.reset();
        m_connection.reset();
    }

private:
    ConnectionSettings m_settings;
    QString m_actor;
    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<OrderRepository> m_repository;
};

AssignmentService::AssignmentService(const ConnectionSettings &settings, const QString &actor,
                                     QObject *parent)
    : QObject(parent)
    , m_worker(new AssignmentWorker(settings, actor))
    , m_actor(actor)
{
    qRegisterMetaType<ClaimOutcome>();
    m_thread.setObjectName(QStringLiteral("assignment"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

AssignmentService::~AssignmentService()
{
    m_thread.quit();
    m_thread.wait();
}

namespace {
void post(AssignmentService *service, AssignmentWorker *worker,
          AssignmentService::Operation operation, qint64 orderId, qint64 driverId,
          const QString &reason, int seconds, qint64 otherDriver = 0)
{
    QMetaObject::invokeMethod(
        worker,
        [=] {
            const ClaimOutcome outcome
                = worker->run(operation, orderId, driverId, otherDriver, reason, seconds);
            // Queued back to the service's thread; dropped if the service is gone.
            QMetaObject::invokeMethod(
                service, [=] { emit service->finished(operation, outcome); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}
void postWork(AssignmentService *service, AssignmentWorker *worker,
              AssignmentService::Operation operation,
              std::function<ClaimOutcome(OrderRepository &, const QString &)> work)
{
    QMetaObject::invokeMethod(
        worker,
        [=] {
            const ClaimOutcome outcome = worker->runWith(work);
            QMetaObject::invokeMethod(
                service, [=] { emit service->finished(operation, outcome); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace

void AssignmentService::claim(qint64 orderId, qint64 driverId)
{
    post(this, m_worker, Operation::Claim, orderId, driverId, {}, 0);
}

void AssignmentService::release(qint64 orderId, qint64 driverId, const QString &reason)
{
    post(this, m_worker, Operation::Release, orderId, driverId, reason, 0);
}

void AssignmentService::hold(qint64 orderId, int seconds)
{
    post(this, m_worker, Operation::Hold, orderId, 0, {}, seconds);
}

void AssignmentService::reassign(qint64 orderId, qint64 fromDriver, qint64 toDriver,
                                 const QString &reason)
{
    post(this, m_worker, Operation::Reassign, orderId, toDriver, reason, 0, fromDriver);
}

void AssignmentService::advance(qint64 orderId, qint64 shownDriver, DeliveryStep step,
                                const QString &reason)
{
    postWork(this, m_worker, Operation::Advance,
             [=](OrderRepository &repository, const QString &actor) {
                 return repository.advance(orderId, shownDriver, step, ClaimSource::Console, actor,
                                           reason);
             });
}

void AssignmentService::cancel(qint64 orderId, const QString &shownStatus,
                               std::optional<qint64> shownDriver, const QString &reason)
{
    postWork(this, m_worker, Operation::Cancel,
             [=](OrderRepository &repository, const QString &actor) {
                 return repository.cancel(orderId, shownStatus, shownDriver, ClaimSource::Console,
                                          actor, reason);
             });
}

void AssignmentService::setShift(qint64 driverId, bool onShift)
{
    postWork(this, m_worker, Operation::Shift,
             [=](OrderRepository &repository, const QString &actor) {
                 return repository.setShift(driverId, onShift, actor).outcome;
             });
}

#include "assignmentservice.moc"

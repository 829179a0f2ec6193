#include "board/orderchangelistener.h"

#include "db/databaseconnection.h"

#include <QElapsedTimer>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTimer>
#include <memory>

namespace {
const QString kOrdersChannel = QStringLiteral("orders_changed");
const QString kDriversChannel = QStringLiteral("drivers_changed");
constexpr int kHeartbeatMs = 1000; // how soon a dead connection is noticed
constexpr int kMaxBackoffMs = 8000;
} // namespace

// Lives on the listener's thread: the connection, its notifications and its timers too.
class ListenerWorker : public QObject
{
    Q_OBJECT
public:
    ListenerWorker(ConnectionSettings settings, int coalesceMs)
        : m_settings(std::move(settings))
        , m_coalesceMs(coalesceMs)
    { }

    void start()
    {
        m_heartbeat = new QTimer(this);
        m_heartbeat->setInterval(kHeartbeatMs);
        connect(m_heartbeat, &QTimer::timeout, this, &ListenerWorker::checkAlive);
        m_reconnect = new QTimer(this);
        m_reconnect->setSingleShot(true);
        connect(m_reconnect, &QTimer::timeout, this, &ListenerWorker::connectAndListen);
        m_ordersBurst = burstTimer(&ListenerWorker::ordersChanged);
        m_driversBurst = burstTimer(&ListenerWorker::driversChanged);
        connect(this, &ListenerWorker::ordersChanged, this,
                [this] { m_ordersBurst.sinceEmit.start(); });
        connect(this, &ListenerWorker::driversChanged, this,
                [this] { m_driversBurst.sinceEmit.start(); });
        connectAndListen();
    }

    // Runs on the listener's thread as it finishes (QThread::finished, direct).
    void stop()
    {
        m_heartbeat->stop();
        m_reconnect->stop();
        m_ordersBurst.timer->stop();
        m_driversBurst.timer->stop();
        dropConnection();
    }

    // Any thread: cuts a call that may be blocked on the server (see ConnectionBreaker),
    // and keeps the worker from connecting again.
    void interrupt() { m_breaker.breakNow(); }

signals:
    void ordersChanged();
    void orderNotified(const QString &payload);
    void driversChanged();
    void liveChanged(bool live, const QString &reason);

private:
    // One per channel: at most one signal per kMinIntervalMs, the first of a quiet spell
    // after coalesceMs (by default at once: rows of one commit arrive together), so a refresh
    // follows a commit within ~100 ms however long the burst.
    struct Throttle
    {
        QTimer *timer = nullptr;
        QElapsedTimer sinceEmit;
    };
    static constexpr int kMinIntervalMs = 100;

    Throttle burstTimer(void (ListenerWorker::*signal)())
    {
        Throttle throttle;
        throttle.timer = new QTimer(this);
        throttle.timer->setSingleShot(true);
        connect(throttle.timer, &QTimer::timeout, this, signal);
        return throttle;
    }

    void arm(Throttle &throttle)
    {
        if (throttle.timer->isActive())
            return; // this burst is already on its way
        qint64 wait = m_coalesceMs;
        if (throttle.sinceEmit.isValid())
            wait = std::max<qint64>(wait, kMinIntervalMs - throttle.sinceEmit.elapsed());
        throttle.timer->start(int(wait));
    }

    void dropConnection()
    {
        m_breaker.forget();
        m_connection.reset();
    }

    void connectAndListen()
    {
        if (m_breaker.isBroken())
            return; // stopping
        dropConnection();
        m_connection = std::make_unique<DatabaseConnection>(m_settings, QStringLiteral("listen"));
        const QSqlError error = m_connection->open();
        if (!error.isValid())
            m_breaker.watch(*m_connection);
        QSqlDriver *driver = m_connection->database().driver();
        if (error.isValid() || !driver->subscribeToNotification(kOrdersChannel)
            || !driver->subscribeToNotification(kDriversChannel)) {
            lost(error.isValid() ? DatabaseConnection::describe(error)
                                 : DatabaseConnection::describe(driver->lastError()));
            return;
        }
        connect(
            driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name == kOrdersChannel)
                    emit orderNotified(payload.toString());
                arm(name == kDriversChannel ? m_driversBurst : m_ordersBurst);
            });
        m_backoffMs = 500;
        m_heartbeat->start();
        const bool wasLost = !m_everLive || m_lost;
        m_everLive = true;
        m_lost = false;
        emit liveChanged(true, QString());
        if (wasLost) {
            // Whatever happened while we were not listening: refresh once.
            emit orderNotified(QString()); // Unknown
            emit ordersChanged();
            emit driversChanged();
        }
    }

    void checkAlive()
    {
        // A dead socket shows only when we use it; isOpen() stays true (QPSQL learns of a
        // closed server socket only on its next query) unless the driver already closed it
        // on a broken notification socket.
        if (!m_connection->database().isOpen()) {
            lost(tr("the connection was closed"));
            return;
        }
        QSqlQuery ping(m_connection->database());
        if (!ping.exec(QStringLiteral("SELECT 1")))
            lost(DatabaseConnection::describe(ping.lastError()));
    }

    void lost(const QString &reason)
    {
        m_heartbeat->stop();
        m_breaker.forget();
        if (m_connection)
            m_connection->close();
        if (m_breaker.isBroken())
            return; // cut by the owner, who is going away: nothing to report or retry
        if (!m_lost || !m_everLive)
            emit liveChanged(false, reason);
        m_lost = true;
        m_reconnect->start(m_backoffMs);
        m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
    }

    ConnectionSettings m_settings;
    int m_coalesceMs;
    std::unique_ptr<DatabaseConnection> m_connection;
    ConnectionBreaker m_breaker;
    QTimer *m_heartbeat = nullptr;
    QTimer *m_reconnect = nullptr;
    Throttle m_ordersBurst;
    Throttle m_driversBurst;
    int m_backoffMs = 500;
    bool m_everLive = false;
    bool m_lost = false;
};

OrderChangeListener::OrderChangeListener(const ConnectionSettings &settings, QObject *parent,
                                         int coalesceMs)
    : QObject(parent)
    , m_worker(new ListenerWorker(settings, coalesceMs))
{
    m_thread.setObjectName(QStringLiteral("listener"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_worker, &ListenerWorker::start);
    // The worker's last act on its own thread: its connection belongs to that thread.
    connect(&m_thread, &QThread::finished, m_worker, &ListenerWorker::stop, Qt::DirectConnection);
    connect(m_worker, &ListenerWorker::ordersChanged, this, &OrderChangeListener::ordersChanged);
    connect(m_worker, &ListenerWorker::driversChanged, this, &OrderChangeListener::driversChanged);
    connect(m_worker, &ListenerWorker::orderNotified, this,
            [this](const QString &payload) { emit orderChanged(OrderChange::parse(payload)); });
    connect(m_worker, &ListenerWorker::liveChanged, this, [this](bool live, const QString &reason) {
        m_live = live;
        emit liveChanged(live, reason);
    });
    m_thread.start();
}

OrderChangeListener::~OrderChangeListener()
{
    // Never waits for the server: the heartbeat's SELECT 1 may be stuck (a paused server, a
    // silent network) for as long as the timeouts allow. quit() ends the loop after the
    // current slot; interrupt() makes that slot return now. Not bounded by this: a connect
    // in progress (connect_timeout, 5 s by default).
    m_thread.quit();
    m_worker->interrupt();
    m_thread.wait();
    delete m_worker;
}

#include "orderchangelistener.moc"

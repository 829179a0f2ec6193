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

// The change feed (sql/019). One listener per database holds this session advisory lock
// ('DISPFEED'; the migrator's is 'DISPATCH', change_feed_poll's own transaction lock
// 'DISPPOLL') and sends the committed changes; the others try for it once per
// kFeedElectionMs and take over within about that when the holder's session ends.
constexpr qint64 kFeedLockKey = 0x4449535046454544;
// How often the holder polls: the added commit -> notification delay, ~5 ms on average.
// Idle it costs, on the server, 100 calls a second of a function that takes an advisory
// lock, reads one row and probes order_history's txid index, and writes nothing (no
// transaction id, no WAL, no fsync); on the holder, 100 round trips. Only the holder
// polls; the others try the lock once a second.
constexpr int kFeedPollMs = 10;
constexpr int kFeedElectionMs = 1000;
// More changes than this in one step: one "re-read soon" instead of the changes (a board
// re-reads itself in one query; applying thousands of changes one by one costs more).
constexpr int kFeedMaxBatch = 1000;
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
        m_feedPoll = new QTimer(this);
        m_feedPoll->setInterval(kFeedPollMs);
        connect(m_feedPoll, &QTimer::timeout, this, &ListenerWorker::pollFeed);
        m_feedElection = new QTimer(this);
        m_feedElection->setInterval(kFeedElectionMs);
        connect(m_feedElection, &QTimer::timeout, this, &ListenerWorker::tryToLeadFeed);
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
        stopFeed();
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
    void feedLeadChanged(bool leading);
    void listenImpossible(const QString &reason);

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
        if (const QSqlError error = m_connection->open(); error.isValid()) {
            lost(DatabaseConnection::describe(error));
            return;
        }
        m_breaker.watch(*m_connection);
        // The session LISTEN runs in must be ours for good. A pooler between us and the
        // server shows at once: it makes up its own start-up key data, so the pid libpq was
        // told is not the server's (PgBouncer in any mode; a plain TCP proxy passes the real
        // one). Then nothing is LISTENed and no feed lock taken: either could stay behind in
        // a server session that serves other clients. Past that, the session is checked at
        // every heartbeat and poll (sessionChanged).
        QSqlQuery who(m_connection->database());
        if (!who.exec(QStringLiteral("SELECT pg_catalog.pg_backend_pid()")) || !who.next()) {
            lost(DatabaseConnection::describe(who.lastError()));
            return;
        }
        m_backendPid = who.value(0).toLongLong();
        if (m_backendPid != m_connection->announcedBackendPid()) {
            impossible();
            return;
        }
        QSqlDriver *driver = m_connection->database().driver();
        if (!driver->subscribeToNotification(kOrdersChannel)
            || !driver->subscribeToNotification(kDriversChannel)) {
            lost(DatabaseConnection::describe(driver->lastError()));
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
        startFeed();
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
        if (!ping.exec(QStringLiteral("SELECT pg_catalog.pg_backend_pid()")) || !ping.next())
            lost(DatabaseConnection::describe(ping.lastError()));
        else
            sessionChanged(ping.value(0).toLongLong());
    }

    // Behind a transaction pooler (PgBouncer pool_mode = transaction) each transaction may
    // run in another server session: LISTEN and the feed's session lock stay behind in one
    // we no longer reach, and notifications go to whichever client has it then. The first
    // statement that lands elsewhere proves it; the listener then stops (the window polls)
    // and says what to do.
    bool sessionChanged(qint64 pid)
    {
        if (pid == m_backendPid)
            return false;
        impossible();
        return true;
    }

    // Said once; the worker still retries with back-off (the address may be fixed under us).
    void impossible()
    {
        if (!m_toldImpossible)
            emit listenImpossible(poolerReason());
        m_toldImpossible = true;
        lost(poolerReason());
    }

    static QString poolerReason()
    {
        return tr("the change listener's connection goes through a connection pooler (such as "
                  "PgBouncer), where LISTEN has no server session of its own: connect it to "
                  "the server itself with --listen-database");
    }

    // A database of 019 or later: this session is a feed candidate (the lock is tried at once).
    // Before 019 (no change_feed_poll) or a login that may not execute it: the history
    // trigger notifies, or another console's listener is the feed; nothing to do here.
    void startFeed()
    {
        stopFeed();
        QSqlQuery probe(m_connection->database());
        if (!probe.exec(QStringLiteral(
                "SELECT coalesce(has_function_privilege(p, 'EXECUTE'), false)"
                "  FROM (SELECT to_regprocedure('change_feed_poll(integer)') AS p) f"))
            || !probe.next()) {
            lost(DatabaseConnection::describe(probe.lastError()));
            return;
        }
        if (!probe.value(0).toBool())
            return;
        m_feedElection->start();
        tryToLeadFeed();
    }

    void stopFeed()
    {
        m_feedPoll->stop();
        m_feedElection->stop();
        if (m_feeding) {
            m_feeding = false;
            emit feedLeadChanged(false);
        }
    }

    void tryToLeadFeed()
    {
        // Only in the session LISTEN runs in: a lock left in a pooled server session would
        // keep every console's feed from starting.
        QSqlQuery lock(m_connection->database());
        if (!lock.exec(QStringLiteral("SELECT pg_catalog.pg_backend_pid(), CASE WHEN"
                                      " pg_catalog.pg_backend_pid() = %1 THEN"
                                      " pg_catalog.pg_try_advisory_lock(%2) END")
                           .arg(m_backendPid)
                           .arg(kFeedLockKey))
            || !lock.next()) {
            lost(DatabaseConnection::describe(lock.lastError()));
            return;
        }
        if (sessionChanged(lock.value(0).toLongLong()))
            return;
        if (!lock.value(1).toBool())
            return; // another session is the feed: try again in kFeedElectionMs
        m_feedElection->stop();
        m_feeding = true;
        emit feedLeadChanged(true);
        pollFeed();
        if (m_feeding)
            m_feedPoll->start();
    }

    // The changes come back to every listener, this one included, as orders_changed.
    void pollFeed()
    {
        QSqlQuery poll(m_connection->database());
        if (!poll.exec(QStringLiteral("SELECT count(*), pg_catalog.pg_backend_pid()"
                                      "  FROM change_feed_poll(%1)")
                           .arg(kFeedMaxBatch))
            || !poll.next()) {
            lost(DatabaseConnection::describe(poll.lastError()));
            return;
        }
        sessionChanged(poll.value(1).toLongLong());
    }

    void lost(const QString &reason)
    {
        stopFeed(); // the session's lock goes with it
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
    QTimer *m_feedPoll = nullptr;
    QTimer *m_feedElection = nullptr;
    bool m_feeding = false;
    qint64 m_backendPid = 0; // the server session that LISTENs
    bool m_toldImpossible = false;
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
    connect(m_worker, &ListenerWorker::orderNotified, this, [this](const QString &payload) {
        for (const OrderChange &change : OrderChange::parse(payload))
            emit orderChanged(change);
    });
    connect(m_worker, &ListenerWorker::feedLeadChanged, this, [this](bool leading) {
        m_feeding = leading;
        emit feedLeadChanged(leading);
    });
    connect(m_worker, &ListenerWorker::listenImpossible, this,
            &OrderChangeListener::listenImpossible);
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

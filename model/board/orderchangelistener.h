#pragma once

#include "board/orderchange.h"
#include "db/connectionsettings.h"

#include <QObject>
#include <QThread>

class ListenerWorker;

// Keeps consoles live. A connection of its own, on a thread of its own, LISTENs to the
// migration trigger's `orders_changed` and `drivers_changed` channels and tells the GUI
// thread that something changed — once per burst, not once per row (a commit that
// changes 1,000 rows gives a handful of signals, at most one per coalesce interval).
//
// If the connection drops, notifications may be lost: the listener says so
// (liveChanged(false, reason)), reconnects with back-off (0.5 s doubling to 8 s),
// LISTENs again and then reports one change, since anything may have happened meanwhile.
// While not live, the owner should poll.
//
// On a database of sql/019 or later no change notifies in its own transaction: one
// listener per database, elected by a session advisory lock, is the change feed and
// sends every committed change (change_feed_poll every ~10 ms); every listener is a
// candidate and a standby takes over within about a second when the holder goes.
class OrderChangeListener : public QObject
{
    Q_OBJECT
public:
    // coalesceMs: how long the first notification of a quiet spell waits for more. 0 (the
    // default) still gathers one commit's rows: they arrive in one socket read, which the
    // driver drains before the zero timer fires.
    explicit OrderChangeListener(const ConnectionSettings &settings, QObject *parent = nullptr,
                                 int coalesceMs = 0);
    ~OrderChangeListener() override;

    bool isLive() const { return m_live; }
    // This listener's session is the database's change feed (sql/019) right now.
    bool isFeeding() const { return m_feeding; }

signals:
    void ordersChanged();
    // Every orders_changed notification, parsed, in arrival order (not coalesced: a board
    // applies each one without a query). After (re)connecting, one Unknown change: anything
    // may have happened while nobody listened.
    void orderChanged(const OrderChange &change);
    void driversChanged();
    void liveChanged(bool live, const QString &reason);
    void feedLeadChanged(bool leading);
    // The connection cannot LISTEN at all: it goes through a connection pooler (PgBouncer),
    // whose server sessions serve other clients too. Once, before the liveChanged(false,
    // reason) with the same reason; the listener keeps retrying but will not become live
    // until its address changes (--listen-database).
    void listenImpossible(const QString &reason);

private:
    QThread m_thread;
    ListenerWorker *m_worker = nullptr;
    bool m_live = false;
    bool m_feeding = false;
};

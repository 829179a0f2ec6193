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

signals:
    void ordersChanged();
    // Every orders_changed notification, parsed, in arrival order (not coalesced: a board
    // applies each one without a query). After (re)connecting, one Unknown change: anything
    // may have happened while nobody listened.
    void orderChanged(const OrderChange &change);
    void driversChanged();
    void liveChanged(bool live, const QString &reason);

private:
    QThread m_thread;
    ListenerWorker *m_worker = nullptr;
    bool m_live = false;
};

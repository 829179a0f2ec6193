#pragma once

#include <QObject>
#include <QTimer>

// Spaces a board's full re-reads. Changes the payload explained (an order hidden at once)
// ask for a paced re-read: at most one per interval (about a second), however many arrive.
// Changes it could not explain ask for one soon: on the next event-loop turn, coalescing
// whatever else arrives in that turn. A re-read for any other reason (the filter, a sort,
// the Refresh action) tells the pacer, which then forgets what was pending: that re-read
// saw it all. Qt Core only; QTimer-driven, so tests wait for refreshDue.
class RefreshPacer : public QObject
{
    Q_OBJECT
public:
    explicit RefreshPacer(int intervalMs = 1000, QObject *parent = nullptr);

    int intervalMs() const { return m_interval; }
    void setIntervalMs(int intervalMs) { m_interval = intervalMs; }

    void requestPaced();
    void requestSoon();
    // A re-read just ran (whoever asked for it).
    void markRefreshed();
    bool isPending() const { return m_timer.isActive(); }

signals:
    // Time to re-read; the owner re-reads and calls markRefreshed().
    void refreshDue();

private:
    QTimer m_timer;
    int m_interval;
};

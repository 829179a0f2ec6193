#include "board/refreshpacer.h"

RefreshPacer::RefreshPacer(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_interval(intervalMs)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RefreshPacer::refreshDue);
}

void RefreshPacer::requestPaced()
{
    // The first change of a spell starts the window; the rest of it rides along.
    if (!m_timer.isActive())
        m_timer.start(m_interval);
}

void RefreshPacer::requestSoon()
{
    if (m_timer.isActive() && m_timer.remainingTime() == 0)
        return; // already due on this turn
    m_timer.start(0);
}

void RefreshPacer::markRefreshed()
{
    m_timer.stop();
}

#include "http/databaseworkerpool.h"

#include "http/driverapisession.h"

#include <QThread>

DatabaseWorkerPool::DatabaseWorkerPool(const ConnectionSettings &settings, const QString &name,
                                       int workers, int queueLimit)
    : m_settings(settings)
    , m_name(name)
    , m_queueLimit(std::max(0, queueLimit))
{
    const int count = std::max(1, workers);
    m_threads.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        std::unique_ptr<QThread> thread(QThread::create([this, i] { run(i); }));
        thread->setObjectName(QStringLiteral("%1-worker-%2").arg(name).arg(i));
        thread->start();
        m_threads.push_back(std::move(thread));
    }
}

DatabaseWorkerPool::~DatabaseWorkerPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_inFlight -= int(m_queue.size());
        m_queue.clear();
    }
    m_wake.notify_all();
    for (auto &thread : m_threads)
        thread->wait();
}

bool DatabaseWorkerPool::trySubmit(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_inFlight >= workers() + m_queueLimit)
            return false;
        ++m_inFlight;
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
    return true;
}

int DatabaseWorkerPool::inFlight() const
{
    std::lock_guard lock(m_mutex);
    return m_inFlight;
}

void DatabaseWorkerPool::run(int index)
{
    // Created here, so the connection belongs to this thread; opened on first use.
    DriverApiSession session(m_settings, QStringLiteral("%1-worker-%2").arg(m_name).arg(index));
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        const Delivery deliver = job(session);
        {
            std::lock_guard lock(m_mutex);
            --m_inFlight;
        }
        if (deliver)
            deliver();
    }
}

#pragma once

#include "db/connectionsettings.h"

#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

class DriverApiSession;
class QThread;

// A fixed number of threads, each with its own database session (DriverApiSession: its own
// connection and OrderRepository), fed from one bounded queue. Database work never runs on
// the HTTP thread, and a burst larger than workers + queue is refused at once (the caller
// answers 503 with Retry-After) instead of piling up in memory.
//
// trySubmit() may be called from any thread. A job runs on a worker thread and returns a
// delivery, which the pool calls on that thread once the job no longer counts as in flight
// (so a client that sends its next request the moment it has an answer is not refused);
// the delivery hands the result back, e.g. with QMetaObject::invokeMethod.
// The destructor drops jobs not yet started and waits for running ones.
class DatabaseWorkerPool
{
public:
    using Delivery = std::function<void()>;
    using Job = std::function<Delivery(DriverApiSession &)>;

    // name: for the connections' application_name ("<name>-worker-<i>").
    DatabaseWorkerPool(const ConnectionSettings &settings, const QString &name, int workers,
                       int queueLimit);
    ~DatabaseWorkerPool();
    DatabaseWorkerPool(const DatabaseWorkerPool &) = delete;
    DatabaseWorkerPool &operator=(const DatabaseWorkerPool &) = delete;

    // False (and the job is not kept) when every worker is busy and the queue is full.
    bool trySubmit(Job job);

    int workers() const { return int(m_threads.size()); }
    int queueLimit() const { return m_queueLimit; }
    int inFlight() const; // queued + running

private:
    void run(int index);

    const ConnectionSettings m_settings;
    const QString m_name;
    const int m_queueLimit;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    int m_inFlight = 0;
    bool m_stopping = false;
    std::vector<std::unique_ptr<QThread>> m_threads;
};

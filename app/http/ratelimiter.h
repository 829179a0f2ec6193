#pragma once

#include <QHash>
#include <QMutex>
#include <QtGlobal>
#include <functional>

// How fast one driver may claim over HTTP (issue 15 item 4): a token bucket per driver,
// `burst` claims at once, refilled at `perSecond`. A claim over the limit is answered 429
// with Retry-After before it reaches the database, so it is not recorded anywhere (no
// claim attempt, no stored Idempotency-Key answer: a retry after the wait is a new try).
struct RateLimit
{
    double perSecond = 0; // 0: no limit
    int burst = 20;
    // Milliseconds on a monotonic clock; empty: QDeadlineTimer's. A test steps its own.
    std::function<qint64()> clockMs;
};

// Thread-safe: the HTTP workers ask it after authenticating the driver.
class RateLimiter
{
public:
    explicit RateLimiter(RateLimit limit);

    bool enabled() const { return m_limit.perSecond > 0; }
    // Takes one claim from the driver's bucket: 0 if it may go ahead, else the whole
    // seconds to wait before the next one would be allowed (at least 1, for Retry-After).
    int take(qint64 driverId);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 atMs = 0;
    };
    qint64 now() const;

    RateLimit m_limit;
    QMutex m_mutex;
    QHash<qint64, Bucket> m_buckets;
};

#include "http/ratelimiter.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <algorithm>
#include <cmath>

namespace {
// Buckets that would be full again are forgotten once there are this many (a driver who
// stopped claiming costs nothing after a while).
constexpr qsizetype kPruneAbove = 4096;
} // namespace

RateLimiter::RateLimiter(RateLimit limit)
    : m_limit(std::move(limit))
{
    m_limit.burst = std::max(1, m_limit.burst);
}

qint64 RateLimiter::now() const
{
    if (m_limit.clockMs)
        return m_limit.clockMs();
    return QDeadlineTimer::current().deadline();
}

int RateLimiter::take(qint64 driverId)
{
    if (!enabled())
        return 0;
    const qint64 nowMs = now();
    const double burst = m_limit.burst;
    QMutexLocker lock(&m_mutex);
    if (m_buckets.size() > kPruneAbove) {
        for (auto it = m_buckets.begin(); it != m_buckets.end();) {
            const double refill = double(nowMs - it->atMs) / 1000.0 * m_limit.perSecond;
            it = it->tokens + refill >= burst ? m_buckets.erase(it) : std::next(it);
        }
    }
    auto found = m_buckets.find(driverId);
    if (found == m_buckets.end())
        found = m_buckets.insert(driverId, { burst, nowMs });
    Bucket &bucket = *found;
    const qint64 elapsedMs = std::max<qint64>(0, nowMs - bucket.atMs);
    bucket.tokens = std::min(burst, bucket.tokens + double(elapsedMs) / 1000.0 * m_limit.perSecond);
    bucket.atMs = std::max(bucket.atMs, nowMs);
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    const double wait = (1.0 - bucket.tokens) / m_limit.perSecond;
    return std::max(1, int(std::ceil(wait)));
}

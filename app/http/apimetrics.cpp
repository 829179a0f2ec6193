#include "http/apimetrics.h"

void ApiMetrics::recordRequest(const QString &route, int status)
{
    ++m_requests[qMakePair(route, status)];
}

void ApiMetrics::recordClaim(const QString &outcome, bool conflict, double seconds)
{
    ++m_claims[outcome];
    if (conflict)
        ++m_conflicts;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++m_bucketCounts[i];
    }
    ++m_latencyCount;
    m_latencySum += seconds;
}

QByteArray ApiMetrics::render(int workers, int queueLimit, int inFlight) const
{
    QByteArray out;
    const auto line = [&out](const QByteArray &text) {
        out += text + '\n';
    };

    line("# HELP dispatch_http_requests_total Driver API requests answered, by route and status.");
    line("# TYPE dispatch_http_requests_total counter");
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it) {
        line("dispatch_http_requests_total{route=\"" + it.key().first.toLatin1() + "\",status=\""
             + QByteArray::number(it.key().second) + "\"} " + QByteArray::number(it.value()));
    }
    line("# HELP dispatch_claim_attempts_total Claims made over HTTP, by outcome.");
    line("# TYPE dispatch_claim_attempts_total counter");
    for (auto it = m_claims.cbegin(); it != m_claims.cend(); ++it) {
        line("dispatch_claim_attempts_total{source=\"http\",outcome=\"" + it.key().toLatin1()
             + "\"} " + QByteArray::number(it.value()));
    }
    line("# HELP driver_assignment_conflict_total Claims answered 409: someone else got there "
         "first, or the order is held (the seed's driver.assignment.conflict).");
    line("# TYPE driver_assignment_conflict_total counter");
    line("driver_assignment_conflict_total " + QByteArray::number(m_conflicts));
    line("# HELP dispatch_claim_duration_seconds Time from receiving a claim to answering it.");
    line("# TYPE dispatch_claim_duration_seconds histogram");
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        line("dispatch_claim_duration_seconds_bucket{le=\""
             + QByteArray::number(kBuckets[i], 'g', 6) + "\"} "
             + QByteArray::number(m_bucketCounts[i]));
    }
    line("dispatch_claim_duration_seconds_bucket{le=\"+Inf\"} "
         + QByteArray::number(m_latencyCount));
    line("dispatch_claim_duration_seconds_sum " + QByteArray::number(m_latencySum, 'f', 6));
    line("dispatch_claim_duration_seconds_count " + QByteArray::number(m_latencyCount));
    line("# HELP dispatch_idempotent_replays_total Answers replayed for a repeated "
         "Idempotency-Key.");
    line("# TYPE dispatch_idempotent_replays_total counter");
    line("dispatch_idempotent_replays_total " + QByteArray::number(m_replays));
    line("# HELP dispatch_http_saturated_total Requests refused with 503 because every worker was "
         "busy and the queue was full.");
    line("# TYPE dispatch_http_saturated_total counter");
    line("dispatch_http_saturated_total " + QByteArray::number(m_saturated));
    line("# HELP dispatch_http_workers Database worker threads.");
    line("# TYPE dispatch_http_workers gauge");
    line("dispatch_http_workers " + QByteArray::number(workers));
    line("# HELP dispatch_http_queue_limit Requests that may wait for a worker.");
    line("# TYPE dispatch_http_queue_limit gauge");
    line("dispatch_http_queue_limit " + QByteArray::number(queueLimit));
    line("# HELP dispatch_http_in_flight Requests running or waiting for a worker.");
    line("# TYPE dispatch_http_in_flight gauge");
    line("dispatch_http_in_flight " + QByteArray::number(inFlight));
    return out;
}

quint64 ApiMetrics::totalRequests() const
{
    quint64 total = 0;
    for (const quint64 count : m_requests)
        total += count;
    return total;
}

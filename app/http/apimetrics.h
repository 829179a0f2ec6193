#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <array>

// Counters and a latency histogram for the driver API, rendered in Prometheus' text format
// (version 0.0.4). Lives on the HTTP thread and is touched only there: every answer is
// recorded where it is sent, so no locking is needed.
class ApiMetrics
{
public:
    // Every answered request, by route ("assign", "release", "available", "healthz",
    // "metrics", "unknown") and status.
    void recordRequest(const QString &route, int status);
    // An assign answered from a fresh claim: outcome is the database's code
    // (ORDER_ALREADY_YOURS is kept apart here, though it travels as ORDER_ALREADY_ASSIGNED).
    void recordClaim(const QString &outcome, bool conflict, double seconds);
    void recordReplay() { ++m_replays; }
    void recordSaturated() { ++m_saturated; }

    QByteArray render(int workers, int queueLimit, int inFlight) const;
    quint64 totalRequests() const;
    quint64 conflicts() const { return m_conflicts; }

private:
    static constexpr std::array<double, 12> kBuckets { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,   0.25,   0.5,   1.0,  2.5,   5.0 };
    QMap<QPair<QString, int>, quint64> m_requests;
    QMap<QString, quint64> m_claims;
    quint64 m_conflicts = 0;
    quint64 m_replays = 0;
    quint64 m_saturated = 0;
    std::array<quint64, kBuckets.size()> m_bucketCounts {};
    quint64 m_latencyCount = 0;
    double m_latencySum = 0;
};

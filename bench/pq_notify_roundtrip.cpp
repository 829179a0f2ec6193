// The baseline for the live-board latency benchmark: libpq alone, no Qt.
//
// Connection B LISTENs on orders_changed (the channel the history trigger of sql/002
// notified; since sql/019 the change feed sends it: connection F polls change_feed_poll
// every 10 ms on a thread of its own, as a console's elected listener does). Connection A claims a
// ready order with the same statement the console's repository runs (claim_order). Measured per
// sample: from just before A sends the claim to B holding the notification for that order. The
// console's figure (dispatch-bench board-latency) is measured the same way up to "row gone from
// ReadyOrdersModel".
//
// Usage: pq-notify-roundtrip CONNINFO SAMPLES GAP_MS DRIVERS SEED
// Prints one line: samples=… timeouts=… p50_ms=… p95_ms=… p99_ms=… max_ms=…

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <libpq-fe.h>
#include <poll.h>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<size_t>(p / 100.0 * double(values.size() - 1) + 0.5);
    return values[std::min(rank, values.size() - 1)];
}

bool ok(PGresult *result, const char *what)
{
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return true;
    std::fprintf(stderr, "pq-notify-roundtrip: %s: %s", what, PQresultErrorMessage(result));
    return false;
}

// Reads what arrived on B; true when a notification for orderId is among it (one object
// before sql/019, an array of them from the feed).
bool drain(PGconn *conn, long long orderId)
{
    bool seen = false;
    PQconsumeInput(conn);
    while (PGnotify *notify = PQnotifies(conn)) {
        for (const char *id = std::strstr(notify->extra, "\"id\" : "); id;
             id = std::strstr(id + 7, "\"id\" : ")) {
            if (std::atoll(id + 7) == orderId)
                seen = true;
        }
        PQfreemem(notify);
    }
    return seen;
}

// The change feed of sql/019, as the console's elected listener runs it (every 10 ms), on
// its own connection; nothing when the database has no change_feed_poll (before 019: the
// trigger notifies).
void runFeed(const char *conninfo, const std::atomic<bool> *stop)
{
    PGconn *f = PQconnectdb(conninfo);
    if (PQstatus(f) != CONNECTION_OK) {
        std::fprintf(stderr, "pq-notify-roundtrip: feed: %s", PQerrorMessage(f));
        PQfinish(f);
        return;
    }
    PGresult *result = PQexec(f, "SELECT to_regprocedure('change_feed_poll(integer)') IS NOT NULL");
    const bool hasFeed = ok(result, "feed probe") && PQgetvalue(result, 0, 0)[0] == 't';
    PQclear(result);
    while (hasFeed && !stop->load()) {
        result = PQexec(f, "SELECT count(*) FROM change_feed_poll(1000)");
        const bool polled = ok(result, "feed");
        PQclear(result);
        if (!polled)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    PQfinish(f);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s CONNINFO SAMPLES GAP_MS DRIVERS SEED\n", argv[0]);
        return 2;
    }
    const char *conninfo = argv[1];
    const int samples = std::clamp(std::atoi(argv[2]), 1, 100000);
    const int gapMs = std::clamp(std::atoi(argv[3]), 0, 10000);
    const int drivers = std::max(1, std::atoi(argv[4]));
    std::mt19937_64 random(std::strtoull(argv[5], nullptr, 10));

    PGconn *a = PQconnectdb(conninfo);
    PGconn *b = PQconnectdb(conninfo);
    if (PQstatus(a) != CONNECTION_OK || PQstatus(b) != CONNECTION_OK) {
        std::fprintf(stderr, "pq-notify-roundtrip: %s",
                     PQerrorMessage(PQstatus(a) != CONNECTION_OK ? a : b));
        return 1;
    }
    PGresult *result = PQexec(b, "LISTEN orders_changed");
    if (!ok(result, "LISTEN"))
        return 1;
    PQclear(result);
    // The orders the console's board would show (ready, oldest first, its 5,000 cap).
    result = PQexec(a,
                    "SELECT id FROM orders WHERE status = 'ready' AND driver_id IS NULL"
                    " AND is_active ORDER BY ready_at, id LIMIT 5000");
    if (!ok(result, "ready orders"))
        return 1;
    std::vector<long long> ids;
    for (int row = 0; row < PQntuples(result); ++row)
        ids.push_back(std::atoll(PQgetvalue(result, row, 0)));
    PQclear(result);
    std::shuffle(ids.begin(), ids.end(), random);
    if (int(ids.size()) < samples) {
        std::fprintf(stderr, "pq-notify-roundtrip: only %zu ready orders\n", ids.size());
        return 1;
    }
    result = PQprepare(a, "claim",
                       "SELECT outcome FROM claim_order($1::bigint, $2::bigint, 'sql', 'bench')", 2,
                       nullptr);
    if (!ok(result, "prepare"))
        return 1;
    PQclear(result);

    std::atomic<bool> stopFeed { false };
    std::thread feed(runFeed, conninfo, &stopFeed);

    std::vector<double> latencies;
    int timeouts = 0;
    for (int i = 0; i < samples; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(gapMs));
        drain(b, -1);
        const std::string id = std::to_string(ids[size_t(i)]);
        const std::string driver = std::to_string(1 + int(random() % unsigned(drivers)));
        const char *values[] = { id.c_str(), driver.c_str() };
        const auto t0 = Clock::now();
        result = PQexecPrepared(a, "claim", 2, values, nullptr, nullptr, 0);
        if (!ok(result, "claim")) {
            stopFeed = true;
            feed.join();
            return 1;
        }
        PQclear(result);
        bool seen = drain(b, ids[size_t(i)]);
        const auto deadline = t0 + std::chrono::seconds(2);
        while (!seen && Clock::now() < deadline) {
            pollfd fd { PQsocket(b), POLLIN, 0 };
            const auto left
                = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            ::poll(&fd, 1, int(std::max<long long>(1, left.count())));
            seen = drain(b, ids[size_t(i)]);
        }
        if (!seen) {
            ++timeouts;
            continue;
        }
        latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::printf("samples=%zu timeouts=%d p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
                latencies.size(), timeouts, percentile(latencies, 50), percentile(latencies, 95),
                percentile(latencies, 99), percentile(latencies, 100));
    stopFeed = true;
    feed.join();
    PQfinish(a);
    PQfinish(b);
    return timeouts == 0 ? 0 : 1;
}

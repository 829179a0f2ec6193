#pragma once

#include "core/claimoutcome.h"
#include "db/connectionsettings.h"
#include "http/apimetrics.h"
#include "http/httplimits.h"
#include "http/ratelimiter.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

class DatabaseWorkerPool;
class DriverApiSession;
class HttpListener;
class HttpResponder;
struct HttpRequestData;
struct HttpReply;

// The driver HTTP API (the seed's endpoint, issue 6):
//
//   POST /api/driver/orders/{id}/assign    OrderRepository::claim as the token's driver
//   POST /api/driver/orders/{id}/release   OrderRepository::release, same driver only
//   POST /api/driver/orders/{id}/pickup    the delivery's steps (OrderRepository::advance),
//   POST /api/driver/orders/{id}/transit     only for the driver holding the order, from the
//   POST /api/driver/orders/{id}/deliver     step's starting status; fail takes
//   POST /api/driver/orders/{id}/fail        {"reason": "…"} (3 to 500 characters)
//   GET  /api/driver/orders/available      ready, unheld orders, oldest first (?limit=1..100)
//   GET  /api/driver/orders/mine           the driver's orders in delivery
//   POST /api/driver/shift                 {"on_shift": true|false}
//   GET  /healthz                          200 when the database answers, else 503
//   GET  /metrics                          Prometheus text
//
// Claims are rate limited per driver (Options::rateLimit): 429 RATE_LIMITED, Retry-After.
//
// The driver is always the owner of the bearer token (Authorization: Bearer …), never a
// field the client chooses. Answers are the ClaimOutcome table as status + JSON
// {code, message, order_id, driver_id, …}; see docs/http-api.md. Every POST takes an
// Idempotency-Key. Routing is a table (routes()): one handler per route.
//
// Lives on the thread that created it (the HTTP thread: routing, logging, metrics); all
// database work runs on a DatabaseWorkerPool, each worker with its own connection.
class DriverApi : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 8080; // 0: any free port, see port()
        int workers = 4;
        int queueLimit = 64; // requests that may wait for a worker before 503
        HttpLimits limits; // what one client may cost: body, headers, connections, timeouts
        // Claims (assign) per driver: over it, 429 RATE_LIMITED with Retry-After, nothing
        // done or recorded. Off by default here; `serve` turns it on (10/s, burst 20).
        RateLimit rateLimit;
        // One line per request (method, path without query, status, latency). Default:
        // stderr. Never given a token.
        std::function<void(const QString &)> accessLog;
    };

    DriverApi(const ConnectionSettings &settings, Options options, QObject *parent = nullptr);
    ~DriverApi() override;

    bool start(QString *error);
    quint16 port() const { return m_port; }
    QString baseUrl() const; // "http://127.0.0.1:8080"
    const ApiMetrics &metrics() const { return m_metrics; }
    int inFlight() const; // requests running on or waiting for a worker
    // Requests handed to the API whose answer was not yet given to their connection: what a
    // graceful stop waits for (serve's drain on SIGTERM).
    int unanswered() const { return m_unanswered; }
    // Stops accepting connections (the port is closed); open connections are still served.
    void stopListening();

    struct Answer; // a reply plus what the log and the metrics need to know about it
    struct Call; // one request in progress

    struct Route; // method, path pattern, label, handler
    struct Request; // what a handler gets: the request, its {id} segment, the bearer token

private:
    static const QList<Route> &routes();
    void handle(const HttpRequestData &request, const HttpResponder &responder);
    void finish(const Call &call, const Answer &answer);
    void submit(const Call &call, std::function<Answer(DriverApiSession &)> work);

    // One per route.
    void serveHealth(const Call &call, const Request &request);
    void serveMetrics(const Call &call, const Request &request);
    void serveAvailable(const Call &call, const Request &request);
    void serveMine(const Call &call, const Request &request);
    void serveAssign(const Call &call, const Request &request);
    void serveRelease(const Call &call, const Request &request);
    void servePickUp(const Call &call, const Request &request);
    void serveTransit(const Call &call, const Request &request);
    void serveDeliver(const Call &call, const Request &request);
    void serveFail(const Call &call, const Request &request);
    void serveShift(const Call &call, const Request &request);

    // The order routes: {id} parsed, then serveKeyed.
    void serveOrderStep(const Call &call, const Request &request, bool isClaim,
                        std::function<ClaimOutcome(DriverApiSession &, qint64 orderId,
                                                   qint64 driverId, const QByteArray &tokenHash)>
                            act);
    // Runs act under the request's Idempotency-Key (if any) for the token's driver; render
    // turns its outcome into status + JSON (stored with the key). isClaim: counted as a claim.
    void serveKeyed(const Call &call, const Request &request, QJsonObject refusalExtra,
                    bool isClaim,
                    std::function<ClaimOutcome(DriverApiSession &, qint64 driverId,
                                               const QByteArray &tokenHash)>
                        act,
                    std::function<std::pair<int, QJsonObject>(const ClaimOutcome &)> render);

    ConnectionSettings m_settings;
    Options m_options;
    ApiMetrics m_metrics;
    std::shared_ptr<RateLimiter> m_rateLimiter; // shared with the workers' closures
    std::unique_ptr<DatabaseWorkerPool> m_pool;
    HttpListener *m_listener = nullptr;
    quint16 m_port = 0;
    int m_unanswered = 0;
};

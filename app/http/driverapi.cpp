#include "http/driverapi.h"

#include "http/databaseworkerpool.h"
#include "http/driverapisession.h"
#include "http/httplistener.h"
#include "http/requestparsing.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <algorithm>
#include <cstdio>
#include <optional>

struct DriverApi::Answer
{
    HttpReply reply;
    QString code; // the JSON "code", for the log
    QString claimOutcome; // non-empty: a fresh claim, for the metrics
    bool conflict = false;
    bool replayed = false;
};

struct DriverApi::Call
{
    QByteArray method;
    QString path;
    QString route;
    QElapsedTimer timer;
    HttpResponder responder;
};

namespace {

constexpr qsizetype kMaxBodyBytes = 64 * 1024;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

DriverApi::Answer jsonAnswer(int status, const QString &code, const QString &message,
                             QJsonObject extra = {})
{
    extra.insert(QStringLiteral("code"), code);
    extra.insert(QStringLiteral("message"), message);
    DriverApi::Answer answer;
    answer.reply.status = status;
    answer.reply.body = compact(extra);
    answer.code = code;
    if (status == 401) {
        // RFC 6750 §3: the client must send a (valid) bearer token in the header.
        answer.reply.headers.append(
            { QByteArrayLiteral("WWW-Authenticate"),
              QByteArrayLiteral("Bearer realm=\"dispatch-console\", error=\"invalid_token\"") });
    }
    if (status == 503)
        answer.reply.headers.append({ QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1") });
    return answer;
}

DriverApi::Answer unavailableAnswer()
{
    return jsonAnswer(
        503, QStringLiteral("DATABASE_UNAVAILABLE"),
        DriverApi::tr("The database is unavailable; nothing was changed. Try again shortly."));
}

// What every driver route answers when the token does not give an active driver;
// nullopt for an active driver. extra goes into the 403 body (driver_id is added).
std::optional<DriverApi::Answer> refusalFor(const DriverApiSession::Driver &driver,
                                            QJsonObject extra = {})
{
    switch (driver.status) {
    case DriverApiSession::Driver::Status::Unavailable:
        return unavailableAnswer();
    case DriverApiSession::Driver::Status::UnknownToken:
        return jsonAnswer(401, QStringLiteral("UNAUTHORIZED"),
                          DriverApi::tr("The token is not valid (revoked or never issued)."));
    case DriverApiSession::Driver::Status::Inactive:
        extra.insert(QStringLiteral("driver_id"), driver.id);
        return jsonAnswer(403, QStringLiteral("DRIVER_INACTIVE"),
                          DriverApi::tr("Driver %1 is not active.").arg(driver.id), extra);
    case DriverApiSession::Driver::Status::Active:
        break;
    }
    return std::nullopt;
}

QString isoUtc(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// The outcome table as sent to a driver app. A driver who lost learns who won by the name
// the console's board shows (so the two can sort it out, as a dispatcher would tell them);
// nothing else about that driver (id, token, contact) and not the dispatcher's identity
// behind a hold.
std::pair<int, QJsonObject> render(const ClaimOutcome &outcome)
{
    int status = outcome.httpStatus();
    QString code = outcome.codeName();
    QString message = outcome.message();
    QJsonObject body;
    body.insert(QStringLiteral("order_id"), outcome.orderId);
    body.insert(QStringLiteral("driver_id"), outcome.driverId);
    if (!outcome.orderStatus.isEmpty())
        body.insert(QStringLiteral("order_status"), outcome.orderStatus);

    switch (outcome.code) {
    case OutcomeCode::Assigned:
        body.insert(QStringLiteral("assigned_at"), isoUtc(outcome.since));
        break;
    case OutcomeCode::AlreadyYours:
        // Not a new win and not someone else's conflict; without an Idempotency-Key it is a
        // 409 like any other, so a driver's repeated request never yields a second 200.
        status = 409;
        code = QStringLiteral("ORDER_ALREADY_ASSIGNED");
        message = DriverApi::tr("Order %1 is already assigned to you.").arg(outcome.orderId);
        body.insert(QStringLiteral("assigned_to_you"), true);
        body.insert(QStringLiteral("assigned_at"), isoUtc(outcome.since));
        break;
    case OutcomeCode::AlreadyAssigned:
        message = outcome.holderName.isEmpty()
            ? DriverApi::tr("Order %1 is already assigned to another driver.").arg(outcome.orderId)
            : DriverApi::tr("Order %1 is already assigned to %2.")
                  .arg(outcome.orderId)
                  .arg(outcome.holderName);
        body.insert(QStringLiteral("assigned_to_you"), false);
        if (!outcome.holderName.isEmpty())
            body.insert(QStringLiteral("assigned_to"), outcome.holderName);
        body.insert(QStringLiteral("assigned_at"), isoUtc(outcome.since));
        break;
    case OutcomeCode::OrderHeld:
        message = DriverApi::tr("Order %1 is held by a dispatcher until %2.")
                      .arg(outcome.orderId)
                      .arg(isoUtc(outcome.heldUntil));
        body.insert(QStringLiteral("held_until"), isoUtc(outcome.heldUntil));
        break;
    case OutcomeCode::NotHeldByDriver:
        message = DriverApi::tr("Order %1 is not assigned to you.").arg(outcome.orderId);
        break;
    case OutcomeCode::DatabaseUnavailable:
        message
            = DriverApi::tr("The database is unavailable; nothing was changed. Try again shortly.");
        break;
    default:
        break;
    }
    body.insert(QStringLiteral("code"), code);
    body.insert(QStringLiteral("message"), message);
    if (outcome.serverLatencyUs > 0)
        body.insert(QStringLiteral("latency_us"), outcome.serverLatencyUs);
    return { status, body };
}

DriverApi::Answer answerFrom(int status, const QJsonObject &body)
{
    DriverApi::Answer answer;
    answer.reply.status = status;
    answer.reply.body = compact(body);
    answer.code = body.value(QStringLiteral("code")).toString();
    if (status == 503)
        answer.reply.headers.append({ QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1") });
    return answer;
}

// "Bearer <token>" → token; nullopt for anything else (other schemes, empty, malformed).
std::optional<QByteArray> bearerToken(const HttpRequestData &request)
{
    // Two Authorization headers (maybe two drivers' tokens) are ambiguous: refuse them
    // rather than act for whichever came first.
    const auto authorizations
        = std::count_if(request.headers.cbegin(), request.headers.cend(), [](const auto &header) {
              return header.first.compare("authorization", Qt::CaseInsensitive) == 0;
          });
    if (authorizations != 1)
        return std::nullopt;
    return bearerTokenFrom(request.header("authorization"));
}

QString safePath(const QString &path)
{
    // Percent-encoded by Qt already; cap the length so a 1 MB URL is not a 1 MB log line.
    return path.size() > 200 ? path.left(200) + QStringLiteral("…") : path;
}

} // namespace

DriverApi::DriverApi(const ConnectionSettings &settings, Options options, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_options(std::move(options))
    , m_rateLimiter(std::make_shared<RateLimiter>(m_options.rateLimit))
{
    if (!m_options.accessLog) {
        m_options.accessLog = [](const QString &line) {
            std::fputs(qPrintable(line + QLatin1Char('\n')), stderr);
            std::fflush(stderr);
        };
    }
}

DriverApi::~DriverApi()
{
    // Workers first: they hand answers to this object.
    m_pool.reset();
}

bool DriverApi::start(QString *error)
{
    m_listener
        = new HttpListener([this](const HttpRequestData &request,
                                  const HttpResponder &responder) { handle(request, responder); },
                           m_options.limits, this);
    // Answers the limits gave before any route saw the request: counted and logged too.
    connect(m_listener, &HttpListener::refused, this, [this](int status, const QString &code) {
        m_metrics.recordRequest(QStringLiteral("refused"), status);
        m_options.accessLog(QStringLiteral("%1 - - %2 %3 -")
                                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                                .arg(status)
                                .arg(code));
    });
    m_port = m_listener->listenOn(m_options.address, m_options.port, error);
    if (m_port == 0) {
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    // Named after the port, so pg_stat_activity tells two servers' workers apart.
    m_pool = std::make_unique<DatabaseWorkerPool>(m_settings, QStringLiteral("http-%1").arg(m_port),
                                                  m_options.workers, m_options.queueLimit);
    return true;
}

int DriverApi::inFlight() const
{
    return m_pool ? m_pool->inFlight() : 0;
}

QString DriverApi::baseUrl() const
{
    const QString host = m_options.address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + m_options.address.toString() + QLatin1Char(']')
        : m_options.address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
}

void DriverApi::stopListening()
{
    if (!m_listener)
        return;
    for (QTcpServer *server : m_listener->servers())
        server->close();
}

void DriverApi::finish(const Call &call, const Answer &answer)
{
    call.responder.send(answer.reply);
    --m_unanswered;
    const double seconds = double(call.timer.nsecsElapsed()) / 1e9;
    m_metrics.recordRequest(call.route, answer.reply.status);
    if (!answer.claimOutcome.isEmpty())
        m_metrics.recordClaim(answer.claimOutcome, answer.conflict, seconds);
    if (answer.replayed)
        m_metrics.recordReplay();
    m_options.accessLog(QStringLiteral("%1 %2 %3 %4 %5 %6ms")
                            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                 QString::fromLatin1(call.method), safePath(call.path))
                            .arg(answer.reply.status)
                            .arg(answer.code.isEmpty() ? QStringLiteral("-") : answer.code)
                            .arg(seconds * 1000.0, 0, 'f', 2));
}

void DriverApi::submit(const Call &call, std::function<Answer(DriverApiSession &)> work)
{
    const bool accepted
        = m_pool->trySubmit([this, call, work = std::move(work)](DriverApiSession &session) {
              Answer answer = work(session);
              return DatabaseWorkerPool::Delivery([this, call, answer = std::move(answer)] {
                  QMetaObject::invokeMethod(
                      this, [this, call, answer] { finish(call, answer); }, Qt::QueuedConnection);
              });
          });
    if (!accepted) {
        m_metrics.recordSaturated();
        finish(call,
               jsonAnswer(503, QStringLiteral("SERVER_BUSY"),
                          tr("Every worker is busy; nothing was changed. Try again "
                             "shortly.")));
    }
}

struct DriverApi::Request
{
    const HttpRequestData &http;
    QString idSegment; // the path segment "{id}" matched, if the route has one
    QByteArray token; // the bearer token, for routes that act for a driver
};

struct DriverApi::Route
{
    QByteArray method;
    QStringList pattern; // path segments; "{id}" matches any one segment
    QString name; // the label in metrics and the log
    bool forDriver; // acts for the bearer token's driver: token checks first
    void (DriverApi::*serve)(const Call &, const Request &);
};

const QList<DriverApi::Route> &DriverApi::routes()
{
    const auto path = [](const char *text) {
        return QString::fromLatin1(text).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    };
    static const QList<Route> table {
        { "GET", path("healthz"), QStringLiteral("healthz"), false, &DriverApi::serveHealth },
        { "GET", path("metrics"), QStringLiteral("metrics"), false, &DriverApi::serveMetrics },
        { "GET", path("api/driver/orders/available"), QStringLiteral("available"), true,
          &DriverApi::serveAvailable },
        { "GET", path("api/driver/orders/mine"), QStringLiteral("mine"), true,
          &DriverApi::serveMine },
        { "POST", path("api/driver/orders/{id}/assign"), QStringLiteral("assign"), true,
          &DriverApi::serveAssign },
        { "POST", path("api/driver/orders/{id}/release"), QStringLiteral("release"), true,
          &DriverApi::serveRelease },
        { "POST", path("api/driver/orders/{id}/pickup"), QStringLiteral("pickup"), true,
          &DriverApi::servePickUp },
        { "POST", path("api/driver/orders/{id}/transit"), QStringLiteral("transit"), true,
          &DriverApi::serveTransit },
        { "POST", path("api/driver/orders/{id}/deliver"), QStringLiteral("deliver"), true,
          &DriverApi::serveDeliver },
        { "POST", path("api/driver/orders/{id}/fail"), QStringLiteral("fail"), true,
          &DriverApi::serveFail },
        { "POST", path("api/driver/shift"), QStringLiteral("shift"), true, &DriverApi::serveShift },
    };
    return table;
}

namespace {

// "/api/driver/orders/7/assign" against {"api", "driver", "orders", "{id}", "assign"}.
bool pathMatches(const QStringList &pattern, const QStringList &segments, QString *id)
{
    if (pattern.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == QLatin1String("{id}"))
            *id = segments[i];
        else if (pattern[i] != segments[i])
            return false;
    }
    return true;
}

DriverApi::Answer invalid(const QString &message, QJsonObject extra = {})
{
    return jsonAnswer(400, QStringLiteral("INVALID_REQUEST"), message, std::move(extra));
}

// A lifecycle answer also says since when the order is in its (new or current) status.
std::pair<int, QJsonObject> renderStep(const ClaimOutcome &outcome)
{
    auto [status, body] = render(outcome);
    if (outcome.since.isValid()
        && (outcome.isSuccess() || outcome.code == OutcomeCode::WrongStatus))
        body.insert(QStringLiteral("status_since"), isoUtc(outcome.since));
    return { status, body };
}

} // namespace

void DriverApi::handle(const HttpRequestData &request, const HttpResponder &responder)
{
    ++m_unanswered; // every path below ends in finish()
    Call call;
    call.timer.start();
    call.method = request.method;
    call.path = request.path;
    call.responder = responder;

    // "/api/driver/orders/7/assign" → {"api", "driver", "orders", "7", "assign"}; a path with
    // empty segments ("//", a trailing "/") matches no route.
    const QStringList segments = request.path.split(QLatin1Char('/'));
    const QStringList parts = segments.mid(1);
    const bool wellFormed = segments.size() >= 2 && segments[0].isEmpty()
        && std::none_of(parts.cbegin(), parts.cend(), [](const QString &p) { return p.isEmpty(); });
    const Route *route = nullptr;
    QByteArray allowed;
    QString idSegment;
    for (const Route &candidate : routes()) {
        QString id;
        if (!wellFormed || !pathMatches(candidate.pattern, parts, &id))
            continue;
        if (call.route.isEmpty())
            call.route = candidate.name;
        if (candidate.method == request.method) {
            route = &candidate;
            call.route = candidate.name;
            idSegment = id;
            break;
        }
        allowed = candidate.method;
    }
    if (!route && allowed.isEmpty()) {
        call.route = QStringLiteral("unknown");
        finish(call, jsonAnswer(404, QStringLiteral("NOT_FOUND"), tr("No such endpoint.")));
        return;
    }
    if (!route) {
        Answer answer = jsonAnswer(405, QStringLiteral("METHOD_NOT_ALLOWED"),
                                   tr("Use %1 here.").arg(QString::fromLatin1(allowed)));
        answer.reply.headers.append({ QByteArrayLiteral("Allow"), allowed });
        finish(call, answer);
        return;
    }
    if (request.body.size() > kMaxBodyBytes) {
        finish(call,
               jsonAnswer(413, QStringLiteral("PAYLOAD_TOO_LARGE"),
                          tr("This endpoint takes no request body.")));
        return;
    }

    Request routed { request, idSegment, {} };
    if (route->forDriver) {
        // Everything past here acts for a driver: the bearer token decides which one.
        const QUrlQuery &query = request.query;
        if (query.hasQueryItem(QStringLiteral("access_token"))
            || query.hasQueryItem(QStringLiteral("token"))) {
            finish(call,
                   jsonAnswer(401, QStringLiteral("UNAUTHORIZED"),
                              tr("Send the token in the Authorization header, never in the "
                                 "URL.")));
            return;
        }
        const std::optional<QByteArray> token = bearerToken(request);
        if (!token) {
            finish(call,
                   jsonAnswer(401, QStringLiteral("UNAUTHORIZED"),
                              tr("Send \"Authorization: Bearer <token>\" with a driver's "
                                 "token.")));
            return;
        }
        routed.token = *token;
    }
    (this->*route->serve)(call, routed);
}

void DriverApi::serveMetrics(const Call &call, const Request &)
{
    Answer answer;
    answer.reply.contentType = "text/plain; version=0.0.4; charset=utf-8";
    answer.reply.body
        = m_metrics.render(m_pool->workers(), m_pool->queueLimit(), m_pool->inFlight());
    finish(call, answer);
}

void DriverApi::serveHealth(const Call &call, const Request &)
{
    submit(call, [](DriverApiSession &session) {
        return session.ping() ? jsonAnswer(200, QStringLiteral("OK"), tr("The database answers."))
                              : unavailableAnswer();
    });
}

void DriverApi::serveAvailable(const Call &call, const Request &request)
{
    const QUrlQuery &query = request.http.query;
    int limit = 20;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        const std::optional<int> parsed = limitFrom(query.queryItemValue(QStringLiteral("limit")));
        if (!parsed) {
            finish(call, invalid(tr("limit must be a whole number from 1 to 100.")));
            return;
        }
        limit = *parsed;
    }
    submit(call, [token = request.token, limit](DriverApiSession &session) {
        const DriverApiSession::Driver driver = session.authenticate(token);
        if (auto refusal = refusalFor(driver))
            return *refusal;
        qint64 ready = 0;
        const std::optional<QJsonArray> orders = session.availableOrders(limit, &ready);
        if (!orders)
            return unavailableAnswer();
        // All that are ready, not the page: "57 order(s) ready; showing the oldest 20."
        QString message = tr("%n order(s) ready.", nullptr, int(ready));
        if (ready > orders->size())
            message += QLatin1Char(' ') + tr("Showing the oldest %1.").arg(orders->size());
        return jsonAnswer(200, QStringLiteral("OK"), message,
                          { { QStringLiteral("driver_id"), driver.id },
                            { QStringLiteral("available"), ready },
                            { QStringLiteral("orders"), *orders } });
    });
}

void DriverApi::serveMine(const Call &call, const Request &request)
{
    submit(call, [token = request.token](DriverApiSession &session) {
        const DriverApiSession::Driver driver = session.authenticate(token);
        if (auto refusal = refusalFor(driver))
            return *refusal;
        const std::optional<QJsonArray> orders = session.myOrders(driver);
        if (!orders)
            return unavailableAnswer();
        return jsonAnswer(
            200, QStringLiteral("OK"), tr("%n order(s) in delivery.", nullptr, int(orders->size())),
            { { QStringLiteral("driver_id"), driver.id }, { QStringLiteral("orders"), *orders } });
    });
}

void DriverApi::serveAssign(const Call &call, const Request &request)
{
    serveOrderStep(call, request, true,
                   [](DriverApiSession &session, qint64 orderId, qint64 driverId,
                      const QByteArray &tokenHash) {
                       return session.claim(orderId, { {}, driverId, tokenHash });
                   });
}

void DriverApi::serveRelease(const Call &call, const Request &request)
{
    serveOrderStep(call, request, false,
                   [](DriverApiSession &session, qint64 orderId, qint64 driverId,
                      const QByteArray &tokenHash) {
                       return session.release(orderId, { {}, driverId, tokenHash });
                   });
}

namespace {

auto stepAction(DeliveryStep step, const QString &reason = {})
{
    return [step, reason](DriverApiSession &session, qint64 orderId, qint64 driverId,
                          const QByteArray &tokenHash) {
        return session.advance(orderId, { {}, driverId, tokenHash }, step, reason);
    };
}

// A JSON object body, or nullopt; an empty body is an empty object.
std::optional<QJsonObject> jsonBody(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

void DriverApi::servePickUp(const Call &call, const Request &request)
{
    serveOrderStep(call, request, false, stepAction(DeliveryStep::PickUp));
}

void DriverApi::serveTransit(const Call &call, const Request &request)
{
    serveOrderStep(call, request, false, stepAction(DeliveryStep::StartTransit));
}

void DriverApi::serveDeliver(const Call &call, const Request &request)
{
    serveOrderStep(call, request, false, stepAction(DeliveryStep::Deliver));
}

void DriverApi::serveFail(const Call &call, const Request &request)
{
    const std::optional<QJsonObject> body = jsonBody(request.http.body);
    const QJsonValue reason = body ? body->value(QStringLiteral("reason")) : QJsonValue();
    if (!reason.isString() || reason.toString().trimmed().size() < 3
        || reason.toString().size() > 500) {
        finish(call,
               invalid(tr("Say why the delivery failed: {\"reason\": \"…\"}, 3 to 500 "
                          "characters.")));
        return;
    }
    serveOrderStep(call, request, false, stepAction(DeliveryStep::Fail, reason.toString()));
}

void DriverApi::serveShift(const Call &call, const Request &request)
{
    const std::optional<QJsonObject> body = jsonBody(request.http.body);
    const QJsonValue onShift = body ? body->value(QStringLiteral("on_shift")) : QJsonValue();
    if (!onShift.isBool()) {
        finish(call, invalid(tr("Send {\"on_shift\": true} or {\"on_shift\": false}.")));
        return;
    }
    // The shift's details reach the answer through this, filled by the work on the worker
    // thread and read by the render right after it (the same call of withIdempotencyKey).
    auto shift = std::make_shared<DriverShift>();
    serveKeyed(
        call, request, {}, false,
        [on = onShift.toBool(), shift](DriverApiSession &session, qint64 driverId,
                                       const QByteArray &tokenHash) {
            *shift = session.setShift({ {}, driverId, tokenHash }, on);
            return shift->outcome;
        },
        [shift](const ClaimOutcome &outcome) {
            auto [status, body] = render(outcome);
            body.remove(QStringLiteral("order_id"));
            if (outcome.isSuccess()) {
                const bool busy = shift->capacity && shift->activeOrders >= *shift->capacity;
                body.insert(QStringLiteral("on_shift"), shift->onShift);
                body.insert(QStringLiteral("state"),
                            !shift->onShift ? QStringLiteral("off_shift")
                                : busy      ? QStringLiteral("busy")
                                            : QStringLiteral("available"));
                body.insert(QStringLiteral("shift_changed_at"), isoUtc(shift->since));
                body.insert(QStringLiteral("active_orders"), shift->activeOrders);
                body.insert(QStringLiteral("max_concurrent_orders"),
                            shift->capacity ? QJsonValue(*shift->capacity) : QJsonValue());
            }
            return std::pair<int, QJsonObject> { status, body };
        });
}

void DriverApi::serveOrderStep(
    const Call &call, const Request &request, bool isClaim,
    std::function<ClaimOutcome(DriverApiSession &, qint64, qint64, const QByteArray &)> act)
{
    const std::optional<qint64> orderId = orderIdFrom(request.idSegment);
    if (!orderId) {
        finish(call, invalid(tr("An order number must be a positive whole number.")));
        return;
    }
    serveKeyed(
        call, request, { { QStringLiteral("order_id"), *orderId } }, isClaim,
        [orderId = *orderId, act = std::move(act)](DriverApiSession &session, qint64 driverId,
                                                   const QByteArray &tokenHash) {
            return act(session, orderId, driverId, tokenHash);
        },
        isClaim ? render : renderStep);
}

void DriverApi::serveKeyed(
    const Call &call, const Request &request, QJsonObject refusalExtra, bool isClaim,
    std::function<ClaimOutcome(DriverApiSession &, qint64, const QByteArray &)> act,
    std::function<std::pair<int, QJsonObject>(const ClaimOutcome &)> renderOutcome)
{
    QString key;
    if (request.http.hasHeader("idempotency-key")) {
        const std::optional<QString> parsed
            = idempotencyKeyFrom(request.http.header("idempotency-key"));
        if (!parsed) {
            finish(call, invalid(tr("An Idempotency-Key is 1 to 200 visible ASCII characters.")));
            return;
        }
        key = *parsed;
    }
    // What "the same request" means for a key: same method, path and body.
    QCryptographicHash fingerprint(QCryptographicHash::Sha256);
    fingerprint.addData(request.http.method);
    fingerprint.addData(QByteArrayView("\n"));
    fingerprint.addData(request.http.path.toUtf8());
    fingerprint.addData(QByteArrayView("\n"));
    fingerprint.addData(request.http.body);
    const QByteArray requestHash = fingerprint.result();

    submit(call,
           [token = request.token, key, requestHash, isClaim, refusalExtra, act = std::move(act),
            renderOutcome = std::move(renderOutcome),
            limiter = m_rateLimiter](DriverApiSession &session) {
               const DriverApiSession::Driver driver = session.authenticate(token);
               if (auto refusal = refusalFor(driver, refusalExtra))
                   return *refusal;
               // Before the key and the claim: a refused claim leaves no trace but the log.
               if (const int wait = isClaim ? limiter->take(driver.id) : 0; wait > 0) {
                   QJsonObject extra = refusalExtra;
                   extra.insert(QStringLiteral("driver_id"), driver.id);
                   extra.insert(QStringLiteral("retry_after_s"), wait);
                   Answer answer = jsonAnswer(
                       429, QStringLiteral("RATE_LIMITED"),
                       tr("Too many claims; nothing was changed. Try again in %n second(s).",
                          nullptr, wait),
                       extra);
                   answer.reply.headers.append(
                       { QByteArrayLiteral("Retry-After"), QByteArray::number(wait) });
                   return answer;
               }
               const auto work = [&act, driver](DriverApiSession &s) {
                   return act(s, driver.id, driver.tokenHash);
               };
               const auto fresh = [isClaim, &renderOutcome](const ClaimOutcome &outcome) {
                   const auto [status, body] = renderOutcome(outcome);
                   Answer answer = answerFrom(status, body);
                   if (isClaim) {
                       answer.claimOutcome = outcome.codeName();
                       answer.conflict = outcome.isConflict();
                   }
                   return answer;
               };
               if (key.isEmpty())
                   return fresh(work(session));

               const DriverApiSession::StoredAnswer stored
                   = session.withIdempotencyKey(driver, key, requestHash, work, renderOutcome);
               switch (stored.kind) {
               case DriverApiSession::StoredAnswer::Kind::Unavailable:
                   return unavailableAnswer();
               case DriverApiSession::StoredAnswer::Kind::KeyReused: {
                   QJsonObject extra = refusalExtra;
                   extra.insert(QStringLiteral("driver_id"), driver.id);
                   return jsonAnswer(422, QStringLiteral("IDEMPOTENCY_KEY_REUSED"),
                                     tr("This Idempotency-Key was used for a different request."),
                                     extra);
               }
               case DriverApiSession::StoredAnswer::Kind::Replayed: {
                   Answer answer = answerFrom(stored.status, stored.body);
                   answer.replayed = true;
                   answer.reply.headers.append(
                       { QByteArrayLiteral("Idempotent-Replayed"), QByteArrayLiteral("true") });
                   return answer;
               }
               case DriverApiSession::StoredAnswer::Kind::Fresh:
                   break;
               }
               return fresh(*stored.outcome);
           });
}

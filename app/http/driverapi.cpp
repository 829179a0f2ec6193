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

void DriverApi::handle(const HttpRequestData &request, const HttpResponder &responder)
{
    ++m_unanswered; // every path below ends in finish()
    Call call;
    call.timer.start();
    call.method = request.method;
    call.path = request.path;
    call.responder = responder;

    const QStringList parts = request.path.split(QLatin1Char('/'));
    // "/api/driver/orders/…" → {"", "api", "driver", "orders", …}
    const bool driverApi = parts.size() >= 5 && parts[0].isEmpty()
        && parts[1] == QLatin1String("api") && parts[2] == QLatin1String("driver")
        && parts[3] == QLatin1String("orders");
    QByteArray allowed;
    if (request.path == QLatin1String("/healthz")) {
        call.route = QStringLiteral("healthz");
        allowed = "GET";
    } else if (request.path == QLatin1String("/metrics")) {
        call.route = QStringLiteral("metrics");
        allowed = "GET";
    } else if (driverApi && parts.size() == 5 && parts[4] == QLatin1String("available")) {
        call.route = QStringLiteral("available");
        allowed = "GET";
    } else if (driverApi && parts.size() == 6
               && (parts[5] == QLatin1String("assign") || parts[5] == QLatin1String("release"))) {
        call.route = parts[5];
        allowed = "POST";
    } else {
        call.route = QStringLiteral("unknown");
        finish(call, jsonAnswer(404, QStringLiteral("NOT_FOUND"), tr("No such endpoint.")));
        return;
    }
    if (request.method != allowed) {
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

    if (call.route == QLatin1String("metrics")) {
        Answer answer;
        answer.reply.contentType = "text/plain; version=0.0.4; charset=utf-8";
        answer.reply.body
            = m_metrics.render(m_pool->workers(), m_pool->queueLimit(), m_pool->inFlight());
        finish(call, answer);
        return;
    }
    if (call.route == QLatin1String("healthz")) {
        submit(call, [](DriverApiSession &session) {
            return session.ping()
                ? jsonAnswer(200, QStringLiteral("OK"), tr("The database answers."))
                : unavailableAnswer();
        });
        return;
    }

    // Everything below acts for a driver: the bearer token decides which one.
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

    if (call.route == QLatin1String("available")) {
        int limit = 20;
        if (query.hasQueryItem(QStringLiteral("limit"))) {
            const std::optional<int> parsed
                = limitFrom(query.queryItemValue(QStringLiteral("limit")));
            if (!parsed) {
                finish(call,
                       jsonAnswer(400, QStringLiteral("INVALID_REQUEST"),
                                  tr("limit must be a whole number from 1 to 100.")));
                return;
            }
            limit = *parsed;
        }
        submit(call, [token = *token, limit](DriverApiSession &session) {
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
        return;
    }

    // assign / release
    const std::optional<qint64> orderId = orderIdFrom(parts[4]);
    if (!orderId) {
        finish(call,
               jsonAnswer(400, QStringLiteral("INVALID_REQUEST"),
                          tr("An order number must be a positive whole number.")));
        return;
    }
    QString key;
    if (request.hasHeader("idempotency-key")) {
        const std::optional<QString> parsed = idempotencyKeyFrom(request.header("idempotency-key"));
        if (!parsed) {
            finish(call,
                   jsonAnswer(400, QStringLiteral("INVALID_REQUEST"),
                              tr("An Idempotency-Key is 1 to 200 visible ASCII "
                                 "characters.")));
            return;
        }
        key = *parsed;
    }
    // What "the same request" means for a key: same method, path and body.
    QCryptographicHash fingerprint(QCryptographicHash::Sha256);
    fingerprint.addData(request.method);
    fingerprint.addData(QByteArrayView("\n"));
    fingerprint.addData(request.path.toUtf8());
    fingerprint.addData(QByteArrayView("\n"));
    fingerprint.addData(request.body);
    const QByteArray requestHash = fingerprint.result();
    const bool assign = call.route == QLatin1String("assign");

    submit(
        call,
        [token = *token, orderId = *orderId, key, requestHash, assign](DriverApiSession &session) {
            const DriverApiSession::Driver driver = session.authenticate(token);
            if (auto refusal = refusalFor(driver, { { QStringLiteral("order_id"), orderId } }))
                return *refusal;
            const auto work = [assign, orderId, driver](DriverApiSession &s) {
                return assign ? s.claim(orderId, driver) : s.release(orderId, driver);
            };
            const auto fresh = [assign](const ClaimOutcome &outcome) {
                const auto [status, body] = render(outcome);
                Answer answer = answerFrom(status, body);
                if (assign) {
                    answer.claimOutcome = outcome.codeName();
                    answer.conflict = outcome.isConflict();
                }
                return answer;
            };
            if (key.isEmpty())
                return fresh(work(session));

            const DriverApiSession::StoredAnswer stored
                = session.withIdempotencyKey(driver, key, requestHash, work, render);
            switch (stored.kind) {
            case DriverApiSession::StoredAnswer::Kind::Unavailable:
                return unavailableAnswer();
            case DriverApiSession::StoredAnswer::Kind::KeyReused:
                return jsonAnswer(422, QStringLiteral("IDEMPOTENCY_KEY_REUSED"),
                                  tr("This Idempotency-Key was used for a different request."),
                                  { { QStringLiteral("order_id"), orderId },
                                    { QStringLiteral("driver_id"), driver.id } });
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

#include "http/httplistener.h"

#include "http/httpconnection.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

} // namespace

QByteArray HttpRequestData::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.isNull() ? QByteArray("") : value;
    }
    return {};
}

bool HttpRequestData::hasHeader(QByteArrayView name) const
{
    return !header(name).isNull();
}

HttpListener::HttpListener(Handler handler, const HttpLimits &limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
    , m_limits(limits)
{ }

HttpListener::~HttpListener() = default;

QHttpServerResponder HttpListener::makeResponderFor(const QHttpServerRequest &request,
                                                    QTcpSocket *socket)
{
    return makeResponder(request, socket);
}

quint16 HttpListener::listenOn(const QHostAddress &address, quint16 port, QString *error)
{
    // Our own QTcpServer rather than QAbstractHttpServer::listen(), which only logs why
    // it failed (the user should read "address already in use" on stderr), and ours so that
    // every connection is watched before Qt reads it.
    auto server = std::make_unique<HttpTcpServer>(this, m_limits);
    if (!server->listen(address, port)) {
        if (error)
            *error = server->errorString();
        return 0;
    }
    const quint16 bound = server->serverPort();
    bind(server.release()); // parented to us
    return bound;
}

bool HttpListener::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnection *connection = HttpConnection::of(socket);
    if (!connection)
        return false; // not one of ours: cannot happen, HttpTcpServer attaches one to each
    HttpRequestData data;
    data.method = methodName(request.method());
    data.path = request.url().path(QUrl::FullyEncoded);
    data.query = request.query();
    data.headers = request.headers();
    data.body = request.body();
    connection->received(std::move(data), request);
    return true;
}

void HttpListener::dispatch(const HttpRequestData &request, const HttpResponder &responder)
{
    m_handler(request, responder);
}

void HttpListener::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() takes every request. Answer plainly if it ever is.
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
    socket->disconnectFromHost();
}

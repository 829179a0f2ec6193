#include "httplistener.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>
#include <QTcpServer>
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

// Statuses Qt's responder knows a reason phrase for (it looks them up with map::at()).
QHttpServerResponder::StatusCode statusCode(int status)
{
    switch (status) {
    case 200:
    case 400:
    case 401:
    case 403:
    case 404:
    case 405:
    case 409:
    case 413:
    case 422:
    case 500:
    case 503:
        return QHttpServerResponder::StatusCode(status);
    default:
        return QHttpServerResponder::StatusCode::InternalServerError;
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

struct HttpResponder::State
{
    QPointer<HttpListener> listener;
    QPointer<QTcpSocket> socket;
    // Qt's request object for this connection: it lives exactly as long as the socket.
    const QHttpServerRequest *request = nullptr;
    bool keepAlive = false;
    bool sent = false;
};

bool HttpResponder::isSent() const
{
    return !m_state || m_state->sent;
}

void HttpResponder::send(const HttpReply &reply) const
{
    if (!m_state || m_state->sent)
        return;
    m_state->sent = true;
    QTcpSocket *socket = m_state->socket.data();
    if (!m_state->listener || !socket || socket->state() != QAbstractSocket::ConnectedState)
        return; // the client hung up: nobody to tell

    QHttpServerResponse response(reply.contentType, reply.body, statusCode(reply.status));
    for (const auto &[name, value] : reply.headers)
        response.addHeader(name, value);
    response.addHeader(QByteArrayLiteral("Connection"),
                       m_state->keepAlive ? QByteArrayLiteral("keep-alive")
                                          : QByteArrayLiteral("close"));
    response.write(HttpListener::makeResponderFor(*m_state->request, socket));
    if (!m_state->keepAlive)
        socket->disconnectFromHost(); // after the buffered answer is written
}

HttpListener::HttpListener(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
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
    // it failed: the user should read "address already in use" on stderr.
    auto server = std::make_unique<QTcpServer>();
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
    HttpRequestData data;
    data.method = methodName(request.method());
    data.path = request.url().path(QUrl::FullyEncoded);
    data.query = request.query();
    data.headers = request.headers();
    data.body = request.body();

    HttpResponder responder;
    responder.m_state = std::make_shared<HttpResponder::State>();
    responder.m_state->listener = this;
    responder.m_state->socket = socket;
    responder.m_state->request = &request;
    responder.m_state->keepAlive
        = data.header("connection").trimmed().compare("keep-alive", Qt::CaseInsensitive) == 0;
    m_handler(data, responder);
    return true;
}

void HttpListener::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() takes every request. Answer plainly if it ever is.
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

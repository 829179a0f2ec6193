#pragma once

#include "http/httplimits.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>
#include <functional>
#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

// One request, copied out of Qt HttpServer's own object (which is reused for the next
// request on the same connection), so it can travel to a worker thread.
struct HttpRequestData
{
    QByteArray method; // "GET", "POST", …; "UNKNOWN" for anything Qt does not name
    QString path; // as sent (percent-encoded), without the query: safe to log
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // The first header of that name (case-insensitive); isNull() when absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

struct HttpReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// Answers one request, once, from the listener's thread; later calls are ignored. Safe to
// keep after the client went away: then the answer is dropped. Copies share one answer.
class HttpResponder
{
public:
    void send(const HttpReply &reply) const;
    bool isSent() const;

private:
    friend class HttpConnection;
    struct State;
    std::shared_ptr<State> m_state;
};

// Our small adapter over Qt HttpServer 6.4 (a technical preview whose API changed in 6.5):
// the rest of the code sees HttpRequestData / HttpReply / HttpResponder only.
//
// Why QAbstractHttpServer and not QHttpServer's router: 6.4's route handlers that return
// QFuture<QHttpServerResponse> capture the request by reference and the socket as a raw
// pointer, so a client that hangs up while a worker is busy would leave a dangling socket.
// Here each connection is an HttpConnection (a child of its socket) that the answer reaches
// through a QPointer: an answer for a closed connection is dropped.
// Qt still parses HTTP; we only look at the framing before it does, to keep a client from
// costing more than HttpLimits allow (HttpConnection).
//
// The handler sees one request of a connection at a time: the next is handed over only
// after the answer to this one was sent, so answers go out in request order.
//
// Lives on the thread that created it (the main thread); the handler runs there.
class HttpListener : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequestData &, const HttpResponder &)>;

    explicit HttpListener(Handler handler, const HttpLimits &limits = {},
                          QObject *parent = nullptr);
    ~HttpListener() override;

    // The port actually bound (the chosen one for port 0), or 0 and *error on failure.
    quint16 listenOn(const QHostAddress &address, quint16 port, QString *error);
    const HttpLimits &limits() const { return m_limits; }

signals:
    // A request or connection refused by the limits themselves, never seen by the handler
    // (code as in the answer's JSON: PAYLOAD_TOO_LARGE, HEADERS_TOO_LARGE, …). Emitted when
    // decided; the answer follows those to the connection's earlier requests.
    void refused(int status, const QString &code);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    friend class HttpConnection;
    static QHttpServerResponder makeResponderFor(const QHttpServerRequest &request,
                                                 QTcpSocket *socket);
    void dispatch(const HttpRequestData &request, const HttpResponder &responder);

    Handler m_handler;
    HttpLimits m_limits;
};

#pragma once

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
    friend class HttpListener;
    struct State;
    std::shared_ptr<State> m_state;
};

// Our small adapter over Qt HttpServer 6.4 (a technical preview whose API changed in 6.5):
// the rest of the code sees HttpRequestData / HttpReply / HttpResponder only.
//
// Why QAbstractHttpServer and not QHttpServer's router: 6.4's route handlers that return
// QFuture<QHttpServerResponse> capture the request by reference and the socket as a raw
// pointer, so a client that hangs up while a worker is busy would leave a dangling socket.
// Here the socket is watched by a QPointer and an answer for a closed connection is dropped.
// Qt still parses HTTP; we never do.
//
// Lives on the thread that created it (the main thread); the handler runs there.
class HttpListener : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequestData &, const HttpResponder &)>;

    explicit HttpListener(Handler handler, QObject *parent = nullptr);
    ~HttpListener() override;

    // The port actually bound (the chosen one for port 0), or 0 and *error on failure.
    quint16 listenOn(const QHostAddress &address, quint16 port, QString *error);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    friend class HttpResponder;
    static QHttpServerResponder makeResponderFor(const QHttpServerRequest &request,
                                                 QTcpSocket *socket);

    Handler m_handler;
};

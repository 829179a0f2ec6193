#pragma once

#include "http/httplimits.h"
#include "http/httplistener.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <QTimer>
#include <optional>

class QHttpServerRequest;
class QTcpSocket;

// The framing of one request as Qt HttpServer 6.4's parser reads it (the same rule for where
// the headers end), checked against the limits before Qt reads the bytes. Knows where a
// Content-Length request ends; a chunked one ends where Qt says it does (reset()).
class RequestFraming
{
public:
    struct Refusal
    {
        int status = 0;
        QString code; // the JSON "code", as the API's own answers
        QString message;
    };

    // Looks at the next n bytes of the stream. Returns how many belong to this request
    // (fewer than n once its end is known); *refusal is set when the request must not be
    // read any further.
    qsizetype scan(const char *data, qsizetype n, const HttpLimits &limits,
                   std::optional<Refusal> *refusal);
    bool started() const { return m_headerBytes > 0; }
    void reset() { *this = RequestFraming(); }

private:
    enum class State { Headers, Body, Complete };
    std::optional<Refusal> checkHeaders(const HttpLimits &limits);

    State m_state = State::Headers;
    qsizetype m_headerBytes = 0; // blank lines before the request line included
    QByteArray m_block; // request line and headers, until their end (≤ maxHeaderBytes)
    bool m_chunked = false;
    qint64 m_bodyLeft = 0; // Content-Length bodies
    qint64 m_bodyBytes = 0; // chunked bodies, as sent
};

// One client connection, watched before Qt HttpServer reads it, and its requests run one
// at a time in order.
//
// Why: Qt 6.4's QAbstractHttpServer reads every byte on readyRead into a socket transaction
// and its own buffers, a whole body included, before handleRequest() sees anything; it has
// no limit, no timeout and answers pipelined requests in whatever order they finish.
// HttpTcpServer creates this object before it hands the socket to Qt, so its readyRead slot
// runs before Qt's: it peeks at the bytes Qt has not consumed yet (RequestFraming) and,
// over a limit, disconnects Qt's slot so Qt never reads them, answers itself
// (400/408/413/431/501/503, JSON like the API's) and closes. The socket's read buffer is
// capped (setReadBufferSize), so TCP flow control holds back what nobody reads.
//
// Requests Qt parsed are queued here and handed to the listener's handler one at a time;
// the next starts only when the previous answer has been written to the socket, so
// answers go out in request order and pipelined claims never run concurrently (RFC 9112
// §9.3.2). Closing is graceful: after the last answer, no more reading as requests, a
// half-close (FIN) and a short drain, so the client reads the answer instead of a reset.
//
// Lives on the listener's thread, as a child of its socket (deleted with it).
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    // The socket is Qt's to read (handed over with QTcpServer::addPendingConnection() right
    // after) unless refusal is set: then it is answered that and closed, and Qt never sees it.
    HttpConnection(QTcpSocket *socket, HttpListener *listener, const HttpLimits &limits,
                   std::optional<RequestFraming::Refusal> refusal = std::nullopt);

    static HttpConnection *of(QTcpSocket *socket);

    // Once Qt connected its own readyRead slot: connects the one that runs after it.
    void watchAfterQt();

    // From HttpListener::handleRequest(), inside Qt's readyRead: one whole request.
    void received(HttpRequestData request, const QHttpServerRequest &qtRequest);

private:
    friend class HttpResponder;
    struct Pending
    {
        HttpRequestData request;
        bool keepAlive = false;
        std::optional<RequestFraming::Refusal> refusal; // set: answer this, then close
    };
    enum class Mode {
        Open, // reading requests
        Draining, // no more requests read; answering the queued ones, then closing
        Closing, // last answer written: half-closed, draining input until the peer closes
    };

    void beforeQtReads();
    void afterQtRead();
    void answer(quint64 sequence, const HttpReply &reply);
    void pump();
    void stopReading();
    void finishWith(std::optional<RequestFraming::Refusal> refusal);
    void queueRefusal(const RequestFraming::Refusal &refusal);
    void writeRefusal(const RequestFraming::Refusal &refusal);
    void closeGracefully();
    void discardInput();
    void shutdownWrite();
    void updateIdleTimer();

    QTcpSocket *m_socket;
    QPointer<HttpListener> m_listener;
    HttpLimits m_limits;
    bool m_qtOwned; // Qt HttpServer deletes the socket; otherwise we do
    bool m_qtReading; // Qt's readyRead slot still connected
    Mode m_mode = Mode::Open;

    // Stream offsets (bytes since the connection opened). Only Qt's slot consumes, and only
    // between beforeQtReads() and afterQtRead().
    qint64 m_consumed = 0; // read by Qt
    qint64 m_scanned = 0; // looked at by m_framing
    qint64 m_availableBeforeQt = 0;
    bool m_completedInPass = false;
    RequestFraming m_framing;

    const QHttpServerRequest *m_qtRequest = nullptr; // Qt's, lives as long as the socket
    QList<Pending> m_queue;
    bool m_inFlight = false;
    bool m_keepAlive = false; // of the request in flight
    quint64 m_sequence = 0;

    QTimer m_requestTimer; // first byte of a request → its last
    QTimer m_idleTimer; // nothing to do
    QTimer m_lingerTimer; // closing: the peer has this long to hang up
    qint64 m_discarded = 0;
    bool m_writeShutDown = false;
};

// The listening socket of an HttpListener: attaches an HttpConnection to every accepted
// socket before Qt HttpServer sees it, and refuses connections over
// HttpLimits::maxConnections (503, never handed to Qt).
class HttpTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    HttpTcpServer(HttpListener *listener, const HttpLimits &limits);

protected:
    void incomingConnection(qintptr handle) override;

private:
    HttpListener *m_listener;
    HttpLimits m_limits;
    int m_open = 0; // connections Qt reads
    int m_refusing = 0; // connections being told 503
};

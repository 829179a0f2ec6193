#include "http/httpconnection.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(HttpConnection)
};

// Room in the socket's read buffer beyond the largest request allowed: the buffer holds a
// request until Qt has parsed all of it (Qt reads inside a socket transaction).
constexpr qsizetype kReadBufferSlack = 16 * 1024;
// A closing connection keeps reading (and dropping) what the client still sends for this
// long, or this much, so that its kernel does not answer our last answer with a reset.
constexpr int kLingerMs = 2000;
constexpr qint64 kLingerBytes = 8 * 1024 * 1024;

using Refusal = RequestFraming::Refusal;

Refusal malformed()
{
    return { 400, QStringLiteral("INVALID_REQUEST"),
             Text::tr("The request's framing is malformed or ambiguous (a header line, "
                      "Content-Length or Transfer-Encoding); nothing was changed.") };
}

Refusal bodyTooLarge(const HttpLimits &limits)
{
    return { 413, QStringLiteral("PAYLOAD_TOO_LARGE"),
             Text::tr("This endpoint takes no request body (at most %1 bytes are accepted); "
                      "nothing was changed.")
                 .arg(limits.maxBodyBytes) };
}

Refusal headersTooLarge(const HttpLimits &limits)
{
    return { 431, QStringLiteral("HEADERS_TOO_LARGE"),
             Text::tr("The request line and headers are over %1 bytes; nothing was changed.")
                 .arg(limits.maxHeaderBytes) };
}

Refusal unknownEncoding()
{
    return { 501, QStringLiteral("NOT_IMPLEMENTED"),
             Text::tr("Only \"Transfer-Encoding: chunked\" is understood; nothing was changed.") };
}

Refusal requestTimeout(const HttpLimits &limits)
{
    return { 408, QStringLiteral("REQUEST_TIMEOUT"),
             Text::tr("The request did not arrive whole within %1 ms; nothing was changed.")
                 .arg(limits.requestTimeoutMs) };
}

Refusal tooManyConnections()
{
    return { 503, QStringLiteral("SERVER_BUSY"),
             Text::tr("Too many open connections; nothing was changed. Try again shortly.") };
}

Refusal tooManyPipelined()
{
    return { 503, QStringLiteral("SERVER_BUSY"),
             Text::tr("Too many requests sent ahead of their answers on one connection; this "
                      "one was not run. Try again shortly.") };
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
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
    case 429:
    case 500:
    case 503:
        return QHttpServerResponder::StatusCode(status);
    default:
        return QHttpServerResponder::StatusCode::InternalServerError;
    }
}

// What Qt's parser skips before a request line (QHttpServerRequestPrivate::readRequestLine).
bool isLeadingWhitespace(char c)
{
    return c == '\v' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
}

// RFC 9110 §5.6.2 tchar: anything else in a field name is refused, so that no name means
// one thing to us and another to Qt or to a proxy in front ("Content-Length :").
bool isTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isDigits(QByteArrayView value)
{
    return !value.isEmpty()
        && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

// RequestFraming ------------------------------------------------------------------------------

qsizetype RequestFraming::scan(const char *data, qsizetype n, const HttpLimits &limits,
                               std::optional<Refusal> *refusal)
{
    qsizetype used = 0;
    if (m_state == State::Headers) {
        while (used < n) {
            const char c = data[used++];
            if (++m_headerBytes > limits.maxHeaderBytes) {
                *refusal = headersTooLarge(limits);
                return used;
            }
            if (m_block.isEmpty() && isLeadingWhitespace(c))
                continue;
            m_block.append(c);
            // Qt's rule for the end of the headers: CRLFCRLF, CRLFLF, LFCRLF or LFLF.
            if (c == '\n' && (m_block.endsWith("\n\r\n") || m_block.endsWith("\n\n"))) {
                if (auto wrong = checkHeaders(limits)) {
                    *refusal = wrong;
                    return used;
                }
                m_block = QByteArray();
                break;
            }
        }
    }
    if (m_state == State::Body && used < n) {
        const qsizetype rest = n - used;
        if (m_chunked) {
            // Where a chunked body ends is Qt's to find (reset()); until then every byte
            // counts, chunk framing included.
            m_bodyBytes += rest;
            used = n;
            if (m_bodyBytes > limits.maxBodyBytes)
                *refusal = bodyTooLarge(limits);
        } else {
            const qsizetype take = qsizetype(qMin<qint64>(rest, m_bodyLeft));
            m_bodyLeft -= take;
            used += take;
            if (m_bodyLeft == 0)
                m_state = State::Complete;
        }
    }
    return used;
}

std::optional<RequestFraming::Refusal> RequestFraming::checkHeaders(const HttpLimits &limits)
{
    QList<QByteArray> lengths;
    QList<QByteArray> encodings;
    const QList<QByteArray> lines = m_block.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // lines[0] is the request line: Qt's
        QByteArrayView line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue; // the blank line that ends the headers
        if (line.front() == ' ' || line.front() == '\t')
            return malformed(); // obs-fold: a proxy may join the lines, Qt does not
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return malformed();
        const QByteArrayView name = line.first(colon);
        if (!std::all_of(name.begin(), name.end(), isTokenChar))
            return malformed();
        const QByteArray value = line.sliced(colon + 1).toByteArray().trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            lengths.append(value);
        else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            encodings.append(value);
    }

    // Request smuggling (RFC 9112 §6.3): whoever reads the framing differently from a proxy
    // in front sees a different next request. Anything but one plain framing is refused.
    if (!encodings.isEmpty()) {
        if (!lengths.isEmpty())
            return malformed();
        if (encodings.size() != 1 || encodings.front().compare("chunked", Qt::CaseInsensitive))
            return unknownEncoding();
        m_chunked = true;
        m_state = State::Body;
        return std::nullopt;
    }
    if (lengths.isEmpty()) {
        m_state = State::Complete;
        return std::nullopt;
    }
    for (const QByteArray &length : std::as_const(lengths)) {
        if (!isDigits(length) || length != lengths.front())
            return malformed();
    }
    if (lengths.front().size() > 18) // more than qint64 holds, and far more than allowed
        return bodyTooLarge(limits);
    const qint64 length = lengths.front().toLongLong();
    if (length > limits.maxBodyBytes)
        return bodyTooLarge(limits);
    m_bodyLeft = length;
    m_state = length > 0 ? State::Body : State::Complete;
    return std::nullopt;
}

// HttpResponder --------------------------------------------------------------------------------

struct HttpResponder::State
{
    QPointer<HttpConnection> connection;
    quint64 sequence = 0;
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
    if (HttpConnection *connection = m_state->connection.data())
        connection->answer(m_state->sequence, reply);
    // else the client hung up: nobody to tell
}

// HttpConnection -------------------------------------------------------------------------------

HttpConnection::HttpConnection(QTcpSocket *socket, HttpListener *listener, const HttpLimits &limits,
                               std::optional<Refusal> refusal)
    : QObject(socket)
    , m_socket(socket)
    , m_listener(listener)
    , m_limits(limits)
    , m_qtOwned(!refusal)
    , m_qtReading(!refusal)
{
    // The buffer holds at most one request Qt is parsing, plus some: past that, the socket
    // stops reading and the client's TCP window closes.
    m_socket->setReadBufferSize(m_limits.maxHeaderBytes + m_limits.maxBodyBytes + kReadBufferSlack);
    // Connected before Qt's slot (Qt connects when the socket is handed over), so it runs
    // first on every readyRead.
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::beforeQtReads);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_mode == Mode::Closing) {
            if (m_socket->bytesToWrite() == 0)
                shutdownWrite();
            return;
        }
        if (m_idleTimer.isActive())
            m_idleTimer.start(); // the client is reading: not idle
        pump();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_requestTimer.stop();
        m_idleTimer.stop();
        m_lingerTimer.stop();
        m_queue.clear();
        if (!m_qtOwned)
            m_socket->deleteLater(); // Qt deletes the sockets it reads
    });

    for (QTimer *timer : { &m_requestTimer, &m_idleTimer, &m_lingerTimer })
        timer->setSingleShot(true);
    m_requestTimer.setInterval(m_limits.requestTimeoutMs);
    m_idleTimer.setInterval(m_limits.idleTimeoutMs);
    m_lingerTimer.setInterval(kLingerMs);
    connect(&m_requestTimer, &QTimer::timeout, this,
            [this] { finishWith(requestTimeout(m_limits)); });
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::closeGracefully);
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] { m_socket->abort(); });

    if (refusal) {
        m_mode = Mode::Draining;
        queueRefusal(*refusal);
        pump();
    } else {
        updateIdleTimer();
    }
}

HttpConnection *HttpConnection::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<HttpConnection *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

void HttpConnection::watchAfterQt()
{
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::afterQtRead);
}

void HttpConnection::beforeQtReads()
{
    if (m_mode != Mode::Open) {
        discardInput();
        return;
    }
    const qint64 available = m_socket->bytesAvailable(); // what Qt has not consumed
    m_availableBeforeQt = available;
    m_completedInPass = false;
    m_scanned = qMax(m_scanned, m_consumed);
    const qint64 offset = m_scanned - m_consumed;
    if (offset >= available)
        return; // nothing new (or this request's end is known and Qt is yet to reach it)

    const QByteArray bytes = m_socket->peek(available);
    const bool wasStarted = m_framing.started();
    std::optional<Refusal> refusal;
    m_scanned += m_framing.scan(bytes.constData() + offset, bytes.size() - qsizetype(offset),
                                m_limits, &refusal);
    if (refusal) {
        finishWith(refusal); // Qt's slot, next in line, is disconnected: it reads nothing
        return;
    }
    if (!wasStarted && m_framing.started()) {
        m_idleTimer.stop();
        m_requestTimer.start();
    }
}

void HttpConnection::afterQtRead()
{
    if (!m_qtReading)
        return;
    m_consumed += m_availableBeforeQt - m_socket->bytesAvailable();
    // Qt read past the end we found without finishing a request: it frames this stream
    // differently from us, so the limits no longer hold. Refuse rather than guess.
    if (!m_completedInPass && m_consumed > m_scanned)
        finishWith(malformed());
}

void HttpConnection::received(HttpRequestData request, const QHttpServerRequest &qtRequest)
{
    m_qtRequest = &qtRequest;
    // Qt stops reading exactly at the end of the request: the next one starts here.
    m_scanned = m_consumed + (m_availableBeforeQt - m_socket->bytesAvailable());
    m_completedInPass = true;
    m_framing.reset();
    m_requestTimer.stop();
    if (m_mode != Mode::Open)
        return; // not reached: Qt stopped reading

    if (m_queue.size() + (m_inFlight ? 1 : 0) >= m_limits.maxPipelinedRequests) {
        finishWith(tooManyPipelined());
        return;
    }
    const bool keepAlive
        = request.header("connection").trimmed().compare("keep-alive", Qt::CaseInsensitive) == 0;
    m_queue.append({ std::move(request), keepAlive, std::nullopt });
    pump();
}

void HttpConnection::pump()
{
    if (m_mode == Mode::Closing || m_inFlight
        || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    updateIdleTimer();
    if (m_socket->bytesToWrite() > 0)
        return; // bytesWritten brings us back: one answer in the socket at a time
    if (m_queue.isEmpty()) {
        if (m_mode == Mode::Draining)
            closeGracefully();
        return;
    }
    Pending next = m_queue.takeFirst();
    if (next.refusal) {
        writeRefusal(*next.refusal);
        closeGracefully();
        return;
    }
    if (!m_listener) {
        closeGracefully();
        return;
    }
    m_inFlight = true;
    m_keepAlive = next.keepAlive;
    updateIdleTimer();
    HttpResponder responder;
    responder.m_state = std::make_shared<HttpResponder::State>();
    responder.m_state->connection = this;
    responder.m_state->sequence = ++m_sequence;
    m_listener->dispatch(next.request, responder); // may answer at once, re-entering pump()
}

void HttpConnection::answer(quint64 sequence, const HttpReply &reply)
{
    if (!m_inFlight || sequence != m_sequence)
        return;
    m_inFlight = false;
    if (m_socket->state() != QAbstractSocket::ConnectedState || !m_qtRequest) {
        updateIdleTimer();
        return;
    }
    // The last answer on a connection says so.
    const bool last = !m_keepAlive || (m_mode == Mode::Draining && m_queue.isEmpty());
    QHttpServerResponse response(reply.contentType, reply.body, statusCode(reply.status));
    for (const auto &[name, value] : reply.headers)
        response.addHeader(name, value);
    response.addHeader(QByteArrayLiteral("Connection"),
                       last ? QByteArrayLiteral("close") : QByteArrayLiteral("keep-alive"));
    response.write(HttpListener::makeResponderFor(*m_qtRequest, m_socket));
    if (!m_keepAlive) {
        // A client that asked for close sends nothing after this request; if it did, those
        // requests were never run.
        closeGracefully();
        return;
    }
    pump();
}

void HttpConnection::stopReading()
{
    m_requestTimer.stop();
    if (!m_qtReading)
        return;
    m_qtReading = false;
    if (m_listener) {
        // Qt's slot (its receiver is the server) is skipped from now on, even in the
        // readyRead emission under way.
        QObject::disconnect(m_socket, &QTcpSocket::readyRead, m_listener.data(), nullptr);
    }
}

void HttpConnection::finishWith(std::optional<Refusal> refusal)
{
    if (m_mode != Mode::Open)
        return;
    stopReading();
    discardInput();
    m_mode = Mode::Draining;
    if (refusal)
        queueRefusal(*refusal);
    pump();
}

void HttpConnection::queueRefusal(const Refusal &refusal)
{
    // In its turn: the requests before this one are answered first, in order. Counted and
    // logged now, when it is decided.
    m_queue.append({ {}, false, refusal });
    if (m_listener)
        emit m_listener->refused(refusal.status, refusal.code);
}

void HttpConnection::writeRefusal(const Refusal &refusal)
{
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("code"), refusal.code },
                                      { QStringLiteral("message"), refusal.message } })
              .toJson(QJsonDocument::Compact);
    QByteArray head = "HTTP/1.1 " + QByteArray::number(refusal.status) + ' '
        + reasonPhrase(refusal.status) + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n";
    if (refusal.status == 503)
        head += "Retry-After: 1\r\n";
    m_socket->write(head + "\r\n" + body);
}

void HttpConnection::closeGracefully()
{
    if (m_mode == Mode::Closing)
        return;
    stopReading();
    m_mode = Mode::Closing;
    m_queue.clear();
    m_idleTimer.stop();
    m_lingerTimer.start();
    discardInput();
    if (m_socket->bytesToWrite() == 0)
        shutdownWrite(); // else once written (bytesWritten)
}

void HttpConnection::discardInput()
{
    if (m_qtReading)
        return; // Qt's bytes
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction(); // Qt's, for a request it will never finish
    const qint64 available = m_socket->bytesAvailable();
    if (available > 0)
        m_discarded += m_socket->skip(available);
    if (m_mode == Mode::Closing && m_discarded > kLingerBytes)
        m_socket->abort();
}

void HttpConnection::shutdownWrite()
{
    if (m_writeShutDown || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_writeShutDown = true;
#ifdef Q_OS_UNIX
    // A FIN after the last answer, while we keep reading: the client reads the answer and
    // hangs up (disconnected), instead of a reset for the bytes it was still sending.
    if (::shutdown(int(m_socket->socketDescriptor()), SHUT_WR) == 0)
        return;
#endif
    m_socket->disconnectFromHost();
}

void HttpConnection::updateIdleTimer()
{
    const bool idle = m_mode != Mode::Closing && !m_inFlight && !m_framing.started();
    if (!idle)
        m_idleTimer.stop();
    else if (!m_idleTimer.isActive())
        m_idleTimer.start();
}

// HttpTcpServer --------------------------------------------------------------------------------

HttpTcpServer::HttpTcpServer(HttpListener *listener, const HttpLimits &limits)
    : m_listener(listener)
    , m_limits(limits)
{ }

void HttpTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (m_open >= m_limits.maxConnections) {
        if (m_refusing >= m_limits.maxConnections) {
            socket->abort(); // a flood: not even an answer
            socket->deleteLater();
            return;
        }
        auto *refusal = new HttpConnection(socket, m_listener, m_limits, tooManyConnections());
        ++m_refusing;
        connect(refusal, &QObject::destroyed, this, [this] { --m_refusing; });
        return; // never handed to Qt
    }
    auto *connection = new HttpConnection(socket, m_listener, m_limits);
    ++m_open;
    connect(connection, &QObject::destroyed, this, [this] { --m_open; });
    // Qt HttpServer takes the socket at once (pendingConnectionAvailable, a direct
    // connection) and connects its readyRead slot, after ours.
    addPendingConnection(socket);
    connection->watchAfterQt();
}

#pragma once

#include <QtGlobal>

// What one client may cost the driver API (issue 12: M4, L1). HttpConnection enforces each
// limit before Qt HttpServer buffers the bytes it applies to, so memory stays bounded by
// about maxConnections × (maxHeaderBytes + maxBodyBytes) × a small factor, whatever
// clients send. The defaults are what `dispatch-console serve` uses; docs/http-api.md
// ("Limits") lists them.
struct HttpLimits
{
    // The request line and headers of one request (blank lines before it included).
    // More: 431 HEADERS_TOO_LARGE, then the connection is closed.
    qsizetype maxHeaderBytes = 16 * 1024;
    // A request body: its Content-Length, or the bytes of a chunked body as sent (chunk
    // framing included). More: 413 PAYLOAD_TOO_LARGE before the body is read, then close.
    // The routes take no body; the API itself refuses one over 64 KiB as well.
    qsizetype maxBodyBytes = 64 * 1024;
    // Open client connections. The next one is answered 503 SERVER_BUSY and closed
    // without being read.
    int maxConnections = 128;
    // From the first byte of a request to its last (slowloris). Over: 408 REQUEST_TIMEOUT,
    // then close.
    int requestTimeoutMs = 15000;
    // A connection with nothing to do: no request yet, or a keep-alive connection between
    // requests, or a client that does not read its answers. Over: closed without an answer.
    int idleTimeoutMs = 30000;
    // Requests received on one connection before their answers were sent (pipelining):
    // they run one at a time, in order. More: that request gets 503 SERVER_BUSY in its
    // turn, and the connection is closed after it.
    int maxPipelinedRequests = 4;
};

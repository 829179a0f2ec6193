#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <optional>

// The driver API's rules for the untrusted parts of a request: an order id in the path, the
// Authorization header's value, an Idempotency-Key and the `limit` query parameter. Pure
// functions of their argument (no HttpServer types, safe on any thread), so a fuzzer can
// drive them directly (fuzz/fuzz_requestparsing.cpp). Each returns nullopt for anything it
// does not accept; what it returns is what the API acts on.

// The longest Idempotency-Key accepted, in characters.
inline constexpr int kMaxIdempotencyKeyLength = 200;

// Path segment "123" → 123 (1 … INT64_MAX, canonical decimal); "0", "-5", "1e3", "007",
// 40 digits, "1';--" → nullopt.
std::optional<qint64> orderIdFrom(const QString &segment);

// Authorization header value "Bearer <token>" (scheme case-insensitive) → token, if it has the
// syntax of DriverTokens::looksLikeToken; other schemes, empty, malformed → nullopt.
std::optional<QByteArray> bearerTokenFrom(QByteArrayView authorization);

// Idempotency-Key header value → the key: 1 … kMaxIdempotencyKeyLength visible ASCII
// characters once surrounding whitespace is trimmed.
std::optional<QString> idempotencyKeyFrom(QByteArrayView value);

// `limit` query parameter → a whole number 1 … 100.
std::optional<int> limitFrom(const QString &value);

// libFuzzer target (issue 8, case 9): the driver API's parsers of untrusted request parts
// (app/http/requestparsing.h), each fed every input. Checked, besides no crash and no
// sanitizer report, on whatever a parser accepts:
// - order id: the segment is exactly the decimal of a value in 1 … INT64_MAX (no sign, space or
//   leading zero) and round-trips; and a segment of that form is never refused;
// - bearer token: non-empty, visible ASCII only (no whitespace or control character), and a
//   substring of the header value;
// - Idempotency-Key: 1 … 200 visible ASCII characters;
// - limit: 1 … 100.
#include "http/requestparsing.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

bool visibleAscii(char c)
{
    return c >= 0x21 && c <= 0x7e;
}

// True when text is the canonical decimal of a value in 1 … INT64_MAX, decided without Qt.
bool canonicalPositiveInt64(const QString &text)
{
    if (text.isEmpty() || text.size() > 19 || text.front() == QLatin1Char('0'))
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    const QByteArray ascii = text.toLatin1();
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(ascii.cbegin(), ascii.cend(), value);
    return error == std::errc() && end == ascii.cend() && value >= 1;
}

void checkOrderId(const QString &segment)
{
    const std::optional<qint64> id = orderIdFrom(segment);
    if (!id) {
        if (canonicalPositiveInt64(segment))
            std::abort(); // a valid order id refused
        return;
    }
    if (*id < 1 || !canonicalPositiveInt64(segment) || segment != QString::number(*id))
        std::abort(); // accepted text that is not exactly the id's decimal
    if (orderIdFrom(QString::number(*id)) != id)
        std::abort(); // does not round-trip
}

void checkBearer(QByteArrayView header)
{
    const std::optional<QByteArray> token = bearerTokenFrom(header);
    if (!token)
        return;
    if (token->isEmpty() || header.indexOf(*token) < 0)
        std::abort(); // empty, or not taken from the header
    for (const char c : *token) {
        if (!visibleAscii(c))
            std::abort(); // whitespace or a control character in a token
    }
}

void checkIdempotencyKey(QByteArrayView value)
{
    const std::optional<QString> key = idempotencyKeyFrom(value);
    if (!key)
        return;
    if (key->isEmpty() || key->size() > 200)
        std::abort();
    for (const QChar c : *key) {
        if (c.unicode() > 0x7e || !visibleAscii(char(c.unicode())))
            std::abort(); // not visible ASCII
    }
}

void checkLimit(const QString &value)
{
    const std::optional<int> limit = limitFrom(value);
    if (limit && (*limit < 1 || *limit > 100))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size > 4096)
        return 0;
    const QByteArrayView bytes(data, static_cast<qsizetype>(size));
    const QString text = QString::fromUtf8(bytes);

    checkOrderId(text);
    checkLimit(text);
    checkIdempotencyKey(bytes);
    checkBearer(bytes);
    // Most inputs lack the scheme; also try them as the credentials after it.
    const QByteArray afterScheme = QByteArrayLiteral("Bearer ") + bytes.toByteArray();
    checkBearer(afterScheme);
    return 0;
}

#include "http/requestparsing.h"

#include "claims/drivertokens.h"

#include <QRegularExpression>

std::optional<qint64> orderIdFrom(const QString &segment)
{
    // \A…\z, not ^…$: "$" also matches before a final newline, and toLongLong() skips it.
    static const QRegularExpression digits(
        QRegularExpression::anchoredPattern(QStringLiteral("[1-9][0-9]{0,18}")));
    if (!digits.match(segment).hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 id = segment.toLongLong(&ok);
    return ok ? std::optional<qint64>(id) : std::nullopt;
}

std::optional<QByteArray> bearerTokenFrom(QByteArrayView authorization)
{
    const QByteArray header = authorization.toByteArray().trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space <= 0)
        return std::nullopt;
    if (header.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const QByteArray token = header.mid(space + 1).trimmed();
    if (!DriverTokens::looksLikeToken(token))
        return std::nullopt;
    return token;
}

std::optional<QString> idempotencyKeyFrom(QByteArrayView value)
{
    const QByteArray raw = value.toByteArray().trimmed();
    bool printable = !raw.isEmpty() && raw.size() <= kMaxIdempotencyKeyLength;
    for (const char c : raw)
        printable = printable && c >= 0x21 && c <= 0x7e;
    if (!printable)
        return std::nullopt;
    return QString::fromLatin1(raw);
}

std::optional<int> limitFrom(const QString &value)
{
    bool ok = false;
    const int limit = value.toInt(&ok);
    if (!ok || limit < 1 || limit > 100)
        return std::nullopt;
    return limit;
}

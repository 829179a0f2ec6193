#include "claims/drivertokens.h"

#include "db/databaseconnection.h"
#include "db/statementcache.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QVariant>
#include <array>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(DriverTokens)
};

constexpr qsizetype kTokenBytes = 32;
constexpr qsizetype kTokenChars = 43; // base64url of 32 bytes, no padding

DriverTokens::Result store(QSqlDatabase db, qint64 driverId, const QVariant &hashValue)
{
    DriverTokens::Result result;
    if (driverId <= 0) {
        result.error = Text::tr("A driver number must be a positive whole number.");
        return result;
    }
    QSqlQuery query = StatementCache::unnamed(db);
    query.prepare(QStringLiteral(
        "UPDATE drivers SET api_token_hash = ? WHERE id = ? RETURNING id, is_active"));
    query.addBindValue(hashValue);
    query.addBindValue(driverId);
    if (!query.exec()) {
        result.error = Text::tr("Could not store the token: %1")
                           .arg(DatabaseConnection::describe(query.lastError()));
        return result;
    }
    if (!query.next()) {
        result.error = Text::tr("Driver %1 does not exist.").arg(driverId);
        return result;
    }
    result.ok = true;
    result.driverInactive = !query.value(1).toBool();
    return result;
}

} // namespace

namespace DriverTokens {

QString generate()
{
    std::array<quint32, kTokenBytes / sizeof(quint32)> words {};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray raw(reinterpret_cast<const char *>(words.data()), kTokenBytes);
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray hash(QByteArrayView token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

bool looksLikeToken(QByteArrayView token)
{
    if (token.size() != kTokenChars)
        return false;
    for (const char c : token) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

Result issue(QSqlDatabase db, qint64 driverId)
{
    const QString token = generate();
    Result result = store(db, driverId, hash(token.toLatin1()));
    if (result.ok)
        result.token = token;
    if (result.driverInactive) {
        result.warning = Text::tr("driver %1 is inactive: every request with this token gets "
                                  "403 DRIVER_INACTIVE until the driver is active again.")
                             .arg(driverId);
    }
    return result;
}

Result revoke(QSqlDatabase db, qint64 driverId)
{
    return store(db, driverId, QVariant(QMetaType::fromType<QByteArray>()));
}

} // namespace DriverTokens

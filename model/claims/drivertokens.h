#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QSqlDatabase>
#include <QString>

// Bearer tokens for the driver HTTP API. A token is 32 bytes (256 bits) from the system's
// cryptographic random source, shown once as unpadded base64url (43 characters); only its
// SHA-256 is stored, in drivers.api_token_hash. Nobody — not the console, not a database
// dump — can recover a token from what is stored.
//
// Tokens are looked up by their hash (an index lookup on a UNIQUE column), never compared
// byte by byte in C++: a timing side channel would at most reveal bits of a SHA-256 of an
// unguessable value, so a constant-time comparison would protect nothing here.
namespace DriverTokens {

QString generate();
QByteArray hash(QByteArrayView token);
// Cheap syntax check before any database work: 43 base64url characters.
bool looksLikeToken(QByteArrayView token);

// The driver a token hash belongs to (bind the hash). Exposed so each HTTP worker can
// prepare it once on its own connection. Through sql/010's SECURITY DEFINER function, so
// a dispatch_driver login, which may not read the hashes, can run the API.
inline constexpr const char *kLookupSql = "SELECT driver_id, is_active FROM driver_for_token(?)";

struct Result
{
    bool ok = false;
    QString token; // issue(): the new token, to be shown once; never logged
    QString error; // one line for a person; never contains a token
    bool driverInactive = false; // the driver exists but is_active is false
    // issue() for an inactive driver: the token is stored, but it will not work yet.
    QString warning;
};
// Replaces the driver's token (an old one stops working at once).
Result issue(QSqlDatabase db, qint64 driverId);
// Removes the driver's token: every request with it gets 401 from then on.
Result revoke(QSqlDatabase db, qint64 driverId);

} // namespace DriverTokens

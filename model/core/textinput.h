#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

// Small pure helpers every model shares, so that the board's filter and the inspector's
// search clean text the same way and every timestamp from PostgreSQL is read the same way.
namespace TextInput {

// What a filter or search box holds at most; longer text is cut (board filter) or refused
// with a message (inspector search) by the caller.
constexpr qsizetype kMaxLength = 200;

// Text a user typed or pasted, as it goes to PostgreSQL: every control character (NUL, tab,
// newline, ESC…) becomes a space — PostgreSQL text cannot hold NUL, and no name or address
// means one — Unicode non-characters are dropped, and the ends are trimmed.
QString cleaned(const QString &text);

// True when the text holds a surrogate without its partner (pasted binary): it would
// become U+FFFD on the wire, so a caller refuses it with a message instead.
bool hasUnpairedSurrogate(const QString &text);

// A timestamptz column as UTC; NULL stays a null QDateTime.
QDateTime utc(const QVariant &value);

// A bigint[] literal "{1,2,3}" for a bound parameter (QPSQL binds lists as text).
QString bigintArray(const QList<qint64> &ids);

} // namespace TextInput

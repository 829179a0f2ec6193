#include "db/historymaintenance.h"

#include "db/databaseconnection.h"
#include "db/statementcache.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(HistoryMaintenance)
};

} // namespace

std::optional<QString> HistoryMaintenance::parseKeep(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d{1,5})\\s*(days?|weeks?|months?|years?)\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 count = match.captured(1).toLongLong();
    const QString unit = match.captured(2).toLower();
    const qint64 perUnit = unit.startsWith(QLatin1String("day")) ? 1
        : unit.startsWith(QLatin1String("week"))                 ? 7
        : unit.startsWith(QLatin1String("month"))                ? 30
                                                                 : 365;
    // As PostgreSQL compares intervals: a month is 30 days, a year 365.25 (sql/017 checks
    // the same bounds).
    if (count * perUnit < 30 || count * perUnit > 36500)
        return std::nullopt;
    QString plural = unit;
    if (!plural.endsWith(QLatin1Char('s')))
        plural += QLatin1Char('s');
    return QStringLiteral("%1 %2").arg(count).arg(plural);
}

HistoryMaintenance::Result HistoryMaintenance::run(QSqlDatabase db, const QString &keep)
{
    Result result;
    QSqlQuery query = StatementCache::unnamed(db);
    // Detaching a month waits for the queries reading the table, for as long as the
    // connection's lock_timeout (DatabaseConnection's short one): then it fails, changes
    // nothing, and can simply run again, rather than queue the claims behind its lock.
    if (!db.transaction()) {
        result.error = Text::tr("Could not start the maintenance: %1")
                           .arg(DatabaseConnection::describe(db.lastError()));
        return result;
    }
    query.prepare(QStringLiteral("SELECT action, relation, row_count"
                                 "  FROM maintain_history(CAST(? AS interval))"));
    query.addBindValue(keep);
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        db.rollback();
        result.error = error.nativeErrorCode() == QLatin1String("42501")
            ? Text::tr("Only the database's owner may drop history; run maintain with the "
                       "owner's login. Nothing was changed.")
            : Text::tr("The maintenance failed; nothing was changed: %1")
                  .arg(DatabaseConnection::describe(error));
        return result;
    }
    while (query.next()) {
        result.steps.append({ query.value(0).toString(), query.value(1).toString(),
                              query.value(2).isNull() ? -1 : query.value(2).toLongLong() });
    }
    query.finish();
    if (!db.commit()) {
        result.error = Text::tr("Could not commit the maintenance; nothing was changed: %1")
                           .arg(DatabaseConnection::describe(db.lastError()));
        result.steps.clear();
        return result;
    }
    result.ok = true;
    return result;
}

#include "simulationboard.h"

#include "databaseconnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <algorithm>

namespace {

QString failure(const char *what, const QSqlQuery &query)
{
    return QLatin1String(what) + QStringLiteral(": ")
        + DatabaseConnection::describe(query.lastError());
}

bool run(QSqlQuery &query, const QString &sql, const QVariantList &values = {})
{
    if (!query.prepare(sql))
        return false;
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

} // namespace

QString SimulationBoard::idArray(const QList<qint64> &ids)
{
    QString text;
    text.reserve(ids.size() * 8 + 2);
    text += QLatin1Char('{');
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i > 0)
            text += QLatin1Char(',');
        text += QString::number(ids.at(i));
    }
    text += QLatin1Char('}');
    return text;
}

bool SimulationBoard::isTrainingDatabase(QSqlDatabase db, QString *error)
{
    QSqlQuery query(db);
    if (!run(query,
             QStringLiteral("SELECT coalesce(bool_and(is_training), false)"
                            " FROM training_settings"))
        || !query.next()) {
        if (error)
            *error = failure("cannot read the training flag", query);
        return false;
    }
    return query.value(0).toBool();
}

QString SimulationBoard::markTrainingDatabase(QSqlDatabase db, bool training, const QString &who)
{
    QSqlQuery query(db);
    if (!run(query,
             QStringLiteral("UPDATE training_settings SET is_training = ?, marked_by = ?,"
                            " marked_at = now() WHERE is_training IS DISTINCT FROM ?"),
             { training, who, training }))
        return failure("cannot mark the training database", query);
    return {};
}

QString SimulationBoard::ensureDrivers(QSqlDatabase db, int lanes, QList<qint64> *ids,
                                       QStringList *names)
{
    QSqlQuery query(db);
    const QString name = QStringLiteral("format('Trainee %s', lpad(g::text, 2, '0'))");
    if (!run(query,
             QStringLiteral("INSERT INTO drivers (name, is_active)"
                            " SELECT %1, true FROM generate_series(1, ?) AS g"
                            " WHERE NOT EXISTS (SELECT 1 FROM drivers d"
                            "                    WHERE d.name = %1 AND d.is_active)")
                 .arg(name),
             { lanes }))
        return failure("cannot add the trainee drivers", query);
    if (!run(query,
             QStringLiteral("SELECT DISTINCT ON (g) d.id, d.name"
                            " FROM generate_series(1, ?) AS g"
                            " JOIN drivers d ON d.name = %1 AND d.is_active"
                            " ORDER BY g, d.id")
                 .arg(name),
             { lanes }))
        return failure("cannot read the trainee drivers", query);
    ids->clear();
    names->clear();
    while (query.next()) {
        ids->append(query.value(0).toLongLong());
        names->append(query.value(1).toString());
    }
    if (ids->size() != lanes)
        return QStringLiteral("expected %1 trainee drivers, found %2").arg(lanes).arg(ids->size());
    return {};
}

QString SimulationBoard::resetBoard(QSqlDatabase db, int orders, const QString &actor,
                                    QList<qint64> *ids)
{
    if (!db.transaction())
        return DatabaseConnection::describe(db.lastError());
    QSqlQuery query(db);
    const auto fail = [&](const char *what) {
        const QString error = failure(what, query);
        query.finish();
        db.rollback();
        return error;
    };
    if (!run(query,
             QStringLiteral("SELECT set_config('dispatch.source', 'simulation', true),"
                            " set_config('dispatch.actor', ?, true),"
                            " set_config('dispatch.reason', 'trainer: board reset', true)"),
             { actor }))
        return fail("cannot label the reset");
    if (!run(query,
             QStringLiteral("UPDATE orders SET is_active = false"
                            " WHERE pickup = ? AND status = 'ready' AND driver_id IS NULL"
                            "   AND is_active"),
             { trainerKitchen() }))
        return fail("cannot clear the old training board");
    if (!run(query,
             QStringLiteral("INSERT INTO orders (status, customer, pickup, dropoff, total,"
                            "                    ready_at)"
                            " SELECT 'ready', 'Training customer ' || g, ?,"
                            "        g || ' Practice Street', 10 + g % 30, now()"
                            " FROM generate_series(1, ?) AS g"
                            " ORDER BY g RETURNING id"),
             { trainerKitchen(), orders }))
        return fail("cannot add the training board");
    ids->clear();
    while (query.next())
        ids->append(query.value(0).toLongLong());
    std::sort(ids->begin(), ids->end());
    query.finish();
    if (!db.commit())
        return DatabaseConnection::describe(db.lastError());
    return {};
}

SimulationConsistency SimulationBoard::check(QSqlDatabase db, const QString &actorPrefix,
                                             qint64 attemptsMade, qint64 winsReported)
{
    SimulationConsistency result;
    result.attemptsMade = attemptsMade;
    result.winsReported = winsReported;
    QSqlQuery query(db);
    // The actor prefix names exactly this run: its lanes claim as "sim:<run>:lane-NN".
    const QString like = actorPrefix + QLatin1Char('%');
    if (!run(query,
             QStringLiteral(
                 "WITH a AS (SELECT count(*) AS attempts,"
                 "                  count(*) FILTER (WHERE outcome = 'ASSIGNED') AS wins"
                 "             FROM claim_attempts WHERE source = 'simulation' AND actor LIKE ?),"
                 " h AS (SELECT order_id, old_driver_id FROM order_history"
                 "        WHERE source = 'simulation' AND actor LIKE ? AND operation = 'UPDATE'"
                 "          AND new_status = 'driver_assigned' AND new_driver_id IS NOT NULL"
                 "          AND old_driver_id IS DISTINCT FROM new_driver_id),"
                 " per AS (SELECT order_id, count(*) AS n FROM h GROUP BY order_id)"
                 " SELECT a.attempts, a.wins, (SELECT count(*) FROM h),"
                 "        (SELECT count(*) FROM per), (SELECT count(*) FROM per WHERE n > 1),"
                 "        (SELECT count(*) FROM h WHERE old_driver_id IS NOT NULL)"
                 " FROM a"),
             { like, like })
        || !query.next()) {
        result.error = failure("cannot count the run", query);
        return result;
    }
    result.checked = true;
    result.attemptsRecorded = query.value(0).toLongLong();
    result.winsRecorded = query.value(1).toLongLong();
    result.assignments = query.value(2).toLongLong();
    result.ordersAssigned = query.value(3).toLongLong();
    result.ordersAssignedTwice = query.value(4).toLongLong();
    result.lostUpdates = query.value(5).toLongLong();
    return result;
}

#include "simulation/simulationboard.h"

#include "core/textinput.h"
#include "db/databaseconnection.h"
#include "db/statementcache.h"

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
    return TextInput::bigintArray(ids);
}

bool SimulationBoard::isTrainingDatabase(QSqlDatabase db, QString *error)
{
    QSqlQuery query = StatementCache::unnamed(db);
    if (!run(query,
             QStringLiteral("SELECT coalesce(bool_and(is_training), false) FROM training_settings"))
        || !query.next()) {
        if (error)
            *error = failure("cannot read the training flag", query);
        return false;
    }
    return query.value(0).toBool();
}

QString SimulationBoard::markTrainingDatabase(QSqlDatabase db, bool training, const QString &who)
{
    QSqlQuery query = StatementCache::unnamed(db);
    if (!run(query,
             QStringLiteral("UPDATE training_settings SET is_training = ?, marked_by = ?,"
                            " marked_at = now() WHERE is_training IS DISTINCT FROM ?"),
             { training, who, training }))
        return failure("cannot mark the training database", query);
    return {};
}

QString SimulationBoard::ensureDrivers(QSqlDatabase db, int lanes, QList<qint64> *ids,
                                       QStringList *names, int capacity)
{
    QSqlQuery query = StatementCache::unnamed(db);
    // sql/018: takes an inactive trainee of each name (never one with an API token, never
    // one another run is taking) and adds the missing ones, only on a training database.
    // Trainees are on shift with no capacity limit (sql/015) unless the scenario sets one:
    // a drain gives one lane far more than a real driver's three orders.
    if (!run(query,
             QStringLiteral("SELECT lane, driver_id, driver_name"
                            " FROM training_take_drivers(?, ?)"),
             { lanes, capacity }))
        return failure("cannot take the trainee drivers", query);
    ids->clear();
    names->clear();
    while (query.next()) {
        ids->append(query.value(1).toLongLong());
        names->append(query.value(2).toString());
    }
    if (ids->size() != lanes) {
        return QStringLiteral("expected %1 trainee drivers, found %2 (is this still a training"
                              " database?)")
            .arg(lanes)
            .arg(ids->size());
    }
    return {};
}

QString SimulationBoard::resetBoard(QSqlDatabase db, int orders, const QString &actor,
                                    QList<qint64> *ids)
{
    QSqlQuery query = StatementCache::unnamed(db);
    // sql/018, one transaction: leftover practice orders of a console killed mid-run go off
    // the board (only while no other trainer with this application_name is connected),
    // `orders` fresh ones come on, labelled "trainer: board reset" by actor.
    if (!run(query, QStringLiteral("SELECT training_reset_board(?, ?)"), { orders, actor }))
        return failure("cannot add the training board", query);
    ids->clear();
    while (query.next())
        ids->append(query.value(0).toLongLong());
    std::sort(ids->begin(), ids->end());
    query.finish();
    if (ids->size() != orders) {
        return QStringLiteral("expected %1 training orders, added %2 (is this still a training"
                              " database?)")
            .arg(orders)
            .arg(ids->size());
    }
    return {};
}

QString SimulationBoard::retire(QSqlDatabase db, const QList<qint64> &drivers,
                                const QList<qint64> &orders, const QString &actor)
{
    if (drivers.isEmpty() && orders.isEmpty())
        return {};
    QSqlQuery query = StatementCache::unnamed(db);
    // sql/018, one transaction: drivers before orders, each in id order (the lock order of
    // the claim functions); only rows that are still trainees and practice orders.
    if (!run(query,
             QStringLiteral("SELECT drivers_retired FROM training_retire(CAST(? AS bigint[]),"
                            " CAST(? AS bigint[]), ?)"),
             { idArray(drivers), idArray(orders), actor }))
        return failure("cannot take the trainees and the training board off", query);
    query.finish();
    return {};
}

SimulationConsistency SimulationBoard::check(QSqlDatabase db, const QString &actorPrefix,
                                             qint64 attemptsMade, qint64 winsReported)
{
    SimulationConsistency result;
    result.attemptsMade = attemptsMade;
    result.winsReported = winsReported;
    QSqlQuery query = StatementCache::unnamed(db);
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

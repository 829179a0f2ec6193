#include "simulation/simulationboard.h"

#include "core/textinput.h"
#include "db/databaseconnection.h"

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

// For a WHERE clause: true only on a training database (sql/007).
QString trainingFlag()
{
    return QStringLiteral("(SELECT coalesce(bool_and(is_training), false) FROM training_settings)");
}

// Names the rest of the transaction in order_history (source "simulation").
bool label(QSqlQuery &query, const QString &actor, const QString &reason)
{
    return run(query,
               QStringLiteral("SELECT set_config('dispatch.source', 'simulation', true),"
                              " set_config('dispatch.actor', ?, true),"
                              " set_config('dispatch.reason', ?, true)"),
               { actor, reason });
}

} // namespace

QString SimulationBoard::idArray(const QList<qint64> &ids)
{
    return TextInput::bigintArray(ids);
}

bool SimulationBoard::isTrainingDatabase(QSqlDatabase db, QString *error)
{
    QSqlQuery query(db);
    if (!run(query, QStringLiteral("SELECT ") + trainingFlag()) || !query.next()) {
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
                                       QStringList *names, int capacity)
{
    QSqlQuery query(db);
    // One statement: take an inactive trainee of each name (never one with an API token,
    // never one another run is taking), add the missing ones, all only if this is a
    // training database. Trainees are on shift with no capacity limit (sql/015) unless the
    // scenario sets one: a drain gives one lane far more than a real driver's three orders.
    if (!run(query,
             QStringLiteral(
                 "WITH wanted AS ("
                 "    SELECT g, format('Trainee %s', lpad(g::text, 2, '0')) AS name"
                 "      FROM generate_series(1, ?) AS g"
                 "     WHERE %1),"
                 " taken AS ("
                 "    UPDATE drivers d SET is_active = true, on_shift = true,"
                 "                         max_concurrent_orders = NULLIF(?, 0)"
                 "      FROM (SELECT w.g, free.id FROM wanted w"
                 "            CROSS JOIN LATERAL (SELECT x.id FROM drivers x"
                 "                                 WHERE x.name = w.name AND NOT x.is_active"
                 "                                   AND x.api_token_hash IS NULL"
                 "                                 ORDER BY x.id LIMIT 1"
                 "                                 FOR UPDATE SKIP LOCKED) AS free) AS pick"
                 "     WHERE d.id = pick.id"
                 " RETURNING pick.g, d.id, d.name),"
                 " added AS ("
                 "    INSERT INTO drivers (name, is_active, max_concurrent_orders)"
                 "    SELECT w.name, true, NULLIF(?, 0) FROM wanted w"
                 "     WHERE w.g NOT IN (SELECT g FROM taken)"
                 " RETURNING id, name)"
                 " SELECT g, id, name FROM taken"
                 " UNION ALL SELECT w.g, a.id, a.name FROM added a JOIN wanted w USING (name)"
                 " ORDER BY 1")
                 .arg(trainingFlag()),
             { lanes, capacity, capacity }))
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
    if (!db.transaction())
        return DatabaseConnection::describe(db.lastError());
    QSqlQuery query(db);
    const auto fail = [&](const char *what) {
        const QString error = failure(what, query);
        query.finish();
        db.rollback();
        return error;
    };
    if (!label(query, actor, QStringLiteral("trainer: board reset")))
        return fail("cannot label the reset");
    // Every run that ends retires its own board, so leftovers come from a console killed
    // mid-run. They are cleared only while no other trainer (a session with this one's
    // application_name) is connected, since another trainer's board may be live. Rows
    // another session is busy with (a claim, a retire) are skipped: they are about to
    // leave the board anyway.
    if (!run(query,
             QStringLiteral("UPDATE orders SET is_active = false"
                            " WHERE id IN (SELECT id FROM orders"
                            "               WHERE pickup = ? AND status = 'ready'"
                            "                 AND driver_id IS NULL AND is_active AND %1"
                            "               ORDER BY id FOR UPDATE SKIP LOCKED)"
                            "   AND NOT EXISTS (SELECT 1 FROM pg_stat_activity"
                            "                    WHERE datname = current_database()"
                            "                      AND application_name"
                            "                          = current_setting('application_name')"
                            "                      AND pid <> pg_backend_pid())")
                 .arg(trainingFlag()),
             { trainerKitchen() }))
        return fail("cannot clear the old training board");
    if (!run(query,
             QStringLiteral("INSERT INTO orders (status, customer, pickup, dropoff, total,"
                            "                    ready_at)"
                            " SELECT 'ready', 'Training customer ' || g, ?,"
                            "        g || ' Practice Street', 10 + g % 30, now()"
                            " FROM generate_series(1, ?) AS g"
                            " WHERE %1"
                            " ORDER BY g RETURNING id")
                 .arg(trainingFlag()),
             { trainerKitchen(), orders }))
        return fail("cannot add the training board");
    ids->clear();
    while (query.next())
        ids->append(query.value(0).toLongLong());
    std::sort(ids->begin(), ids->end());
    query.finish();
    if (ids->size() != orders) {
        db.rollback();
        return QStringLiteral("expected %1 training orders, added %2 (is this still a training"
                              " database?)")
            .arg(orders)
            .arg(ids->size());
    }
    if (!db.commit())
        return DatabaseConnection::describe(db.lastError());
    return {};
}

QString SimulationBoard::retire(QSqlDatabase db, const QList<qint64> &drivers,
                                const QList<qint64> &orders, const QString &actor)
{
    if (drivers.isEmpty() && orders.isEmpty())
        return {};
    if (!db.transaction())
        return DatabaseConnection::describe(db.lastError());
    QSqlQuery query(db);
    const auto fail = [&](const char *what) {
        const QString error = failure(what, query);
        query.finish();
        db.rollback();
        return error;
    };
    if (!label(query, actor, QStringLiteral("trainer: run ended")))
        return fail("cannot label the end of the run");
    // Drivers before orders, each in id order: the lock order of the claim functions.
    if (!run(query,
             QStringLiteral("UPDATE drivers SET is_active = false"
                            " WHERE id IN (SELECT id FROM drivers"
                            "               WHERE id = ANY(CAST(? AS bigint[])) AND is_active"
                            "                 AND starts_with(name, ?)"
                            "               ORDER BY id FOR UPDATE)"),
             { idArray(drivers), traineePrefix() }))
        return fail("cannot deactivate the trainee drivers");
    if (!run(query,
             QStringLiteral("UPDATE orders SET is_active = false"
                            " WHERE id IN (SELECT id FROM orders"
                            "               WHERE id = ANY(CAST(? AS bigint[])) AND is_active"
                            "                 AND pickup = ?"
                            "               ORDER BY id FOR UPDATE)"),
             { idArray(orders), trainerKitchen() }))
        return fail("cannot take the training board off");
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

#include "db/demodata.h"

#include "db/databaseconnection.h"
#include "db/statementcache.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace {

// A PostgreSQL array literal of plain words (no quotes or backslashes in these lists).
QString arrayLiteral(const QStringList &words)
{
    QStringList quoted;
    for (const QString &word : words)
        quoted << QLatin1Char('"') + word + QLatin1Char('"');
    return QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}');
}

const QStringList kFirstNames = {
    QStringLiteral("Amara"),  QStringLiteral("Ben"),     QStringLiteral("Chiara"),
    QStringLiteral("Dmitri"), QStringLiteral("Elif"),    QStringLiteral("Farid"),
    QStringLiteral("Grace"),  QStringLiteral("Hiro"),    QStringLiteral("Ines"),
    QStringLiteral("Jonas"),  QStringLiteral("Kemal"),   QStringLiteral("Lena"),
    QStringLiteral("Mateo"),  QStringLiteral("Nadia"),   QStringLiteral("Oskar"),
    QStringLiteral("Priya"),  QStringLiteral("Quentin"), QStringLiteral("Rosa"),
    QStringLiteral("Sven"),   QStringLiteral("Tariq"),   QStringLiteral("Uma"),
    QStringLiteral("Viktor"), QStringLiteral("Wen"),     QStringLiteral("Yusuf"),
    QStringLiteral("Zofia"),
};
const QStringList kLastNames = {
    QStringLiteral("Adeyemi"), QStringLiteral("Becker"),   QStringLiteral("Costa"),
    QStringLiteral("Dubois"),  QStringLiteral("Eriksen"),  QStringLiteral("Fischer"),
    QStringLiteral("García"),  QStringLiteral("Haddad"),   QStringLiteral("Ivanova"),
    QStringLiteral("Jensen"),  QStringLiteral("Kowalski"), QStringLiteral("López"),
    QStringLiteral("Müller"),  QStringLiteral("Nakamura"), QStringLiteral("O'Brien"),
    QStringLiteral("Petrov"),  QStringLiteral("Rossi"),    QStringLiteral("Schmidt"),
    QStringLiteral("Tanaka"),  QStringLiteral("Yilmaz"),
};
const QStringList kRestaurants = {
    QStringLiteral("Luigi's Trattoria"), QStringLiteral("Golden Wok"),
    QStringLiteral("Pho Saigon"),        QStringLiteral("Burger Barn"),
    QStringLiteral("Taqueria El Sol"),   QStringLiteral("Curry House"),
    QStringLiteral("Sakura Sushi"),      QStringLiteral("Green Bowl"),
    QStringLiteral("Falafel Corner"),    QStringLiteral("Pizza Napoli"),
    QStringLiteral("The Bagel Shop"),    QStringLiteral("Seoul Kitchen"),
};
const QStringList kStreets = {
    QStringLiteral("Market Street"), QStringLiteral("Elm Avenue"),
    QStringLiteral("Harbour Road"),  QStringLiteral("King's Way"),
    QStringLiteral("Mill Lane"),     QStringLiteral("Park Terrace"),
    QStringLiteral("Station Road"),  QStringLiteral("Church Street"),
    QStringLiteral("Oak Drive"),     QStringLiteral("River Walk"),
    QStringLiteral("Castle Hill"),   QStringLiteral("Garden Row"),
};

// How long each order has been ready, in seconds: a board as a dispatcher finds it, mostly
// fresh, a few amber past the board's default 10-minute limit, one or two red past twice
// that — not every order already overdue. Made 5–20 minutes before it was ready.
constexpr char kReadyAges[]
    = "SELECT g, CASE WHEN u < 0.70 THEN u / 0.70 * 360"
      "               WHEN u < 0.90 THEN 360 + (u - 0.70) / 0.20 * 240"
      "               WHEN u < 0.98 THEN 600 + (u - 0.90) / 0.08 * 600"
      "               ELSE 1200 + (u - 0.98) / 0.02 * 900 END AS age"
      " FROM (SELECT g, random() AS u FROM generate_series(1, ?) AS g) AS s";

QString pick(const char *array)
{
    return QStringLiteral("(%1)[1 + floor(random() * cardinality(%1))::int]")
        .arg(QLatin1String(array));
}

} // namespace

DemoData::Result DemoData::seed(QSqlDatabase db, int drivers, int readyOrders, quint32 randomSeed)
{
    Result result;
    if (drivers < 0 || readyOrders < 0 || drivers > 100000 || readyOrders > 10000000) {
        result.error
            = QStringLiteral("demo data sizes must be 0–100000 drivers and 0–10000000 orders");
        return result;
    }
    QSqlQuery query = StatementCache::unnamed(db);
    const auto fail = [&](const char *what) {
        result.error = QLatin1String(what) + QStringLiteral(": ")
            + DatabaseConnection::describe(query.lastError());
        db.rollback();
        return result;
    };
    if (!db.transaction()) {
        result.error = DatabaseConnection::describe(db.lastError());
        return result;
    }
    query.prepare(QStringLiteral("SELECT setseed(?)"));
    query.addBindValue(double(randomSeed % 1000000) / 1000000.0);
    if (!query.exec())
        return fail("could not seed the random generator");

    // Names as array literals bound as text: never spliced into the SQL.
    const QString names = QStringLiteral("CAST(? AS text[])");
    query.prepare(QStringLiteral("SELECT set_config('dispatch.source', 'console', true),"
                                 " set_config('dispatch.actor', 'demo data', true)"));
    if (!query.exec())
        return fail("could not label the demo data");

    query.prepare(QStringLiteral("WITH n AS (SELECT %1 AS first, %1 AS last)"
                                 " INSERT INTO drivers (name, phone, is_active)"
                                 " SELECT %2 || ' ' || %3,"
                                 "        '+1 555 ' || lpad((100 + g)::text, 4, '0'),"
                                 "        g % 10 NOT IN (3, 7)"
                                 " FROM n, generate_series(1, ?) AS g")
                      .arg(names, pick("n.first"), pick("n.last")));
    query.addBindValue(arrayLiteral(kFirstNames));
    query.addBindValue(arrayLiteral(kLastNames));
    query.addBindValue(drivers);
    if (!query.exec())
        return fail("could not add demo drivers");
    result.driversAdded = query.numRowsAffected();

    query.prepare(
        QStringLiteral(
            "WITH n AS (SELECT %1 AS first, %1 AS last, %1 AS places, %1 AS streets)"
            " INSERT INTO orders (status, customer, pickup, dropoff, total, created_at, ready_at,"
            "                     promised_at, customer_phone, notes, items)"
            " SELECT 'ready', %2 || ' ' || %3, %4,"
            "        (1 + floor(random() * 240))::int || ' ' || %5,"
            "        round((8 + random() * 72)::numeric, 2),"
            "        c.created_at,"
            "        now() - make_interval(secs => r.age),"
            // Promised 40 to 55 minutes after the order: most have time left, a few are close.
            "        c.created_at + make_interval(secs => 2400 + random() * 900),"
            "        '+1 555 ' || lpad((1000 + r.g % 9000)::text, 4, '0'),"
            "        CASE r.g % 7 WHEN 0 THEN 'Ring twice, baby sleeping'"
            "                     WHEN 3 THEN 'Leave at the door' END,"
            "        jsonb_build_array(jsonb_build_object('name', 'Menu ' || (1 + r.g % 12),"
            "                                             'qty', 1 + r.g % 3))"
            " FROM n, (%6) AS r,"
            "      LATERAL (SELECT now() - make_interval(secs => r.age + 300 + random() * 900)"
            "                      AS created_at) AS c")
            .arg(names, pick("n.first"), pick("n.last"), pick("n.places"), pick("n.streets"),
                 QLatin1String(kReadyAges)));
    query.addBindValue(arrayLiteral(kFirstNames));
    query.addBindValue(arrayLiteral(kLastNames));
    query.addBindValue(arrayLiteral(kRestaurants));
    query.addBindValue(arrayLiteral(kStreets));
    query.addBindValue(readyOrders);
    if (!query.exec())
        return fail("could not add demo orders");
    result.ordersAdded = query.numRowsAffected();

    if (!db.commit()) {
        result.error = DatabaseConnection::describe(db.lastError());
        return result;
    }
    result.ok = true;
    return result;
}

DemoData::Result DemoData::startDeliveries(QSqlDatabase db, int count)
{
    Result result;
    QSqlQuery query = StatementCache::unnamed(db);
    // New orders (the ready board keeps its count), claimed and moved along through the same
    // functions as every console and driver app, so their history is the real one.
    query.prepare(QStringLiteral(
        "WITH d AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS c"
        "             FROM drivers WHERE is_active AND on_shift),"
        " o AS (INSERT INTO orders (status, customer, pickup, dropoff, total, created_at,"
        "                           ready_at, promised_at, customer_phone, notes, items)"
        "       SELECT 'ready', 'Delivery ' || g, 'Trattoria Roma', g * 7 || ' Elm Street', 24.50,"
        "              now() - interval '30 minutes', now() - interval '10 minutes',"
        "              now() + make_interval(secs => (ARRAY[1500, 900, 420, -240, 1800, 600])"
        "                                              [1 + (g - 1) % 6]),"
        "              '+1 555 01' || lpad(g::text, 2, '0'), 'Call on arrival',"
        "              '[{\"name\": \"Margherita\", \"qty\": 2}]'::jsonb"
        "         FROM generate_series(1, ?) AS g"
        "       RETURNING id)"
        " SELECT o.id, d.id, row_number() OVER (ORDER BY o.id) - 1"
        "   FROM o JOIN d ON d.k = (SELECT count(*) FROM o o2 WHERE o2.id < o.id) % d.c"
        "  ORDER BY o.id"));
    query.addBindValue(count);
    if (!query.exec()) {
        result.error = DatabaseConnection::describe(query.lastError());
        return result;
    }
    struct Pick
    {
        qint64 order;
        qint64 driver;
        int k;
    };
    QList<Pick> picks;
    while (query.next())
        picks.append(
            { query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toInt() });
    for (const Pick &pick : std::as_const(picks)) {
        QSqlQuery step = StatementCache::unnamed(db);
        step.prepare(
            QStringLiteral("SELECT outcome FROM claim_order(?, ?, 'console', 'demo data')"));
        step.addBindValue(pick.order);
        step.addBindValue(pick.driver);
        if (!step.exec())
            continue;
        // Two stay assigned, the others are picked up, every second one of those on its way.
        for (const char *name : { "pickup", "transit" }) {
            if (pick.k < 2 || (QLatin1String(name) == QLatin1String("transit") && pick.k % 2))
                break;
            step.prepare(QStringLiteral("SELECT outcome FROM advance_order(?, ?, ?, 'console',"
                                        " 'demo data')"));
            step.addBindValue(pick.order);
            step.addBindValue(pick.driver);
            step.addBindValue(QString::fromLatin1(name));
            step.exec();
        }
        ++result.ordersAdded;
    }
    result.ok = true;
    return result;
}
